"""SIGKILL during a save: the plan file is always the old or the new version, never a partial one.

A child process saves two large plans in turn to the same file as fast as it can; the test kills it
with SIGKILL at random moments (waiting on the process with a deadline, no sleeping) and checks the
file and its ``.bak`` byte for byte.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap

import pytest

from planner.io import dumps_plan, load_plan
from planner.model import Fiber, Plan, PlanMeta, Site

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
#: Kills per run (``KILL_ROUNDS`` raises it for a long run).
ROUNDS = int(os.environ.get("KILL_ROUNDS", "5"))

CHILD = textwrap.dedent("""
    import sys
    from planner.io import load_plan, save_plan
    plans = [load_plan(sys.argv[1]), load_plan(sys.argv[2])]
    target = sys.argv[3]
    print("ready", flush=True)
    n = 0
    while True:
        save_plan(plans[n % 2], target)
        n += 1
        print(n, flush=True)
""")


def big_plan(name: str, n_sites: int) -> Plan:
    plan = Plan(meta=PlanMeta(name=name))
    for i in range(n_sites):
        plan.sites[f"s{i}"] = Site(f"s{i}", f"Site {i} " + "x" * 40, "warehouse", 1000.0 + 7 * i, 2000.0 + (i % 13))
    for i in range(n_sites - 1):
        plan.fibers[f"f{i}"] = Fiber(f"f{i}", f"s{i}", f"s{i + 1}", vertices=((1003.5 + 7 * i, 2500.0),))
    return plan


def _read_until(proc: subprocess.Popen, word: str) -> None:
    line = proc.stdout.readline()
    assert line.strip() == word, f"child said {line!r}: {proc.stderr.read() if proc.poll() is not None else ''}"


def test_sigkill_during_save_leaves_old_or_new_file(tmp_path):
    a, b = tmp_path / "a.qkdplan", tmp_path / "b.qkdplan"
    text_a, text_b = dumps_plan(big_plan("Version A", 500)), dumps_plan(big_plan("Version B", 400))
    a.write_text(text_a, encoding="utf-8")
    b.write_text(text_b, encoding="utf-8")
    versions = {text_a.encode(), text_b.encode()}
    assert len(text_a) > 300_000
    rng = random.Random(20261128)
    target = tmp_path / "plan.qkdplan"
    kills = 0
    saves_seen = 0
    for round_ in range(ROUNDS):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(a), str(b), str(target)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _read_until(proc, "ready")
            if round_ % 2:  # let a few saves finish first, then kill at a random moment
                for _ in range(rng.randint(1, 3)):
                    saves_seen += bool(proc.stdout.readline().strip())
            try:
                proc.wait(timeout=rng.uniform(0.0, 0.4))
            except subprocess.TimeoutExpired:
                pass
            assert proc.poll() is None, proc.stderr.read()
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            kills += 1
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
            out = proc.stdout.read()
            proc.stdout.close()
            proc.stderr.close()
        saves_seen += len(out.split())
        if target.exists():
            assert target.read_bytes() in versions, "the plan file is a complete old or new version"
            load_plan(target)
        bak = target.with_name(target.name + ".bak")
        if bak.exists():
            assert bak.read_bytes() in versions, "the backup is a complete version too"
    assert kills == ROUNDS
    assert target.exists() and saves_seen > 0
