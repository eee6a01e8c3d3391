"""The cost preview: addresses in the range × the per-IP monthly price.

The price is data with its source and date (``settings.pricing``, overridable
in the config file or ``$SES_BYOIP_PRICE_PER_IP``).  The default is an
assumption and the preview says so: the SES BYOIP page says only "There is a
monthly charge for each IP address that you use with BYOIP" and points to
https://aws.amazon.com/ses/pricing/; no per-IP BYOIP rate was found there or
elsewhere, so the standard dedicated IP rate (USD 24.95, us-east-1, as copied
from the AWS price list by third parties, 2026-07) stands in.  Whether every
address of the range is billed, used or not, the page does not say: the
preview assumes it and says so.  Money is computed in ``Decimal`` so a
/24 at 24.95 is exactly 6,387.20.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from byoip.config import Pricing
from byoip.fields import parse_ipv4_range

MONTHS_PER_YEAR = 12
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostPreview:
    addresses: int
    per_ip: Decimal
    monthly: Decimal
    yearly: Decimal
    source: str
    date: str
    #: True while the price is not confirmed by AWS's own pricing page.
    assumption: bool
    #: One sentence on what is billed (the whole range).
    note: str

    def lines(self) -> list[str]:
        """The preview as short lines of plain text (panels, the CLI)."""
        estimate = "Estimate" if self.assumption else "At your price"
        lines = [
            f"{self.addresses:,} addresses × {format_usd(self.per_ip)} per IP per month",
            f"{estimate}, monthly: {format_usd(self.monthly)}",
            f"{estimate}, yearly: {format_usd(self.yearly)}",
            self.note,
            f"Price: {self.source}" + (f" ({self.date})" if self.date else " (no date given)"),
        ]
        if self.assumption:
            lines.append(
                "Assumption: AWS's SES page gives no BYOIP rate (aws.amazon.com/ses/pricing/ "
                "is the page it names), so this is the standard dedicated IP rate; set "
                "AWS's price under [pricing] in the config file."
            )
        return lines

    def to_dict(self) -> dict[str, object]:
        """For the record's ``[cost]`` table (TOML floats, 2 decimals)."""
        return {
            "addresses": self.addresses,
            "per_ip_month_usd": float(self.per_ip),
            "monthly_usd": float(self.monthly),
            "yearly_usd": float(self.yearly),
            "source": self.source,
            "date": self.date,
            "assumption": self.assumption,
        }


def format_usd(amount: Decimal) -> str:
    return f"USD {amount.quantize(_CENT, rounding=ROUND_HALF_UP):,.2f}"


def cost_preview(
    ip_range: str | ipaddress.IPv4Network, pricing: Pricing | None = None
) -> CostPreview | None:
    """The preview for ``ip_range`` (host bits ignored), or None when it isn't an IPv4 range."""
    pricing = pricing or Pricing()
    network = (
        ip_range if isinstance(ip_range, ipaddress.IPv4Network) else parse_ipv4_range(ip_range)
    )
    if network is None:
        return None
    # str() first: a float such as 24.95 becomes exactly 24.95, not its binary neighbour.
    per_ip = Decimal(str(pricing.per_ip_month_usd))
    addresses = network.num_addresses
    monthly = (per_ip * addresses).quantize(_CENT, rounding=ROUND_HALF_UP)
    yearly = (monthly * MONTHS_PER_YEAR).quantize(_CENT, rounding=ROUND_HALF_UP)
    return CostPreview(
        addresses=addresses,
        per_ip=per_ip,
        monthly=monthly,
        yearly=yearly,
        source=pricing.source,
        date=pricing.date,
        assumption=pricing.assumption,
        note=(
            f"Per address of the whole range: assumes all {addresses:,} addresses of {network} "
            "are billed; AWS's page says \"There is a monthly charge for each IP address that "
            'you use with BYOIP" and that the entire range is transferred, not whether '
            "unused addresses count."
        ),
    )
