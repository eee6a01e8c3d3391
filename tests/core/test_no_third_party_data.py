"""The repository carries no copy of the third-party registry answers in ../shared/reference.

Those answers come from other projects' test data: tests read them in place, and the
project ships recordings it wrote itself.  This test reads them in place too, takes what
identifies each one (handles, holder names, e-mail addresses, remarks, networks) and
looks for it in every file of the repository.  Tests that read the shared answers in
place (they name ``REFERENCE_DIR``) may quote what those answers say; nothing else may.
"""

from __future__ import annotations

import ipaddress
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import REFERENCE_DIR, REPO_ROOT

FOLDERS = ("rdap-real", "rdap-examples")
#: Folders of recorded RDAP answers (each file is one registry answer the project wrote).
RECORDING_FOLDERS = ("sample_requests/recordings/rdap", "tests/support/data")
#: Remark lines with fewer letters than this are too generic to identify an answer ("UDC").
MIN_REMARK = 12
WORDS = re.compile(r"[^\W\d_]")
#: Role names some registries also use as a contact's name: RDAP's words, nobody's data.
ROLE_WORDS = {"abuse", "administrative", "billing", "noc", "registrant", "technical"}
#: vCard properties that name a holder or a contact.
VCARD_NAMES = ("fn", "org", "email")
#: Handles made of these only are addresses or ranges ("91.214.37.0 - 91.214.37.255").
ADDRESS_LIKE = re.compile(r"[0-9a-fA-F.:/ -]+")


def reference_files() -> list[Path]:
    present = [REFERENCE_DIR / name for name in FOLDERS if (REFERENCE_DIR / name).is_dir()]
    if not present:
        pytest.skip(f"the third-party answers are not beside this clone ({REFERENCE_DIR})")
    return sorted(path for folder in present for path in folder.rglob("*.json"))


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a document, the document itself first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    for obj in _objects(node):
        yield from obj.items()


def identifying_strings(doc: Any) -> set[str]:
    """Handles, holder names, e-mail addresses and remark lines of one answer."""
    found: set[str] = set()
    for key, value in _walk(doc):
        if key == "handle" and isinstance(value, str) and len(value) >= 4:
            if not ADDRESS_LIKE.fullmatch(value):
                found.add(value)
        elif key == "vcardArray" and isinstance(value, list) and len(value) == 2:
            for prop in value[1] if isinstance(value[1], list) else ():
                if len(prop) == 4 and prop[0] in VCARD_NAMES and isinstance(prop[3], str):
                    found.add(prop[3])
        elif key == "remarks" and isinstance(value, list):
            for remark in value:
                lines = remark.get("description") if isinstance(remark, dict) else None
                for line in lines if isinstance(lines, list) else ():
                    if isinstance(line, str) and len(WORDS.findall(line)) >= MIN_REMARK:
                        found.add(line.strip())
    return {text for text in found if len(text) >= 4 and text.lower() not in ROLE_WORDS}


def plain_address(text: str) -> ipaddress.IPv4Address:
    """``069.166.000.000`` or ``91.214.37.0/32`` (as registries write them) -> an address."""
    return ipaddress.IPv4Address(".".join(str(int(part)) for part in text.split("/")[0].split(".")))


def networks(doc: Any) -> set[ipaddress.IPv4Network]:
    """Every IPv4 network an answer describes (``startAddress``..``endAddress``)."""
    found: set[ipaddress.IPv4Network] = set()
    for value in _objects(doc):
        if "startAddress" in value and "endAddress" in value:
            try:
                first, last = (plain_address(value[key]) for key in ("startAddress", "endAddress"))
            except (ValueError, AttributeError):
                continue
            found.update(ipaddress.summarize_address_range(first, last))
    return found


def repository_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=False
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: cannot list the repository's files")
    return [REPO_ROOT / name for name in listed.stdout.decode().split("\0") if name]


def reads_the_reference_in_place(path: Path, text: str) -> bool:
    return (
        path.suffix == ".py"
        and path.is_relative_to(REPO_ROOT / "tests")
        and ("REFERENCE_DIR" in text)
    )


def test_no_file_carries_a_third_party_handle_holder_or_remark() -> None:
    needles: dict[str, str] = {}
    for path in reference_files():
        for text in identifying_strings(json.loads(path.read_text(encoding="utf-8"))):
            needles.setdefault(text, path.name)
    assert len(needles) > 100  # the reference answers were read
    longest_first = sorted(needles, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(text) for text in longest_first))
    hits = []
    for path in repository_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if reads_the_reference_in_place(path, text):
            continue
        where = path.relative_to(REPO_ROOT)
        hits += [
            f"{where}: {m.group()!r} (from {needles[m.group()]})" for m in pattern.finditer(text)
        ]
    assert hits == []


def test_no_recording_describes_a_third_party_network() -> None:
    theirs = {
        network: path.name
        for path in reference_files()
        for network in networks(json.loads(path.read_text(encoding="utf-8")))
    }
    overlaps = []
    for folder in RECORDING_FOLDERS:
        for path in sorted((REPO_ROOT / folder).rglob("*.json")):
            for ours in networks(json.loads(path.read_text(encoding="utf-8"))):
                overlaps += [
                    f"{path.relative_to(REPO_ROOT)}: {ours} overlaps {net} ({name})"
                    for net, name in theirs.items()
                    if ours.overlaps(net)
                ]
    assert overlaps == []


def test_the_checks_see_a_copy() -> None:
    # Each check must be able to fail: a copied answer is caught by both.
    path = next(p for p in reference_files() if p.name.startswith("arin-"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    strings = identifying_strings(doc)
    assert doc["handle"] in strings
    assert any(s for s in strings if "@" in s or " " in s)
    assert networks(doc)
