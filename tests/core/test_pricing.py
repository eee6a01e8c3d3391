"""The cost preview: exact money, the source and date, the whole range billed."""

from __future__ import annotations

import ipaddress
from decimal import Decimal

from byoip.config import Pricing, load_settings
from byoip.pricing import cost_preview, format_usd


def test_default_price_for_a_24_matches_facts() -> None:
    preview = cost_preview("193.0.0.0/24")
    assert preview is not None
    assert preview.addresses == 256
    assert preview.per_ip == Decimal("24.95")
    assert preview.monthly == Decimal(
        "6387.20"
    )  # 256 × 24.95, the default price (byoip.config.Pricing)
    assert preview.yearly == Decimal("76646.40")
    assert preview.assumption and preview.date == "2026-07"
    # What the source says, and what is assumed beyond it, are told apart.
    assert "Per address of the whole range" in preview.note and "256" in preview.note
    assert "not whether unused addresses count" in preview.note
    text = "\n".join(preview.lines())
    assert "Estimate, monthly: USD 6,387.20" in text and "Assumption:" in text
    assert "2026-07" in text and "standard dedicated IP rate" in text


def test_size_follows_the_prefix() -> None:
    for prefix, addresses in ((24, 256), (23, 512), (20, 4096), (16, 65536)):
        preview = cost_preview(f"193.0.0.0/{prefix}")
        assert preview is not None and preview.addresses == addresses
        assert preview.monthly == Decimal("24.95") * addresses
    preview = cost_preview(ipaddress.IPv4Network("193.0.0.0/22"))
    assert preview is not None and preview.addresses == 1024


def test_price_from_config_file_is_used_and_not_an_assumption(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    config.write_text(
        '[pricing]\nper_ip_month_usd = 10.5\nsource = "our AWS contract"\ndate = "2026-10"\n'
    )
    pricing = load_settings(config).pricing
    preview = cost_preview("193.0.0.0/24", pricing)
    assert preview is not None
    assert preview.monthly == Decimal("2688.00") and preview.yearly == Decimal("32256.00")
    assert preview.source == "our AWS contract" and not preview.assumption
    assert not any("Assumption" in line for line in preview.lines())
    assert "At your price, monthly: USD 2,688.00" in preview.lines()


def test_unreadable_range_has_no_preview() -> None:
    assert cost_preview("") is None and cost_preview("2001:db8::/32") is None
    assert cost_preview("nonsense", Pricing()) is None


def test_to_dict_fits_the_cost_table() -> None:
    preview = cost_preview("193.0.0.0/24")
    assert preview is not None
    data = preview.to_dict()
    assert data["monthly_usd"] == 6387.2 and data["addresses"] == 256
    assert format_usd(Decimal("1234.5")) == "USD 1,234.50"
