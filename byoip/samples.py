"""Where the shipped sample requests and their recorded lookups are.

The top-level ``sample_requests/`` folder is installed as package data at
``byoip/sample_requests`` (pyproject.toml), and a source checkout links it there
too, so ``importlib.resources`` finds it the same way from a wheel, a pipx or
uv tool install, or an editable checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The sample requests (``*.toml``) and the folders of samples that go together.
SAMPLES_DIR = Path(str(files("byoip").joinpath("sample_requests")))
#: Recorded RDAP answers, replayed by ``byoip.rdap.RecordedFetcher`` (demo, ``--rdap-recordings``).
RDAP_RECORDINGS = SAMPLES_DIR / "recordings" / "rdap"
#: Recorded blocklist answers, replayed by ``byoip.reputation.RecordedResolver``.
DNSBL_RECORDINGS = SAMPLES_DIR / "recordings" / "dnsbl"
#: Recorded routing answers (ROAs, announcements), replayed by
#: ``byoip.routing.RecordedRoutingFetcher`` (demo, ``--routing-recordings``).
ROUTING_RECORDINGS = SAMPLES_DIR / "recordings" / "routing"
