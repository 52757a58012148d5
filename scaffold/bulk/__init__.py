"""Bulk updates across a vault: ``scaffold update``, ``export``, ``undo`` and ``runs``.

The flow is plan, then write. Every named note is read, edited and verified in memory
(:mod:`~scaffold.bulk.planner`, spread over processes by :mod:`~scaffold.bulk.parallel`); the
old bytes of every note that will change are recorded in an undo journal
(:mod:`~scaffold.bulk.journal`); only then is each note written through the one write path
(:mod:`scaffold.vault.changes`). Input readers live in :mod:`~scaffold.bulk.inputs`, the
``--where`` grammar in :mod:`~scaffold.bulk.select`, the read side in
:mod:`~scaffold.bulk.export`.
"""
