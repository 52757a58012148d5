"""Notes as files of one vault: find a note by name or vault-relative path without leaving
the vault, edit it and say what changed (the diff, the cursor, a type change), list its
addresses, and find the address at a position. The front ends that serve a whole vault
(``scaffold mcp``) call these through :mod:`scaffold.api`."""
