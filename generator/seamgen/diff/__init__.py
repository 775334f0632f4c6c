"""``seamgen diff``: the changes between two versions of a spec, each rated by whom it breaks.

``sources`` reads each side (a file, or a file at a git revision), ``operations`` and ``schemas``
walk the two documents side by side, and ``findings`` prints what they found.
"""
