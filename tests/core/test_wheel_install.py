"""The built wheel, installed the way users install tools, works on its own.

The repository's tracked files are copied to a temporary folder (as a fresh clone
would have them), built into a wheel without network (no build isolation), and
installed into a fresh virtual environment that borrows only the third-party
dependencies already installed here.  Every command then runs from a folder outside
the repository, so nothing can come from the source tree.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

from tests.support.paths import REPO_ROOT

pytestmark = pytest.mark.timeout(300)


def tracked_copy(target: Path) -> Path:
    """The files git tracks (symbolic links kept as links), or the tree when git is absent."""
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=False
    )
    if listing.returncode != 0 or shutil.which("git") is None:
        ignore = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__")
        shutil.copytree(REPO_ROOT, target, symlinks=True, ignore=ignore)
        return target
    for name in filter(None, listing.stdout.decode().split("\0")):
        source, dest = REPO_ROOT / name, target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            dest.symlink_to(os.readlink(source))
        elif source.is_file():
            shutil.copy2(source, dest)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("wheel")
    source = tracked_copy(work / "source")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(work / "dist"), str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (work / "dist").glob("ses_byoip-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False, symlinks=True)
    python = env_dir / "bin" / "python"
    _borrow_site_packages(python)
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        capture_output=True, text=True, check=False, cwd=work,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return {"wheel": wheel, "python": python, "bin": env_dir / "bin", "cwd": work}


def _borrow_site_packages(python: Path) -> None:
    """Let the new environment see the dependencies installed where the tests run.

    ``system_site_packages`` lends only the base interpreter's; when the tests run in a
    virtual environment (a developer's), the dependencies are in that one's.  A ``.pth``
    line adds those folders after the new environment's own, and as plain folders: the
    editable install's import hook there (a ``.pth`` of its own) is not run, so ``byoip``
    can only come from the wheel.
    """
    if sys.prefix == sys.base_prefix:
        return  # not in a virtual environment: system_site_packages already lends them
    own = subprocess.run(
        [str(python), "-c", "import site; print(site.getsitepackages()[0])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(own) / "_borrowed_from_the_test_environment.pth").write_text("\n".join(borrowed) + "\n")


def run(installed: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        args, cwd=installed["cwd"], capture_output=True, text=True, check=False, env=env
    )


def test_the_wheel_installs_one_package_with_the_ui_and_the_samples(installed) -> None:  # type: ignore[no-untyped-def]
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    top_level = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top_level == {"byoip"}  # nothing generic (tui, screens) in site-packages
    for expected in (
        "byoip/tui/app.py",
        "byoip/tui/app.tcss",
        "byoip/screens/wizard.py",
        "byoip/sample_requests/01-ok.toml",
        "byoip/sample_requests/recordings/rdap/README.md",
        "byoip/data/iana-rdap-bootstrap-ipv4.json",
    ):
        assert expected in names


def test_the_installed_command_runs_from_the_installed_package(installed) -> None:  # type: ignore[no-untyped-def]
    version = run(installed, str(installed["bin"] / "ses-byoip"), "--version")
    assert version.returncode == 0, version.stderr
    assert "ses-byoip, version" in version.stdout
    where = run(installed, str(installed["python"]), "-c", "import byoip; print(byoip.__file__)")
    assert str(installed["python"].parent.parent) in where.stdout, where.stdout + where.stderr


def test_check_runs_on_the_packaged_samples(installed) -> None:  # type: ignore[no-untyped-def]
    samples = run(
        installed,
        str(installed["python"]),
        "-c",
        "from byoip.samples import SAMPLES_DIR; print(SAMPLES_DIR)",
    ).stdout.strip()
    assert str(installed["python"].parent.parent) in samples
    ok = run(installed, str(installed["bin"] / "ses-byoip"), "check", f"{samples}/01-ok.toml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    everything = run(installed, str(installed["bin"] / "ses-byoip"), "check", samples)
    # the folder holds samples made to fail: exit 1 (findings), not 2 (unreadable)
    assert everything.returncode == 1, everything.stdout + everything.stderr
    assert "05-host-bits.toml" in everything.stdout


DEMO = textwrap.dedent(
    """
    import asyncio
    from byoip import demo
    from byoip.config import load_settings
    from byoip.tui.app import ByoipApp

    async def main():
        app = ByoipApp(load_settings(), start="demo", offer_resume=False)
        async with app.run_test(size=(120, 34)) as pilot:
            for _ in range(400):  # the tour, then every sample's verdict from its recordings
                await pilot.pause(0.05)
                if type(app.screen).__name__ == "DemoScreen" and app.screen.verdicts:
                    break
            screen = app.screen
            assert type(screen).__name__ == "DemoScreen", screen
            assert screen.verdicts, "no sample was checked"
            pages = demo.tour_pages()
            assert all((demo.SAMPLES_DIR / p.sample.path).is_file() for p in pages if p.sample)
            print("pages", len(pages), "samples", sum(1 for p in pages if p.sample))

    asyncio.run(main())
    """
)


def test_the_demo_tour_runs_headless_from_the_wheel(installed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run(installed, str(installed["python"]), "-c", DEMO)
    assert result.returncode == 0, result.stdout + result.stderr
    pages, samples = (int(result.stdout.split()[i]) for i in (1, 3))
    assert samples == pages - 1  # every page but the one AWS checks itself has a sample
