"""CPU instructions of a child process, counted by callgrind (valgrind).

Unlike a time, the count is the same from run to run whatever else the machine
is doing: on the shared 2-core machines these benchmarks were written on, the
wall-clock ratio of one tree moved by 0.1x to 0.3x between runs, while its
instruction ratio stayed put.  Instructions are not seconds (a cache miss costs
more than an add), so the benchmarks print both.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path


def counting_wanted(wanted: bool) -> bool:
    """Whether to count (asked for, and valgrind installed); says so when it can't."""
    if wanted and shutil.which("valgrind") is None:
        print("(instructions not counted: valgrind is not installed; apt-get install valgrind)")
        return False
    return wanted


def count_instructions(
    args: Sequence[str], env: Mapping[str, str], cwd: Path, *, expected_exit: int = 0
) -> int:
    """Instructions ``args`` runs, started in ``cwd`` with ``env``; it must exit as expected."""
    out = cwd / "callgrind.out"
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *args],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    counted = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != expected_exit or counted is None:
        raise SystemExit(f"callgrind could not count {list(args[:4])}:\n{result.stderr[-2000:]}")
    out.unlink(missing_ok=True)
    return int(counted.group(1))
