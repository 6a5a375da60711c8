"""Long fuzz and kill run: many more hostile inputs than the regular suite, new ones each time.

    python benchmarks/fuzz_long.py [--examples 50000] [--kills 40] [--seed N]

Runs ``tests/fuzz`` with ``FUZZ_EXAMPLES`` examples per loader (random, not the suite's fixed
derandomised cases; ``--seed`` makes a run repeatable) and the SIGKILL-during-save test with
``--kills`` kills, then prints the number of fuzz cases per loader, the kills and the time taken.
Exit code: pytest's (0 when every case was loaded or refused with a PlanError).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=50_000, help="fuzz cases per loader (default 50000)")
    ap.add_argument("--kills", type=int, default=40, help="SIGKILLs during saves (default 40)")
    ap.add_argument("--seed", type=int, help="hypothesis seed (default: random)")
    args = ap.parse_args(argv)
    env = dict(os.environ, FUZZ_EXAMPLES=str(args.examples), FUZZ_RANDOM="1", KILL_ROUNDS=str(args.kills),
               QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz",
           "tests/io/test_kill_during_save.py"]
    if args.seed is not None:
        cmd += ["-p", "hypothesis", f"--hypothesis-seed={args.seed}"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    out = proc.stdout + proc.stderr
    m = re.search(r"fuzz cases run: (\d+) \((.*)\)", out)
    print(f"fuzz examples per loader requested: {args.examples}")
    if m:
        print(f"fuzz cases run: {m.group(1)}")
        for part in m.group(2).split("; "):
            print(f"  {part}")
    print(f"SIGKILLs during saves: {args.kills}")
    print(f"time: {seconds:.0f} s")
    tail = [ln for ln in out.splitlines() if ln.strip()][-1:]
    print(f"pytest: {tail[0] if tail else '(no output)'}")
    if proc.returncode:
        print(out[-6000:], file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
