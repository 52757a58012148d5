"""The body scanner: markdown text to sections, tables, blocks and inline spans."""
