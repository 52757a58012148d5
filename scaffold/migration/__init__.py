"""The migration of one note: a type's steps applied in order through the edit engine.

Below the features, so that ``scaffold migrate`` (many notes, through the bulk runner) and
``scaffold check``'s M001 fix (one note, in the editor) make the very same edits.
"""
