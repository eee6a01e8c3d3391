"""F1's content (byoip.help): AWS's words verbatim with their source, then ours (issue 18)."""

from __future__ import annotations

import re

import pytest

from byoip.help import IF_IT_FAILS, SES_GUIDE, quotes, step_help
from byoip.requirements import REQUIREMENTS
from tests.support.paths import REFERENCE_DIR

STEPS = ("account_id", "region", "use_case", "ip_range", "registry", "proof", "review")


def guide_text() -> str:
    path = REFERENCE_DIR / "ses-byoip-user-guide.md"
    if not path.exists():
        pytest.skip(f"{path} is not here (the reference folder is outside the repository)")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"<a name=[^>]*></a>", "", text)
    return " ".join(text.replace("\\", "").split())


def test_every_aws_quote_is_verbatim_from_the_guide() -> None:
    guide = guide_text()
    for quote in quotes():
        for piece in quote.split("[…]"):
            piece = " ".join(piece.split())
            assert piece in guide, piece


def test_every_step_has_the_item_aws_asks_for_and_ours_on_it() -> None:
    for step in STEPS:
        help_ = step_help(step)
        assert help_.asks and help_.why and help_.checks and help_.if_it_fails, step


def test_every_requirement_is_explained_once_with_what_to_do_when_it_fails() -> None:
    shown = [section.title for step in STEPS for section in step_help(step).sections]
    assert sorted(shown) == sorted(r.title for r in REQUIREMENTS)
    assert set(IF_IT_FAILS) == {r.id for r in REQUIREMENTS}
    for step in STEPS:
        for section in step_help(step).sections:
            assert section.why and section.checks and section.if_it_fails
            assert section.source == SES_GUIDE


def test_a_rule_not_on_the_ses_page_is_never_shown_as_aws_words() -> None:
    roa = next(s for s in step_help("proof").sections if s.title == "ROA authorizes AWS")
    assert roa.aws_quote is None
    assert "our summary" in roa.our_summary


def test_the_range_step_explains_the_prefix_and_the_history() -> None:
    titles = [section.title for section in step_help("ip_range").sections]
    assert titles == ["Clean history", "/24 or larger"]
