"""``scaffold lsp``: the language server (the only package that imports pygls)."""
