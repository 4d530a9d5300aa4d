"""The ``descenso`` command line (the top layer: it may import every other layer)."""
