"""How long `ses-byoip check` takes for 1,000 records, and what the field rules cost per keystroke.

Run:  python bench/bench_check.py [--records N] [--repeat R] [--no-instructions]

Every figure is printed next to a baseline measured in the same run, as a ratio:
- check over N generated records (in-process: the functions and click's CliRunner, each
  run with the rules' memo emptied first, so every run is a cold one; and the real
  command in a subprocess, its modules compiled from source every start as in a
  checkout run with PYTHONDONTWRITEBYTECODE=1, then with their bytecode cached as an
  installed package has it) against reading and parsing the same files with tomllib
  alone (in-process and in a subprocess), runs interleaved, best of R each; where
  valgrind is installed, the subprocesses' instructions too (one run of each,
  ``bench/instructions.py``: the same count run after run);
- each field rule on typical input against ``str.strip`` on that input (the least
  any keystroke handler does), and against a 16.7 ms frame (60 Hz).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from instructions import count_instructions, counting_wanted  # noqa: E402  (bench/, beside this file)
from project_copy import project_copy  # noqa: E402

FRAME_SECONDS = 1 / 60


def generate(folder: Path, count: int) -> None:
    """``count`` records: mostly valid, some with errors, many sharing accounts/Regions."""
    from byoip.record import Record, save_record
    from byoip.regions import REGIONS
    from byoip.request import Request

    regions = list(REGIONS)
    use_case = (
        "Transactional email for our shop: receipts and password resets, about two million "
        "messages a month from our own MTAs."
    )
    for i in range(count):
        third, second = i % 256, 1 + (i // 256)
        ip_range = f"185.{second}.{third}.0/24"
        if i % 10 == 3:
            ip_range = f"185.{second}.{third}.7/24"  # host bits: an error
        elif i % 10 == 7:
            ip_range = f"10.{second}.{third}.0/24"  # special-purpose: an error
        request = Request(
            account_id=f"{100000000000 + i // 4:012d}",  # four ranges per account
            region=regions[(i // 4) % len(regions)],
            use_case=use_case if i % 5 else "Newsletters.",
            ip_range=ip_range,
            registry="ripe" if i % 3 else "ARIN",
        )
        save_record(folder / f"request-{i:04d}.toml", Record.new(request))


def best_of(funcs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Each function's fastest of ``repeat`` runs (seconds), the runs interleaved.

    The fastest run is the least disturbed by other processes; interleaving spreads a
    busy spell of the machine over every function instead of one.
    """
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {name: min(runs) for name, runs in times.items()}


def per_call(stmt: Callable[[], object], number: int, cold: bool = False) -> float:
    """Seconds per call, best of 5 timeit rounds.

    ``cold``: the rules' memo is emptied before each call (its cost is counted in), so
    the rule runs every time instead of answering from the memo.
    """
    from byoip.fields import forget_verdicts

    def emptied_first() -> object:
        forget_verdicts()
        return stmt()

    return min(timeit.repeat(emptied_first if cold else stmt, number=number, repeat=5)) / number


def row(label: str, seconds: float, base: float, base_label: str) -> str:
    return (
        f"  {label:<44} {seconds * 1e3:10.3f} ms   baseline {base * 1e3:9.3f} ms "
        f"({base_label})   ratio {seconds / base:8.1f}x"
    )


