"""The shape of a rule: a stable code, a name, a default severity and a one-line doc."""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.check.diagnostic import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One check. Its code never changes once released (configs and ignores name it)."""

    code: str
    """``F001``: the family's letter and a number."""
    name: str
    """A kebab-case name, accepted wherever a code is (``--ignore broken-link``)."""
    severity: Severity
    """The default; a vault config may change it per code."""
    summary: str
    """One line: what the rule reports (the README's table and ``check --list-rules``)."""
    fixable: bool = False
    """Whether its diagnostics carry fixes (editor quick fixes)."""
    needs_type: bool = False
    """Whether it only runs on notes whose ``type:`` names a known entity type."""

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")
