"""Metrics as data: a field's history as a dated series (``scaffold history``) and charts of
it (``scaffold chart``). Numbers are read by :mod:`scaffold.note.values.metric`, dates by
:mod:`scaffold.note.values.dates`, the history table by :mod:`scaffold.entities.series`."""