def bench_check(count: int, repeat: int, *, instructions: bool = True) -> None:
    import tomllib

    from click.testing import CliRunner

    from byoip.cli import main
    from byoip.cli.records import check_paths
    from byoip.fields import forget_verdicts

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "records"
        folder.mkdir()
        generate(folder, count)
        files = sorted(folder.glob("*.toml"))

        def parse_only() -> None:
            for path in files:
                tomllib.loads(path.read_text(encoding="utf-8"))

        def in_process() -> None:
            forget_verdicts()  # cold: the rules' memo would make every run after the first cheap
            check_paths([folder])

        runner = CliRunner()

        def via_click() -> None:
            forget_verdicts()
            result = runner.invoke(main, ["check", "--json", str(folder)])
            assert result.exit_code == 1, result.output[-500:]

        results = check_paths([folder])
        errors = sum(not r.ok for r in results)
        print(f"check over {count} generated records ({errors} with errors), best of {repeat}:")
        best = best_of({"base": parse_only, "check": in_process, "click": via_click}, repeat)
        base = best["base"]
        print(row("tomllib parse of the same files (baseline)", base, base, "itself"))
        print(row("check_paths() in-process", best["check"], base, "tomllib"))
        print(row("`check --json` via CliRunner", best["click"], base, "tomllib"))

        parse_script = (
            "import pathlib, sys, tomllib\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.toml')):\n"
            "    tomllib.loads(p.read_text(encoding='utf-8'))\n"
        )
        base_args = [sys.executable, "-c", parse_script, str(folder)]
        check_args = [sys.executable, "-m", "byoip", "check", "--json", str(folder)]
        conditions = (
            ("subprocess", False),  # every start compiles the project's modules from source
            ("subprocess, bytecode cached", True),  # as installed: pip compiles .pyc files
        )
        children = Path(tmp)  # where they start, with the project's copy and the bytecode
        for label, bytecode in conditions:
            env = _child_env(children, bytecode=bytecode)
            _run(base_args, env, children, 0)  # warm-up: the file cache (and bytecode) for both
            _run(check_args, env, children, 1)
            base_runs, check_runs = [], []
            for _ in range(repeat):  # interleaved, best of each: load on the machine hits both
                base_runs.append(_run(base_args, env, children, 0))
                check_runs.append(_run(check_args, env, children, 1))
            real, sub_base = min(check_runs), min(base_runs)
            title = f"`python -m byoip check --json` ({label})"
            print(row(title, real, sub_base, "python+tomllib"))
            print(f"  per record: {real / count * 1e3:.3f} ms end to end")
            if instructions:
                base_count = count_instructions(base_args, env, children)
                check_count = count_instructions(check_args, env, children, expected_exit=1)
                print(
                    f"  instructions (callgrind): python+tomllib {base_count / 1e6:,.0f}M, "
                    f"check {check_count / 1e6:,.0f}M, ratio {check_count / base_count:.2f}x"
                )


def _child_env(folder: Path, *, bytecode: bool) -> dict[str, str]:
    """The environment of a timed child: project modules compiled every start, or cached.

    The project comes from a copy without bytecode in ``folder`` (see ``project_copy``);
    cached bytecode goes to ``folder/pycache`` (``PYTHONPYCACHEPREFIX``), never into the
    repository.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = str(project_copy(folder))
    pycache = folder / "pycache"
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def _run(args: list[str], env: dict[str, str], folder: Path, expected_exit: int) -> float:
    """Seconds one child takes, started in ``folder`` (not the checkout: "" on its path
    would import byoip and its bytecode there); it must exit as expected."""
    start = time.perf_counter()
    result = subprocess.run(args, cwd=folder, env=env, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != expected_exit:
        stderr = result.stderr.decode()[-500:]
        raise SystemExit(f"{args[1:4]} exited {result.returncode}:\n{stderr}")
    return seconds


def bench_keystroke() -> None:
    from byoip.fields import (
        check_account_id,
        check_fields,
        check_ip_range,
        check_region,
        check_registry,
        check_use_case,
    )
    from byoip.request import Request

    use_case = (
        "Transactional email for our shop: receipts and password resets, about two million "
        "messages a month from our own MTAs."
    )
    request = Request("1234-5678-9012", "eu-west-1", use_case, "193.0.0.0/24", "ripe")
    cases: list[tuple[str, str, Callable[[], object]]] = [
        (
            "check_account_id('1234-5678-9012')",
            "1234-5678-9012",
            lambda: check_account_id("1234-5678-9012"),
        ),
        ("check_region('eu-west-1')", "eu-west-1", lambda: check_region("eu-west-1")),
        ("check_region('mumbai') (suggestion)", "mumbai", lambda: check_region("mumbai")),
        ("check_use_case(120 chars)", use_case, lambda: check_use_case(use_case)),
        ("check_ip_range('193.0.0.0/24')", "193.0.0.0/24", lambda: check_ip_range("193.0.0.0/24")),
        (
            "check_ip_range('203.0.113.5/24') (errors)",
            "203.0.113.5/24",
            lambda: check_ip_range("203.0.113.5/24"),
        ),
        ("check_registry('ripe', range)", "ripe", lambda: check_registry("ripe", "193.0.0.0/24")),
        ("all five: check_fields(request)", use_case, lambda: check_fields(request)),
    ]
    print("\nper keystroke (best of 5 × 2,000 calls, the rules' memo emptied before each):")
    for label, text, stmt in cases:
        seconds = per_call(stmt, 2000, cold=True)
        base = per_call(text.strip, 2000)
        print(
            f"  {label:<44} {seconds * 1e6:8.1f} µs   str.strip {base * 1e6:6.3f} µs   "
            f"ratio {seconds / base:7.0f}x   {seconds / FRAME_SECONDS * 100:6.3f}% of a 60 Hz frame"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-instructions",
        action="store_true",
        help="skip the subprocesses' instruction counts (callgrind: about a minute)",
    )
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    counting = counting_wanted(not args.no_instructions)
    bench_check(args.records, args.repeat, instructions=counting)
    bench_keystroke()


if __name__ == "__main__":
    main()
