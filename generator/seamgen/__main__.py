"""``python -m seamgen`` runs the ``seamgen`` command."""

import sys

from seamgen.cli import main

sys.exit(main())
