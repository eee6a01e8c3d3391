"""Settings from a config file and the environment: their types, limits and mistakes.

``byoip.config.load_settings`` calls this only when there is a file or a
``SES_BYOIP_`` variable to read (the usual start has neither).  Every value is
checked against the field's type and the knob's limits; a wrong one raises
``ConfigError`` with one sentence naming the file and key, or the variable.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from byoip.config import ENV_PREFIX, ConfigError, Pricing, Settings

_HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")

#: A config file is a few hundred bytes; anything this big is not one.
MAX_CONFIG_BYTES = 2**20

# (section, key in the file) -> Settings field, and the environment variable for it.
_FILE_KEYS: dict[tuple[str | None, str], str] = {
    (None, "drafts_dir"): "drafts_dir",
    (None, "cache_dir"): "cache_dir",
    ("rdap", "base_url"): "rdap_base_url",
    ("rdap", "timeout"): "rdap_timeout",
    ("rdap", "retries"): "rdap_retries",
    ("rdap", "cache_ttl"): "rdap_cache_ttl",
    ("routing", "enabled"): "routing_enabled",
    ("routing", "base_url"): "routing_base_url",
    ("routing", "timeout"): "routing_timeout",
    ("routing", "retries"): "routing_retries",
    ("routing", "cache_ttl"): "routing_cache_ttl",
    ("dnsbl", "resolver"): "resolver",
    ("dnsbl", "timeout"): "dns_timeout",
    ("dnsbl", "concurrency"): "dns_concurrency",
    ("dnsbl", "deadline"): "dns_deadline",
    ("dnsbl", "zones"): "zones",
    ("dnsbl", "spamhaus_dqs_key"): "spamhaus_dqs_key",
    ("dnsbl", "confirm_above"): "sweep_confirm_above",
    ("sender", "name"): "sender_name",
    ("sender", "organization"): "sender_organization",
    ("serve", "host"): "serve_host",
    ("serve", "port"): "serve_port",
    ("serve", "max_sessions"): "serve_max_sessions",
    ("journey", "holiday_country"): "holiday_country",
    ("journey", "holiday_subdivision"): "holiday_subdivision",
    ("journey", "lookup_max_age_days"): "lookup_max_age_days",
}

_ENV_KEYS: dict[str, str] = {
    "DRAFTS_DIR": "drafts_dir",
    "CACHE_DIR": "cache_dir",
    "RDAP_URL": "rdap_base_url",
    "RDAP_TIMEOUT": "rdap_timeout",
    "RDAP_RETRIES": "rdap_retries",
    "RDAP_CACHE_TTL": "rdap_cache_ttl",
    "ROUTING_ENABLED": "routing_enabled",
    "ROUTING_URL": "routing_base_url",
    "ROUTING_TIMEOUT": "routing_timeout",
    "ROUTING_RETRIES": "routing_retries",
    "ROUTING_CACHE_TTL": "routing_cache_ttl",
    "RESOLVER": "resolver",
    "DNS_TIMEOUT": "dns_timeout",
    "DNS_CONCURRENCY": "dns_concurrency",
    "DNS_DEADLINE": "dns_deadline",
    "ZONES": "zones",
    "DQS_KEY": "spamhaus_dqs_key",
    "CONFIRM_ABOVE": "sweep_confirm_above",
    "SENDER_NAME": "sender_name",
    "SENDER_ORGANIZATION": "sender_organization",
    "PRICE_PER_IP": "pricing.per_ip_month_usd",
    "SERVE_HOST": "serve_host",
    "SERVE_PORT": "serve_port",
    "SERVE_MAX_SESSIONS": "serve_max_sessions",
    "HOLIDAY_COUNTRY": "holiday_country",
    "HOLIDAY_SUBDIVISION": "holiday_subdivision",
    "LOOKUP_MAX_AGE_DAYS": "lookup_max_age_days",
}

# The numbers each knob accepts (inclusive).  A value outside them is a typo, and some
# would hang a command (a million retries) or turn off a safeguard without saying so.
_LIMITS: dict[str, tuple[float, float]] = {
    "rdap_timeout": (0.05, 300),
    "rdap_retries": (0, 10),
    "rdap_cache_ttl": (0, 365 * 24 * 3600),
    "routing_timeout": (0.05, 300),
    "routing_retries": (0, 10),
    "routing_cache_ttl": (0, 365 * 24 * 3600),
    "dns_timeout": (0.01, 60),
    "dns_concurrency": (1, 10_000),
    # 0 means no overall deadline.
    "dns_deadline": (0, 24 * 3600),
    "sweep_confirm_above": (0, 2**32),
    "pricing.per_ip_month_usd": (0, 1_000_000),
    "serve_port": (0, 65535),
    "serve_max_sessions": (1, 1000),
    "lookup_max_age_days": (0, 3650),
}


def http_url_problem(raw: str) -> str | None:
    """Why ``raw`` is not an http(s) URL with a host (a short reason), or None if it is one."""
    try:
        parts = urllib.parse.urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError for a port that isn't a number
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https"):
        return "it does not start with http:// or https://"
    if not parts.hostname:
        return "it names no host"
    return None


def host_problem(raw: str) -> str | None:
    """Why ``raw`` can't be an address to listen on (a short reason), or None if it can."""
    if not raw:
        return "no address given; use 127.0.0.1 (this computer only) or 0.0.0.0 (every network)"
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        # Not an IP address: a host name such as localhost or trainer-laptop.local.
        labels = raw.rstrip(".").split(".")
        if not all(label and len(label) <= 63 and _HOST_LABEL.fullmatch(label) for label in labels):
            return "not an IP address or host name; write it like 127.0.0.1 or 0.0.0.0"
    return None


