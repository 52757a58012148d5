"""The rule families, one module each; :mod:`scaffold.check.registry` lists them."""
