"""What importing a part of ses-byoip loads, checked in a fresh interpreter.

The core never loads Textual or the UI; the app and its screens start without the
heavy lookups' libraries (cryptography, aiodns/pycares, ipwhois), which they import
only when a lookup or a proof check runs; the keystroke rules load nothing heavy.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import REPO_ROOT
from tests.support.python_run import run_python

UI = ("textual", "byoip.tui", "byoip.screens")
LOOKUP_LIBRARIES = ("cryptography", "aiodns", "pycares", "ipwhois")

#: Every core module, found by walking the package (so a new module is checked too).
#: (pkgutil.walk_packages would import the UI packages to look inside them: skip them first.)
EVERY_CORE_MODULE = (
    "import importlib, pkgutil\n"
    "todo = ['byoip']\n"
    "while todo:\n"
    "    package = importlib.import_module(todo.pop())\n"
    "    for m in pkgutil.iter_modules(package.__path__, package.__name__ + '.'):\n"
    "        if m.name in ('byoip.tui', 'byoip.screens', 'byoip.sample_requests'):\n"
    "            continue\n"
    "        importlib.import_module(m.name)\n"
    "        if m.ispkg:\n"
    "            todo.append(m.name)\n"
)

CASES = {
    "core-loads-no-ui": (EVERY_CORE_MODULE, UI),
    "app-loads-no-lookup-library": ("import byoip.tui.app", LOOKUP_LIBRARIES),
    "wizard-loads-no-lookup-library": ("import byoip.screens.wizard", LOOKUP_LIBRARIES),
    "cli-loads-no-textual-or-lookup-library": (
        "import byoip.tui.cli",
        ("textual", "byoip.screens", *LOOKUP_LIBRARIES),
    ),
    "keystroke-rules-load-nothing-heavy": (
        "import byoip.fields, byoip.regions, byoip.registries, byoip.request",
        (*UI, *LOOKUP_LIBRARIES, "netaddr", "rich", "json"),
    ),
    "proof-rules-load-no-cryptography": ("import byoip.proof", ("cryptography",)),
}


def loaded_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    probe = (
        f"{code}\nimport sys\n"
        f"print('\\n'.join(sorted(n for n in sys.modules if n.startswith({prefixes!r}))))"
    )
    result = run_python("-c", probe)
    assert result.returncode == 0, result.stderr
    # a prefix names a package: "byoip.tui" must not match "byoip.tuition"
    return [
        n for n in result.stdout.split() if any(n == p or n.startswith(p + ".") for p in prefixes)
    ]


@pytest.mark.parametrize(("code", "forbidden"), CASES.values(), ids=CASES.keys())
def test_import_loads_none_of(code: str, forbidden: tuple[str, ...]) -> None:
    assert loaded_after(code, forbidden) == []


def test_the_probe_sees_what_an_import_loads() -> None:
    # The probe itself can fail: importing the app does load Textual.
    assert "textual" in loaded_after("import byoip.tui.app", ("textual",))


def test_the_ui_folders_do_not_import_under_their_own_names() -> None:
    # tui/ and screens/ are installed as byoip.tui and byoip.screens: a second copy must not load.
    for name in ("tui", "screens"):
        result = run_python("-c", f"import {name}")
        assert result.returncode != 0
        assert f"import byoip.{name}" in result.stderr


# --- imports inside functions say why -----------------------------------------------------

#: Where every import inside a function must carry its reason (a comment on it or above
#: it): a heavy library, a lookup's HTTP stack, start-up, a cycle.
REASONED = ("byoip", "tui", "screens")
SKIPPED_LINKS = ("tui", "screens", "sample_requests")  # byoip/'s links to the folders above


def function_level_imports(path: Path) -> list[tuple[int, bool]]:
    """(line, has a reason) for each import inside a function of ``path``."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    inner_imports = [
        inner
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    # Lines of import statements (all their lines) and blank lines: a group of deferred
    # imports may share one comment above it.
    in_group = {i for n in inner_imports for i in range(n.lineno - 1, n.end_lineno or n.lineno)}

    def reasoned(first: int, last: int) -> bool:
        if any("#" in lines[i] for i in range(first, last + 1)):
            return True
        index = first - 1
        while index >= 0 and (index in in_group or not lines[index].strip()):
            if "#" in lines[index]:
                return True
            index -= 1
        return index >= 0 and lines[index].strip().startswith("#")

    return sorted(
        {(n.lineno, reasoned(n.lineno - 1, (n.end_lineno or n.lineno) - 1)) for n in inner_imports}
    )


def test_every_import_inside_a_function_says_why() -> None:
    unexplained = []
    for top in REASONED:
        for path in sorted((REPO_ROOT / top).rglob("*.py")):
            relative = path.relative_to(REPO_ROOT)
            if relative.parts[0] == "byoip" and relative.parts[1] in SKIPPED_LINKS:
                continue  # the UI folders, seen through byoip/'s links
            unexplained += [
                f"{relative}:{line}" for line, ok in function_level_imports(path) if not ok
            ]
    assert unexplained == [], "an import inside a function needs a comment saying why"
