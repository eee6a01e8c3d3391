"""The tables behind the rules: Regions, registries, IANA's bootstrap map, the request."""

from __future__ import annotations

import json

import pytest

from byoip.regions import (
    OTHER_PARTITION_REGIONS,
    PLACES_WITHOUT_SES,
    REGIONS,
    REGIONS_WITHOUT_SES,
    region_label,
    suggest_regions,
)
from byoip.registries import (
    BOOTSTRAP_PATH,
    BOOTSTRAP_PUBLICATION,
    RDAP_BASE_URLS,
    RIRS,
    iana_registry_for,
    normalize_registry,
)
from byoip.request import FIELD_LABELS, FIELDS, Request
from tests.support.paths import REFERENCE_DIR

FACTS_COMMERCIAL = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
]


def test_regions_are_the_facts_list_with_names() -> None:
    assert sorted(REGIONS) == sorted(FACTS_COMMERCIAL)
    assert REGIONS["ap-south-1"] == "Asia Pacific (Mumbai)"
    assert not set(REGIONS_WITHOUT_SES) & set(REGIONS)
    assert sorted(REGIONS_WITHOUT_SES) == [
        "ap-east-1",
        "ap-east-2",
        "ap-southeast-4",
        "ap-southeast-6",
        "ap-southeast-7",
        "eu-south-2",
        "mx-central-1",
    ]
    assert set(PLACES_WITHOUT_SES) == set(REGIONS_WITHOUT_SES)
    assert set(OTHER_PARTITION_REGIONS) == {"us-gov-east-1", "us-gov-west-1", "eusc-de-east-1"}
    assert region_label("eu-west-1") == "eu-west-1 — Europe (Ireland)"
    assert region_label("xx-1") == "xx-1"


def test_suggestions() -> None:
    assert suggest_regions("ap-south1") == ["ap-south-1"]
    assert suggest_regions("MUMBAI") == ["ap-south-1"]
    assert suggest_regions("São Paulo") == ["sa-east-1"]
    assert suggest_regions("sao paulo") == ["sa-east-1"]
    assert suggest_regions("") == [] and suggest_regions("qqqqqq") == []


def test_registries_table() -> None:
    assert RIRS == ("ARIN", "RIPE NCC", "APNIC", "LACNIC", "AFRINIC")
    assert RDAP_BASE_URLS["LACNIC"] == "https://rdap.lacnic.net/rdap/"
    assert all(url.endswith("/") for url in RDAP_BASE_URLS.values())
    for typed in (
        "ripe",
        "RIPE-NCC",
        "ripe_ncc",
        "Réseaux IP Européens Network Coordination Centre",
    ):
        assert normalize_registry(typed) == "RIPE NCC"
    assert normalize_registry("ripe nc") is None


def test_shipped_bootstrap_is_the_reference_copy() -> None:
    if not (REFERENCE_DIR / "iana-rdap-bootstrap-ipv4.json").exists():
        pytest.skip("the shared reference folder is not next to this checkout")
    shipped = json.loads(BOOTSTRAP_PATH.read_text())
    reference = json.loads((REFERENCE_DIR / "iana-rdap-bootstrap-ipv4.json").read_text())
    assert shipped == reference
    assert reference["publication"] == BOOTSTRAP_PUBLICATION


@pytest.mark.parametrize(
    ("cidr", "rir"),
    [
        ("8.8.8.0/24", "ARIN"),
        ("193.0.0.0/21", "RIPE NCC"),
        ("1.1.1.0/24", "APNIC"),
        ("200.1.2.0/24", "LACNIC"),
        ("41.1.0.0/16", "AFRINIC"),
        ("8.0.0.0/8", "ARIN"),
        ("8.8.8.8", "ARIN"),
    ],
)
def test_iana_registry_for(cidr: str, rir: str) -> None:
    assert iana_registry_for(cidr) == rir


def test_iana_registry_for_outside_the_map() -> None:
    assert iana_registry_for("10.0.0.0/8") is None  # not delegated to an RIR
    assert iana_registry_for("0.0.0.0/0") is None  # spans every block
    assert iana_registry_for("2001:db8::/32") is None
    assert iana_registry_for("not a range") is None


def test_iana_most_specific_block_wins(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A map with a /16 carved out of another RIR's /8 (what transfers look like).
    import byoip.registries as registries

    data = {
        "publication": "2030-01-01T00:00:00Z",
        "services": [
            [["8.0.0.0/8"], ["https://rdap.arin.net/registry/"]],
            [["8.8.0.0/16"], ["https://rdap.db.ripe.net/"]],
        ],
    }
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data))
    monkeypatch.setattr(registries, "BOOTSTRAP_PATH", path)
    registries._bootstrap.cache_clear()
    try:
        assert iana_registry_for("8.8.8.0/24") == "RIPE NCC"
        assert iana_registry_for("8.9.0.0/24") == "ARIN"
        assert iana_registry_for("8.0.0.0/8") == "ARIN"
    finally:
        registries._bootstrap.cache_clear()


def test_request_shape() -> None:
    assert FIELDS == ("account_id", "region", "use_case", "ip_range", "registry")
    assert set(FIELD_LABELS) == set(FIELDS)
    request = Request.from_mapping({"account_id": 12, "extra": "x", "region": None})
    assert request.account_id == "12" and request.region == "" and request.use_case == ""
    assert request.with_field("region", "eu-west-1").region == "eu-west-1"
    with pytest.raises(KeyError):
        request.with_field("nope", "x")
    assert list(request.to_dict()) == list(FIELDS)


def test_region_matches_lists_code_prefixes_then_suggestions() -> None:
    from byoip.regions import region_matches

    assert region_matches("") == []
    assert region_matches("eu-west")[:3] == ["eu-west-1", "eu-west-2", "eu-west-3"]
    assert region_matches("mumbai") == ["ap-south-1"]
    assert len(region_matches("ap-", limit=4)) == 4
