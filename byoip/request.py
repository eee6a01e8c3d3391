"""The request: the five items AWS asks for, as the person typed them.

Values are plain strings; the rules in ``byoip.fields`` say whether they are
valid and what their normal form is.  The order of ``FIELDS`` is the order of
the AWS page (and of the email body).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

#: The five items, in the order the AWS page lists them.
FIELDS: tuple[str, ...] = ("account_id", "region", "use_case", "ip_range", "registry")

#: How each field is named to a person (labels, email body).
FIELD_LABELS: dict[str, str] = {
    "account_id": "AWS account ID",
    "region": "AWS Region",
    "use_case": "Use case",
    "ip_range": "IP range",
    "registry": "Internet registry",
}

#: What AWS will want to read in the use case (the rule in ``byoip.fields`` names them when
#: it is too short; the wizard lists them beside the editor).
USE_CASE_TOPICS = (
    "the kind of mail (transactional, marketing …)",
    "monthly volume",
    "the IPs you send from today",
    "why you want to bring your own range",
)


@dataclass(frozen=True, slots=True)
class Request:
    account_id: str = ""
    region: str = ""
    use_case: str = ""
    ip_range: str = ""
    registry: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Request:
        """Build from a mapping, keeping only the five keys (missing ones are empty)."""
        return cls(**{name: _as_text(data.get(name, "")) for name in FIELDS})

    def with_field(self, name: str, value: str) -> Request:
        if name not in FIELDS:
            raise KeyError(name)
        return replace(self, **{name: value})


def _as_text(value: object) -> str:
    return "" if value is None else str(value)
