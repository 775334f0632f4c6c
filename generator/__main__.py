"""``python -m generator`` runs the ``seamgen`` command."""

import sys

from generator.cli import main

sys.exit(main())
