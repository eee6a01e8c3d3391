"""Settings: built-in defaults, then a config file, then environment variables.

Command-line flags override all three (``Settings.with_overrides``); reading a file
or a variable (types, limits, the sentence for each mistake) is ``byoip.config.sources``,
loaded only when there is one to read.  The app must start with no config file and no
network, so every default here works offline.  Every network knob lives here so tests
can point each one at a server on 127.0.0.1.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "ses-byoip"
ENV_PREFIX = "SES_BYOIP_"

DEFAULT_ZONES: tuple[str, ...] = (
    "zen.spamhaus.org",
    "b.barracudacentral.org",
    "bl.spamcop.net",
    "psbl.surriel.com",
    "bl.mailspike.net",
)

#: RIPEstat's Data API (docs/SOURCES.md): ``<base><call>/data.json?...``.
DEFAULT_ROUTING_URL = "https://stat.ripe.net/data/"


class ConfigError(Exception):
    """A config file or variable that can't be used; the message is one sentence for the user."""


def default_config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def default_drafts_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME) / "drafts"


def default_cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME)


@dataclass(frozen=True)
class Pricing:
    """The per-IP monthly price the cost preview uses, with where it comes from."""

    per_ip_month_usd: float = 24.95
    source: str = (
        "standard dedicated IP rate, us-east-1, from third-party copies of the AWS price "
        "list (no BYOIP rate published)"
    )
    date: str = "2026-07"
    #: True while the price is not confirmed by AWS's own pricing page.
    assumption: bool = True


@dataclass(frozen=True)
class Settings:
    drafts_dir: Path = field(default_factory=default_drafts_dir)
    cache_dir: Path = field(default_factory=default_cache_dir)
    # RDAP: one base URL that replaces every RIR's (proxies, mirrors, tests).
    rdap_base_url: str | None = None
    rdap_timeout: float = 5.0
    rdap_retries: int = 1
    rdap_cache_ttl: float = 24 * 3600.0
    # Routing (ROAs and announcements): a RIPEstat-shaped Data API; a mirror or a
    # test server can stand in.  An hour's cache: people re-check after creating a ROA.
    #: False: never ask the routing source (the wizard, ``lookup``, ``check --online`` and
    #: the drafts re-check skip the check, like ``lookup --no-routing``).
    routing_enabled: bool = True
    routing_base_url: str = DEFAULT_ROUTING_URL
    routing_timeout: float = 5.0
    routing_retries: int = 1
    routing_cache_ttl: float = 3600.0
    # DNS blocklists: None means the system's resolver; otherwise "host[:port]".
    resolver: str | None = None
    dns_timeout: float = 2.0
    dns_concurrency: int = 200
    dns_deadline: float = 30.0
    zones: tuple[str, ...] = DEFAULT_ZONES
    spamhaus_dqs_key: str | None = None
    #: Ranges with more addresses than this need an explicit yes before a sweep.
    sweep_confirm_above: int = 4096
    pricing: Pricing = field(default_factory=Pricing)
    #: Who signs the email to AWS, unless a record names its own ``[sender]``.
    sender_name: str | None = None
    sender_organization: str | None = None
    # ``ses-byoip serve``: loopback only unless the person opens it to a network.
    serve_host: str = "127.0.0.1"
    #: 0 picks a free port (the start line says which).
    serve_port: int = 8000
    #: Simultaneous browser sessions (one app process each); more get a "come back" page.
    serve_max_sessions: int = 8
    # The journey after the email (byoip.journey).  AWS's page gives neither a time zone
    # nor a calendar for its "48 business hours": the country whose public holidays are
    # skipped (ISO 3166 code, as the ``holidays`` library names them) is an assumption
    # the person can change; "" skips weekends only.
    holiday_country: str = "US"
    holiday_subdivision: str | None = None
    #: Lookups (registration, reputation) older than this many days don't count as fresh.
    lookup_max_age_days: float = 7.0
    #: Where these settings were read from (None: built-in defaults only).
    config_path: Path | None = None

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values are ignored (flag not given)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(
    config_path: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults <- config file <- environment.

    ``config_path`` defaults to ``$SES_BYOIP_CONFIG`` or the per-user config
    folder; a missing file is fine, a damaged one raises ConfigError.
    """
    env = os.environ if env is None else env
    from_env = env.get(f"{ENV_PREFIX}CONFIG")
    explicit = config_path or (Path(from_env) if from_env else None)
    path = explicit or default_config_path()
    variables = any(name.startswith(ENV_PREFIX) for name in env)
    if explicit is None and not variables and not path.exists():
        return Settings()  # the usual start: no file, no variable, the built-in defaults
    # Reading them (types, limits, a sentence for each mistake) loads only when needed.
    from byoip.config.sources import read_settings

    # A file named explicitly (flag or $SES_BYOIP_CONFIG) must exist; the default one may not.
    return read_settings(path, env, missing_ok=explicit is None)
