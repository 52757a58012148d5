"""``scaffold check``: diagnostics as values, from rules kept in a registry."""
