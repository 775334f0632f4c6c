"""seamgen: one hand-written OpenAPI document in, typed Python client and docs out.

The pipeline is load (``loader``) -> validate (``lint``) -> build the intermediate model
(``build`` into ``ir``) -> render templates (``render``) -> write atomically (``writer``).
``pipeline`` strings the steps together and ``cli`` exposes them as the ``seamgen`` command.
"""

__version__ = "0.1.0"
