"""Built-in entity-type templates (installed as ``scaffold.builtin_templates``).

Each folder with a ``questions.yaml`` is a type; ``base`` is the layout they extend.
See docs/templates.md.
"""
