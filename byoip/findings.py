"""Findings: the one shape every rule and lookup reports in.

A finding names the field it is about, how serious it is, a stable code that
tests and scripts can rely on, and one sentence that says what is wrong and
how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from byoip.text import clean_text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: Sort order: errors first.
SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    field: str
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        # A message quotes what came from outside (a saved lookup in a draft file, an
        # RDAP answer, a path): cleaned here, every finding is safe wherever it is shown.
        object.__setattr__(self, "message", clean_text(self.message, None, keep_newlines=True))

    def to_dict(self) -> dict[str, str]:
        # Spelled out: ``dataclasses.asdict`` deep-copies every value, a tenth of
        # ``check --json`` for 1,000 records.
        return {
            "field": self.field,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Finding:
        return cls(
            field=str(data["field"]),
            severity=Severity(str(data["severity"])),
            code=str(data["code"]),
            message=str(data["message"]),
        )


def error(field: str, code: str, message: str) -> Finding:
    return Finding(field, Severity.ERROR, code, message)


def warning(field: str, code: str, message: str) -> Finding:
    return Finding(field, Severity.WARNING, code, message)


def info(field: str, code: str, message: str) -> Finding:
    return Finding(field, Severity.INFO, code, message)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The most serious severity among ``findings`` (None when there are none)."""
    ranked = sorted((f.severity for f in findings), key=SEVERITY_RANK.__getitem__)
    return ranked[0] if ranked else None


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.field, f.code))
