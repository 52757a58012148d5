"""``scaffold mcp``: the vault's notes for AI agents over the Model Context Protocol."""
