"""Metrics as data: a field's history as a dated series (``scaffold history``) and charts of
it (``scaffold chart``). Numbers are read by :mod:`scaffold.note.metric`, dates by
:mod:`scaffold.note.dates`, the history table by :mod:`scaffold.types.series`."""