def _coerce(name: str, raw: Any, origin: str) -> Any:
    """Turn a value from a file or the environment into the field's type."""
    kind = {f.name: f.type for f in fields(Settings)}.get(name, "float")
    try:
        if name in ("drafts_dir", "cache_dir"):
            return Path(os.path.expanduser(str(raw)))
        if name == "zones":
            items = raw if isinstance(raw, list) else str(raw).split(",")
            zones = tuple(str(z).strip().rstrip(".") for z in items if str(z).strip())
            if not zones:
                raise ValueError("no zone given")
            return zones
        if kind == "bool" or kind is bool:
            return _boolean(raw)
        if "int" in str(kind):
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError("not a whole number")
            return _within(name, int(raw))
        if "float" in str(kind) or name == "pricing.per_ip_month_usd":
            if isinstance(raw, bool):
                raise ValueError("not a number")
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError("not a finite number")
            return _within(name, value)
        text = str(raw).strip()
        if name == "serve_host":
            problem = host_problem(text)
            if problem:
                raise ValueError(problem)
            return text
        if name == "holiday_country":
            # "" is allowed (weekends only); whether the code is known is checked by
            # byoip.journey.due when a date is computed (importing holidays costs time).
            if text and not (text.isascii() and text.isalpha() and len(text) in (2, 3)):
                raise ValueError('write a country code such as US, DE or GB, or "" for none')
            return text.upper()
        if name in ("rdap_base_url", "routing_base_url") and text:
            problem = http_url_problem(text)
            if problem:
                example = (
                    "https://stat.ripe.net/data/"
                    if name == "routing_base_url"
                    else ("https://rdap.example.net/")
                )
                raise ValueError(f"{problem}; write it like {example}")
        if name == "routing_base_url" and not text:
            raise ValueError("empty; remove it to use RIPEstat, or give the URL of a mirror")
        return text or None
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"{origin}: {raw!r} is not a valid value for {name} ({exc}); fix or remove it."
        ) from None


_SECTIONS = tuple(sorted({section for section, _key in _FILE_KEYS if section} | {"pricing"}))
_PRICE_KEYS = {
    "per_ip_month_usd": "pricing.per_ip_month_usd",
    "source": "pricing.source",
    "date": "pricing.date",
    "assumption": "pricing.assumption",
}


def _wants_string(name: str) -> bool:
    """Whether a file value for this Settings field is written as a quoted string."""
    if name in ("pricing.source", "pricing.date"):
        return True
    kind = str({f.name: f.type for f in fields(Settings)}.get(name, "float"))
    return kind == "Path" or ("str" in kind and not kind.startswith("tuple"))


