"""Interoperation with other tools' note models (python-frontmatter)."""
