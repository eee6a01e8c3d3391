"""The shortcuts that make ``check`` fast give the answers of the long way round.

- ``check`` loads only what it uses: no Textual, no lookup stack, no threads unless a
  lookup runs, nothing that writes files (checked in a fresh interpreter, like
  tests/core/test_import_hygiene.py).
- A record is read with a read sized by its ``fstat``: a file longer than its stat says
  (it grew, or a /proc-like file of size 0) is still read whole, or refused as too big.
- ``check_ip_range`` works from ints and texts instead of ``ipaddress`` properties: its
  verdict is the one ``ipaddress`` gives for every range.
- ``check --json`` writes its text directly: it is the text ``json.dumps(indent=2,
  ensure_ascii=False)`` writes for the same members, whatever the paths and messages hold.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import byoip.record
from byoip.cli.records import _Checked, check_paths, results_json
from byoip.fields import SPECIAL_PURPOSE, check_ip_range
from byoip.findings import Finding, Severity
from byoip.record import Record, RecordError, load_record, record_to_toml
from byoip.request import Request
from byoip.samples import RDAP_RECORDINGS, SAMPLES_DIR
from tests.support.python_run import run_python

#: What a plain ``check`` (no lookup) must not load: the UI, every lookup's stack, threads.
NOT_FOR_A_PLAIN_CHECK = (
    "textual",
    "rich",
    "byoip.tui",
    "byoip.screens",
    "byoip.rdap",
    "byoip.routing",
    "byoip.reputation",
    "byoip.proof",
    "byoip.email_draft",
    "byoip.store",  # the drafts folder's machinery: check needs only byoip.across
    "byoip.atomic",  # writing files
    "tomli_w",  # writing TOML
    "concurrent.futures",
    "http.client",
    "ssl",
    "ipwhois",
    "cryptography",
    "aiodns",
)


def modules_after_check(*args: str) -> list[str]:
    """The modules of ``NOT_FOR_A_PLAIN_CHECK`` loaded by ``python -m byoip check ARGS``."""
    probe = (
        "import sys\n"
        "from byoip.cli import main\n"
        "try:\n"
        f"    main({['check', *args]!r}, prog_name='ses-byoip')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, 1), exit.code\n"
        f"wanted = {NOT_FOR_A_PLAIN_CHECK!r}\n"
        "loaded = [n for n in sys.modules\n"
        "          if any(n == w or n.startswith(w + '.') for w in wanted)]\n"
        "print('MODULES', *sorted(loaded))\n"
    )
    result = run_python("-c", probe)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("MODULES"))
    return line.split()[1:]


def test_a_plain_check_loads_no_ui_no_lookup_and_no_threads() -> None:
    assert modules_after_check("--json", str(SAMPLES_DIR)) == []


def test_the_probe_sees_a_lookup_load_its_stack() -> None:
    # The probe can fail: replaying the registry lookup loads byoip.rdap and threads.
    loaded = modules_after_check(
        "--rdap-recordings", str(RDAP_RECORDINGS), str(SAMPLES_DIR / "01-ok.toml")
    )
    assert "byoip.rdap" in loaded
    assert "concurrent.futures" in loaded


def test_the_entry_point_leaves_the_cycle_collector_on() -> None:
    # python -m byoip loads its modules with the collector paused: it must be back on.
    probe = "import gc, byoip.__main__\nprint(gc.isenabled(), gc.get_freeze_count() > 0)"
    result = run_python("-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
REQUEST = Request("123456789012", "eu-west-1", "Transactional mail " * 4, "193.0.0.0/24", "ripe")


def stat_saying_size(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """``os.fstat`` reports ``size`` bytes, whatever the file holds."""
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        real = real_fstat(fd)
        fields = list(real[:10])
        fields[6] = size  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fstat)


@pytest.mark.parametrize("stated", [0, 1, 100])
def test_a_file_longer_than_its_stat_says_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stated: int
) -> None:
    path = tmp_path / "grew.toml"
    record = Record.new(replace(REQUEST, use_case="y" * 200_000), now=T0)  # several reads
    path.write_text(record_to_toml(record), encoding="utf-8")
    stat_saying_size(monkeypatch, stated)
    assert load_record(path) == record


def test_a_file_that_grew_past_the_limit_after_its_stat_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(byoip.record, "MAX_RECORD_BYTES", 1024)
    path = tmp_path / "grew.toml"
    path.write_text(record_to_toml(Record.new(replace(REQUEST, use_case="x" * 5000), now=T0)))
    stat_saying_size(monkeypatch, 10)
    with pytest.raises(RecordError, match="is over 1,024 bytes"):
        load_record(path)


def test_a_record_of_exactly_the_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = record_to_toml(Record.new(REQUEST, now=T0))
    monkeypatch.setattr(byoip.record, "MAX_RECORD_BYTES", len(text.encode()))
    path = tmp_path / "exact.toml"
    path.write_text(text, encoding="utf-8")
    assert load_record(path).request == REQUEST


# Ranges near the special-purpose blocks and their edges, any prefix, some host bits.
octet = st.sampled_from([0, 1, 10, 100, 127, 169, 172, 192, 198, 203, 224, 240, 255]) | st.integers(
    0, 255
)


@given(st.tuples(octet, octet, octet, octet), st.integers(0, 32), st.booleans())
@example((8, 8, 8, 8), 32, False)  # a bare address
@example((192, 0, 2, 0), 24, True)  # documentation
@example((0, 0, 0, 0), 0, True)  # everything: contains every block
def test_the_range_rule_says_what_ipaddress_says(
    octets: tuple[int, int, int, int], prefix: int, with_prefix: bool
) -> None:
    address = ".".join(map(str, octets))
    typed = f"{address}/{prefix}" if with_prefix else address
    network = ipaddress.IPv4Network(typed, strict=False)
    verdict = check_ip_range(typed)
    codes = [f.code for f in verdict.findings]

    host_bits = with_prefix and ipaddress.IPv4Address(address) != network.network_address
    assert ("ip_range.host_bits" in codes) == host_bits
    assert verdict.value == (typed if host_bits else str(network))
    too_specific = not with_prefix or network.prefixlen > 24
    assert ("ip_range.too_specific" in codes) == too_specific
    special = sum(network.overlaps(block) for block, _what in SPECIAL_PURPOSE)
    assert codes.count("ip_range.special") == special
    size = verdict.findings[-1]
    assert size.code == "ip_range.size"
    plural = "es" if network.num_addresses != 1 else ""
    assert size.message.startswith(
        f"{network.num_addresses:,} address{plural} "
        f"({network.network_address} – {network.broadcast_address}); "
    )


def standard_json(results: list[_Checked]) -> str:
    """What ``check --json`` has always printed: json.dumps of these members."""
    data = [
        {
            "path": str(checked.path),
            "ok": checked.ok,
            "findings": [
                {
                    "field": finding.field,
                    "severity": str(finding.severity),
                    "code": finding.code,
                    "message": finding.message,
                }
                for finding in checked.findings
            ],
        }
        for checked in results
    ]
    return json.dumps(data, indent=2, ensure_ascii=False)


# Any text, hostile included: quotes, backslashes, controls, lone surrogates, emoji.
any_text = st.text(st.characters(codec=None, blacklist_categories=()), max_size=20)
findings = st.builds(Finding, any_text, st.sampled_from(list(Severity)), any_text, any_text)
checked = st.builds(
    _Checked,
    st.builds(Path, any_text.filter(lambda t: "\x00" not in t)),
    st.none(),
    st.none() | any_text,
    st.lists(findings, max_size=4),
)


@given(st.lists(checked, max_size=4))
def test_the_json_text_is_json_dumps_of_the_members(results: list[_Checked]) -> None:
    assert results_json(results) == standard_json(results)


def test_the_json_text_of_the_samples_is_json_dumps_of_the_members() -> None:
    results = check_paths([SAMPLES_DIR])
    assert results_json(results) == standard_json(results)
    assert json.loads(results_json(results))[0]["path"] == str(results[0].path)
