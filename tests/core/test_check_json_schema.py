"""``check --json`` keeps the shape docs/check-json.md documents (CI relies on it)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from byoip.cli import main
from tests.support.paths import REPO_ROOT, SAMPLES_DIR

DOC = REPO_ROOT / "docs" / "check-json.md"


def documented_schema() -> dict[str, Any]:
    """The JSON Schema block of the document (the last ```json block)."""
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    return json.loads(blocks[-1])


def conforms(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """The few JSON Schema keywords the document uses, checked (type, required, enum, ...)."""
    problems: list[str] = []
    kinds = {"array": list, "object": dict, "string": str, "boolean": bool}
    if "type" in schema and not isinstance(value, kinds[schema["type"]]):
        return [f"{where}: not {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{where}: {value!r} doesn't match {schema['pattern']}")
    for key in schema.get("required", ()):
        if key not in value:
            problems.append(f"{where}: no {key}")
    for key, sub in schema.get("properties", {}).items():
        if isinstance(value, dict) and key in value:
            problems += conforms(value[key], sub, f"{where}.{key}")
    if "items" in schema:
        for index, item in enumerate(value):
            problems += conforms(item, schema["items"], f"{where}[{index}]")
    return problems


def test_every_sample_and_an_unreadable_file_match_the_documented_schema(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("status = \n", encoding="utf-8")
    paths = [str(p) for p in sorted(SAMPLES_DIR.rglob("*.toml"))] + [str(broken)]
    result = CliRunner().invoke(main, ["check", "--json", *paths])
    assert result.exit_code == 2  # the unreadable file wins over records with errors
    data = json.loads(result.stdout)
    assert len(data) == len(paths)
    assert conforms(data, documented_schema()) == []
    assert data[-1]["ok"] is False and data[-1]["findings"][0]["code"] == "record.unreadable"
    # The schema is not vacuous: a renamed key breaks it.
    renamed = [{**data[0], "findings": [{"sev": "error"}]}]
    assert conforms(renamed, documented_schema())


def test_the_pre_commit_hook_runs_check() -> None:
    text = (REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: ses-byoip-check$", text, re.MULTILINE)
    assert re.search(r"^  entry: ses-byoip check$", text, re.MULTILINE)
    assert re.search(r"^  language: python$", text, re.MULTILINE)
