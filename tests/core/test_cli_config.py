"""Settings from the config file and the environment: every knob, checked values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from byoip.config import ConfigError, Settings, default_config_path, load_settings
from byoip.config import sources as config

# File keys with no environment variable, and why.
NOT_FROM_ENV = {
    # Metadata about the price: $SES_BYOIP_PRICE_PER_IP names itself as the source.
    ("pricing", "source"),
    ("pricing", "date"),
    ("pricing", "assumption"),
}

# A value for each Settings field that differs from the default (file form, env form).
VALUES: dict[str, tuple[object, str, object]] = {
    "drafts_dir": ("/tmp/d", "/tmp/d", Path("/tmp/d")),
    "cache_dir": ("/tmp/c", "/tmp/c", Path("/tmp/c")),
    "rdap_base_url": ("http://127.0.0.1:8/", "http://127.0.0.1:8/", "http://127.0.0.1:8/"),
    "sender_name": ("Jane Example", "Jane Example", "Jane Example"),
    "sender_organization": ("Example BV", "Example BV", "Example BV"),
    "rdap_timeout": (2.5, "2.5", 2.5),
    "rdap_retries": (3, "3", 3),
    "rdap_cache_ttl": (60, "60", 60.0),
    "routing_enabled": (False, "off", False),
    "routing_base_url": ("http://127.0.0.1:8/data/",) * 3,
    "routing_timeout": (2.5, "2.5", 2.5),
    "routing_retries": (3, "3", 3),
    "routing_cache_ttl": (60, "60", 60.0),
    "resolver": ("127.0.0.1:5353", "127.0.0.1:5353", "127.0.0.1:5353"),
    "dns_timeout": (0.5, "0.5", 0.5),
    "dns_concurrency": (7, "7", 7),
    "dns_deadline": (4.5, "4.5", 4.5),
    "zones": (["a.test", "b.test"], "a.test, b.test", ("a.test", "b.test")),
    "spamhaus_dqs_key": ("KEY12345", "KEY12345", "KEY12345"),
    "sweep_confirm_above": (100, "100", 100),
    "serve_host": ("0.0.0.0", "0.0.0.0", "0.0.0.0"),
    "serve_port": (8123, "8123", 8123),
    "serve_max_sessions": (3, "3", 3),
    "holiday_country": ("de", "de", "DE"),
    "holiday_subdivision": ("BY", "BY", "BY"),
    "lookup_max_age_days": (3, "3", 3.0),
}


def env_for(name: str) -> str:
    return next(config.ENV_PREFIX + k for k, v in config._ENV_KEYS.items() if v == name)


def write_config(path: Path, section: str | None, key: str, value: object) -> Path:
    import tomli_w

    data = {key: value} if section is None else {section: {key: value}}
    path.write_text(tomli_w.dumps(data))
    return path


@pytest.mark.parametrize(("section", "key"), sorted(config._FILE_KEYS, key=str))
def test_every_file_key_also_has_an_environment_variable(
    tmp_path: Path, section: str | None, key: str
) -> None:
    name = config._FILE_KEYS[(section, key)]
    assert name in config._ENV_KEYS.values(), f"[{section}] {key} has no SES_BYOIP_ variable"
    file_value, env_value, expected = VALUES[name]
    path = write_config(tmp_path / "config.toml", section, key, file_value)
    from_file = load_settings(path, env={})
    from_env = load_settings(tmp_path / "config.toml", env={env_for(name): env_value})
    assert getattr(from_file, name) == expected
    assert getattr(from_env, name) == expected
    assert getattr(Settings(), name) != expected  # the test value really changes something


def test_every_settings_field_is_reachable_from_the_file() -> None:
    reachable = set(config._FILE_KEYS.values()) | {"pricing", "config_path"}
    assert {f.name for f in config.fields(Settings)} == reachable
    assert set(VALUES) == set(config._FILE_KEYS.values())


def test_only_price_metadata_lacks_an_environment_variable(tmp_path: Path) -> None:
    assert "pricing.per_ip_month_usd" in config._ENV_KEYS.values()
    metadata = {("pricing", k) for k in ("source", "date", "assumption")}
    assert metadata == NOT_FROM_ENV


def test_the_dns_deadline_comes_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(env={"SES_BYOIP_DNS_DEADLINE": "0.75"})
    assert settings.dns_deadline == 0.75


@pytest.mark.parametrize(
    ("variable", "raw", "reason"),
    [
        ("SES_BYOIP_RDAP_TIMEOUT", "abc", "could not convert"),
        ("SES_BYOIP_RDAP_TIMEOUT", "nan", "finite"),
        ("SES_BYOIP_RDAP_TIMEOUT", "0", "from 0.05 to 300"),
        ("SES_BYOIP_RDAP_RETRIES", "1000000", "from 0 to 10"),
        ("SES_BYOIP_RDAP_RETRIES", "1.5", "invalid literal"),
        ("SES_BYOIP_DNS_CONCURRENCY", "0", "from 1 to"),
        ("SES_BYOIP_DNS_DEADLINE", "-1", "from 0 to"),
        ("SES_BYOIP_DNS_DEADLINE", "inf", "finite"),
        ("SES_BYOIP_PRICE_PER_IP", "nan", "finite"),
        ("SES_BYOIP_RDAP_URL", "http://[::1", "Invalid IPv6 URL"),
        ("SES_BYOIP_RDAP_URL", "ftp://x/", "http"),
        ("SES_BYOIP_RDAP_URL", "http://host:port/", "port"),
        ("SES_BYOIP_CONFIRM_ABOVE", "-5", "from 0 to"),
        ("SES_BYOIP_SERVE_PORT", "70000", "from 0 to 65535"),
        ("SES_BYOIP_SERVE_MAX_SESSIONS", "0", "from 1 to 1000"),
        ("SES_BYOIP_SERVE_HOST", "http://x/", "not an IP address or host name"),
        ("SES_BYOIP_SERVE_HOST", " ", "no address given"),
        ("SES_BYOIP_ROUTING_URL", "ftp://x/", "https://stat.ripe.net/data/"),
        ("SES_BYOIP_ROUTING_TIMEOUT", "0", "from 0.05 to 300"),
        ("SES_BYOIP_ROUTING_ENABLED", "maybe", "write true or false"),
    ],
)
def test_a_bad_environment_value_names_the_variable_and_the_reason(
    tmp_path: Path, variable: str, raw: str, reason: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env={variable: raw})
    message = str(caught.value)
    assert message.startswith(f"${variable}: ") and reason in message
    assert message.endswith("fix or remove it.")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[rdap]\nretries = 2.5\n", "not a whole number"),
        ("[rdap]\nretries = true\n", "not a whole number"),
        ("[dnsbl]\ntimeout = nan\n", "finite"),
        ('[rdap]\nbase_url = "x"\n', "http"),
        ('[routing]\nbase_url = ""\n', "remove it to use RIPEstat"),
        ("[routing]\nretries = 11\n", "from 0 to 10"),
    ],
)
def test_a_bad_file_value_names_the_file_and_key(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert str(caught.value).startswith(str(path)) and reason in str(caught.value)


def test_a_whole_float_is_a_whole_number(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml", "rdap", "retries", 2.0)
    assert load_settings(path, env={}).rdap_retries == 2


def test_a_binary_config_file_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(path, env={})


def test_a_config_pipe_is_refused_instead_of_waiting(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_settings(path, env={})


def test_a_config_folder_or_loop_says_what_it_is(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder"):
        load_settings(tmp_path, env={})
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    with pytest.raises(ConfigError, match="symbolic links"):
        load_settings(env={"SES_BYOIP_CONFIG": str(loop)})


def test_the_readme_and_architecture_document_every_variable() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    architecture = (root / "docs" / "ARCHITECTURE.md").read_text()
    for suffix in [*config._ENV_KEYS, "CONFIG"]:
        assert f"SES_BYOIP_{suffix}`" in readme, suffix
        assert f"SES_BYOIP_{suffix}`" in architecture, suffix


@pytest.mark.parametrize(
    ("text", "key", "wanted"),
    [
        ("drafts_dir = {a = 1}\n", "[top] drafts_dir", "a quoted string"),
        ("cache_dir = 5\n", "[top] cache_dir", "a quoted string"),
        ("[rdap]\ntimeout = {a = 1}\n", "[rdap] timeout", "a number"),
        ('[rdap]\ntimeout = "5"\n', "[rdap] timeout", "a number"),
        ("[dnsbl]\nconcurrency = [1, 2]\n", "[dnsbl] concurrency", "a number"),
        ("[dnsbl]\nzones = [1, 2]\n", "[dnsbl] zones", "an array of quoted zone names"),
        ("[dnsbl]\nresolver = 53\n", "[dnsbl] resolver", "a quoted string"),
        ('[pricing]\nassumption = "no"\n', "[pricing] assumption", "true or false"),
        ('[routing]\nenabled = "no"\n', "[routing] enabled", "true or false"),
        ("[pricing]\nsource = 5\n", "[pricing] source", "a quoted string"),
        ("[pricing]\nper_ip_month_usd = {a = 1}\n", "[pricing] per_ip_month_usd", "a number"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_file_and_key(
    tmp_path: Path, text: str, key: str, wanted: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    message = str(caught.value)
    assert message.startswith(f"{path} {key} must be {wanted}")
    assert message.endswith("fix or remove it.") and "\n" not in message


@pytest.mark.parametrize("section", ["rdap", "dnsbl", "pricing"])
def test_a_section_that_is_not_a_table_is_refused(tmp_path: Path, section: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"{section} = 5\n")
    with pytest.raises(ConfigError, match=rf"{section} must be a table \(a \[{section}\]"):
        load_settings(path, env={})


def test_right_types_are_still_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'drafts_dir = "/tmp/d"\n[dnsbl]\nzones = ["a.example"]\n'
        '[pricing]\nper_ip_month_usd = 20\nassumption = false\nsource = "me"\ndate = "2026"\n'
    )
    settings = load_settings(path, env={})
    assert settings.zones == ("a.example",) and settings.pricing.assumption is False
    assert settings.pricing.per_ip_month_usd == 20 and settings.pricing.source == "me"


def test_a_deeply_nested_config_is_one_sentence_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("a = " + "[" * 2000 + "\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert str(caught.value).startswith(f"{path}: not valid TOML (arrays or tables nested")


def test_a_config_with_a_byte_order_mark_names_the_mark_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf[rdap]\ntimeout = 3\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    message = str(caught.value)
    assert message.startswith(f"{path}, line 1: starts with a byte-order mark (BOM")
    assert "without a BOM" in message


def _no_file_no_variables(tmp_path: Path) -> Path:
    """The per-user config file, in tmp_path (the ``hermetic`` fixture's XDG folders)."""
    path = default_config_path()
    assert path.is_relative_to(tmp_path)
    return path


def test_the_usual_start_gives_what_reading_everything_gives(tmp_path: Path) -> None:
    # No file, no variable: load_settings skips the reading module, and must agree with it.
    path = _no_file_no_variables(tmp_path)
    assert not path.exists()
    assert load_settings(env={}) == config.read_settings(path, {}, missing_ok=True) == Settings()
    assert load_settings(env={}).config_path is None


def test_the_default_file_and_any_variable_are_still_read(tmp_path: Path) -> None:
    path = _no_file_no_variables(tmp_path)
    path.parent.mkdir(parents=True)
    write_config(path, "rdap", "retries", 3)
    assert load_settings(env={}).rdap_retries == 3
    assert load_settings(env={}).config_path == path
    path.unlink()
    assert load_settings(env={"SES_BYOIP_RDAP_RETRIES": "4"}).rdap_retries == 4
    path.mkdir()  # a folder where the file belongs is still reported, not taken for "none"
    with pytest.raises(ConfigError, match="folder"):
        load_settings(env={})
