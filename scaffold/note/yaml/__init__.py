"""The YAML readers: the frontmatter block, its nodes (fast flat reader, ruamel for the rest)."""
