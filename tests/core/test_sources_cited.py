"""Comments and docs cite sources that exist: a file of the repository or a public URL (issue 11).

FACTS.md is the team's reference outside the repository; what ships cites
``docs/SOURCES.md`` (public URLs) instead.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("byoip", "tui", "screens", "sample_requests", "docs", "bench")
CITED_DOC = re.compile(r"\bdocs/[\w./-]+\.md\b")


def shipped_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for top in SHIPPED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in (".py", ".md", ".toml", ".json", ".tcss") and path.is_file():
                files.append(path)
    return files


def test_nothing_shipped_cites_a_file_outside_the_repository() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in shipped_files()
        if "FACTS.md" in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_every_cited_doc_exists() -> None:
    missing = {
        (str(path.relative_to(ROOT)), cited)
        for path in shipped_files()
        for cited in CITED_DOC.findall(path.read_text(encoding="utf-8", errors="replace"))
        if not (ROOT / cited).is_file()
    }
    assert missing == set()


def test_the_sources_page_gives_a_public_url_for_each_topic() -> None:
    text = (ROOT / "docs" / "SOURCES.md").read_text(encoding="utf-8")
    sections = re.split(r"\n## ", text)[1:]
    assert len(sections) >= 8
    for section in sections:
        assert "<https://" in section, section.splitlines()[0]
