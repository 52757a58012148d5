"""``scaffold migrate``: bring a type's notes up to its current version, step by declared
step, through the bulk runner (plan, journal, write, undo)."""