def _toml_kind(value: Any) -> str:
    """What a TOML value is, in the words of the TOML documentation."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return f"a date or time ({value})"


def _expect_file_type(name: str, raw: Any, origin: str) -> None:
    """Refuse a value of the wrong TOML type (a table for a folder, "no" for false, ...).

    Without this, ``drafts_dir = {a = 1}`` became a folder named "{'a': 1}" and
    ``assumption = "no"`` became True: accepted, and wrong.
    """
    if _wants_string(name):
        ok, wanted = isinstance(raw, str), 'a quoted string (key = "...")'
    elif name == "zones":
        ok = isinstance(raw, str) or (
            isinstance(raw, list) and all(isinstance(z, str) for z in raw)
        )
        wanted = 'an array of quoted zone names (zones = ["zen.spamhaus.org"])'
    elif name in ("pricing.assumption", "routing_enabled"):
        ok, wanted = isinstance(raw, bool), "true or false (without quotes)"
    else:
        # (true/false is an int to Python: _coerce refuses it as "not a whole number")
        ok, wanted = isinstance(raw, (int, float)), "a number (without quotes)"
    if not ok:
        raise ConfigError(f"{origin} must be {wanted}, not {_toml_kind(raw)}; fix or remove it.")


_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _boolean(raw: Any) -> bool:
    """true/false from a file, or a word from the environment (1/0, true/false, yes/no, on/off)."""
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in _TRUE_WORDS or word in _FALSE_WORDS:
        return word in _TRUE_WORDS
    raise ValueError("write true or false")


def _within(name: str, value: float) -> Any:
    low, high = _LIMITS.get(name, (0, math.inf))
    if not low <= value <= high:
        raise ValueError(f"must be from {low:g} to {high:g}")
    return value


def _read_file(path: Path, missing_ok: bool = True) -> dict[str, Any]:
    if path.exists() and not path.is_dir() and not path.is_file():
        # A pipe or a device would block the read or never end.
        raise ConfigError(f"{path}: is not a regular file; give the path of the config.toml file.")
    if missing_ok and not path.exists():
        return {}
    from byoip.tomltext import TomlProblem, parse_toml  # only when there is a file to read

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        if missing_ok:
            return {}
        raise ConfigError(f"{path}: config file not found; check the path or unset it.") from None
    except IsADirectoryError:
        raise ConfigError(
            f"{path}: is a folder, not a config file; give the path of the config.toml file."
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: can't be read ({exc.strerror or exc}); check the file or unset it."
        ) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{path}: is over {MAX_CONFIG_BYTES:,} bytes, far more than a config file needs; "
            "is it the right file?"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(
            f"{path}: is not UTF-8 text, so not a TOML config file; save it as UTF-8 or remove it."
        ) from None
    try:
        return parse_toml(text)
    except TomlProblem as problem:
        where = f"{path}, line {problem.line}" if problem.line else str(path)
        raise ConfigError(
            f"{where}: {problem.reason}; {problem.fix or 'fix the file or remove it'}."
        ) from None


def read_settings(path: Path, env: Mapping[str, str], *, missing_ok: bool) -> Settings:
    """The defaults, then the file at ``path`` (absent: fine when ``missing_ok``), then ``env``."""
    data = _read_file(path, missing_ok=missing_ok)

    values: dict[str, Any] = {}
    pricing = Pricing()
    for section in _SECTIONS:
        if section in data and not isinstance(data[section], dict):
            raise ConfigError(
                f"{path}: {section} must be a table (a [{section}] section), not "
                f"{_toml_kind(data[section])}; fix or remove it."
            )
    for (section, key), name in _FILE_KEYS.items():
        table = data if section is None else data.get(section, {})
        if key in table:
            origin = f"{path} [{section or 'top'}] {key}"
            _expect_file_type(name, table[key], origin)
            values[name] = _coerce(name, table[key], origin)
    price_table = data.get("pricing", {})
    if price_table:
        for key, name in _PRICE_KEYS.items():
            if key in price_table:
                _expect_file_type(name, price_table[key], f"{path} [pricing] {key}")
        pricing = Pricing(
            per_ip_month_usd=_coerce(
                "pricing.per_ip_month_usd",
                price_table.get("per_ip_month_usd", pricing.per_ip_month_usd),
                f"{path} [pricing] per_ip_month_usd",
            ),
            source=price_table.get("source", f"your config file {path}"),
            date=price_table.get("date", ""),
            assumption=price_table.get("assumption", False),
        )

    for suffix, name in _ENV_KEYS.items():
        raw = env.get(ENV_PREFIX + suffix)
        if raw is None or raw == "":
            continue
        value = _coerce(name, raw, f"${ENV_PREFIX}{suffix}")
        if name == "pricing.per_ip_month_usd":
            pricing = Pricing(
                per_ip_month_usd=value,
                source=f"${ENV_PREFIX}{suffix}",
                date="",
                assumption=False,
            )
        else:
            values[name] = value

    return Settings(**values, pricing=pricing, config_path=path if data else None)
