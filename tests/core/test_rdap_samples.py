"""The sample requests that need a lookup get, from their recorded RDAP answers,
the verdict their ``# expect:`` comment promises; and the snapshot fits a record."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from byoip.config import Settings
from byoip.findings import Severity
from byoip.rdap import RecordedFetcher, lookup_rdap
from byoip.record import load_record, record_from_toml, record_to_toml
from tests.support.paths import SAMPLES_DIR
from tests.support.rdap_server import SAMPLE_RECORDINGS

RDAP_SAMPLES = sorted(SAMPLES_DIR.glob("*-rdap-*.toml"))


def expectation(path: Path) -> tuple[str, set[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            words = line.removeprefix("# expect:").split()
            return words[0], set(words[1:])
    raise AssertionError(f"{path.name} has no '# expect:' line")


def test_there_is_a_sample_for_each_failure() -> None:
    expected = set().union(*(expectation(p)[1] for p in RDAP_SAMPLES))
    assert {"rdap.registrant_person", "rdap.registry_mismatch", "rdap.partial_coverage"} <= expected


@pytest.mark.parametrize("path", RDAP_SAMPLES, ids=lambda p: p.name)
def test_recorded_lookup_gives_the_promised_verdict(path: Path, tmp_path: Path) -> None:
    record = load_record(path)
    result = lookup_rdap(
        record.request.ip_range,
        Settings(cache_dir=tmp_path),
        registry=record.request.registry,
        fetcher=RecordedFetcher(SAMPLE_RECORDINGS),
    )
    assert result.status == "ok", result.error
    verdict, codes = expectation(path)
    errors = {f.code for f in result.findings if f.severity is Severity.ERROR}
    warnings = {f.code for f in result.findings if f.severity is Severity.WARNING}
    if verdict == "ok":
        assert not errors and not warnings
    elif verdict == "warning":
        assert not errors and codes <= warnings
    else:
        assert codes <= errors

    # The snapshot goes into the record's [rdap] table and comes back unchanged.
    saved = replace(record, rdap=result.snapshot())
    again = record_from_toml(record_to_toml(saved))
    assert again.rdap == result.snapshot()
