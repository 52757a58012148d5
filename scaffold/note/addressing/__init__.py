"""Addresses: their syntax, resolving one in a note, finding names, every place of a note."""
