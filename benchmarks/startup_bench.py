"""Startup time of the built app: from launch to its main window shown on screen (target <= 3 s).

    python benchmarks/startup_bench.py [--exe packaging/out/dist/qkd-planner/qkd-planner] [--runs 5]
    python benchmarks/startup_bench.py --source      # the same from the checkout (python -m planner)

Method: an Xvfb display of its own; the app is launched on the bundled example plan with an empty
settings/data folder (no recovery prompt), and ``xwininfo`` is polled every 10 ms until a
top-level window titled "... QKD Rollout Planner" is mapped and viewable. The time from launch to
that moment is the startup time; the app is then terminated. The first run reads the bundle from
disk (cold file cache unless it ran before), the next ones from the cache: both are printed, with
the median. For scale it also times ``--version`` (bootloader + Python start, no Qt) and
``evaluate`` on the example (headless engine).

Without Xvfb/xwininfo it falls back to timing ``--screenshot`` under the offscreen platform (an
upper bound: it includes rendering and saving a PNG).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXE = ROOT / "packaging" / "out" / "dist" / "qkd-planner" / "qkd-planner"
TITLE = "QKD Rollout Planner"
TARGET_S = 3.0
TIMEOUT_S = 60.0


def command(args: argparse.Namespace) -> tuple[list[str], Path]:
    """The app's command line and its bundled example plan."""
    if args.source:
        return [sys.executable, "-m", "planner"], ROOT / "examples" / "harbor.qkdplan"
    exe = Path(args.exe)
    if not exe.is_file():
        raise SystemExit(f"no bundle at {exe}: run packaging/linux/build.sh first (or pass --exe / --source)")
    return [str(exe)], exe.parent / "_internal" / "examples" / "harbor.qkdplan"


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"),
               PLANNER_DATA_DIR=str(tmp / "planner-data"), **extra)
    return env


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """An Xvfb server on a free display number."""
    for n in range(90, 140):
        if Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
            continue
        proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp",
                                 "-noreset"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if subprocess.run(["xwininfo", "-root", "-display", f":{n}"], capture_output=True).returncode == 0:
                return proc, f":{n}"
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    raise SystemExit("could not start Xvfb")


def window_shown(display: str) -> bool:
    tree = subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                          capture_output=True, text=True).stdout
    for wid in re.findall(rf"^\s*(0x[0-9a-f]+) \".*{TITLE}.*\"", tree, re.M):
        info = subprocess.run(["xwininfo", "-id", wid, "-display", display],
                              capture_output=True, text=True).stdout
        if "Map State: IsViewable" in info:
            return True
    return False


def time_to_window(cmd: list[str], plan: Path, display: str) -> float:
    with tempfile.TemporaryDirectory(prefix="qkd-startup-") as tmp:
        env = clean_env(Path(tmp), DISPLAY=display, QT_QPA_PLATFORM="xcb")
        t0 = time.perf_counter()
        proc = subprocess.Popen([*cmd, str(plan)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        try:
            while True:
                if window_shown(display):
                    return time.perf_counter() - t0
                if proc.poll() is not None:
                    raise SystemExit(f"the app exited ({proc.returncode}) before showing a window:\n"
                                     f"{proc.stderr.read() if proc.stderr else ''}")
                if time.perf_counter() - t0 > TIMEOUT_S:
                    raise SystemExit(f"no window after {TIMEOUT_S:.0f} s")
                time.sleep(0.01)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def time_run(cmd: list[str], extra_env: dict[str, str] | None = None) -> float:
    with tempfile.TemporaryDirectory(prefix="qkd-startup-") as tmp:
        env = clean_env(Path(tmp), **(extra_env or {}))
        t0 = time.perf_counter()
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    return dt


def show(label: str, times: list[float]) -> float:
    med = statistics.median(times)
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label:<34} first {times[0]:.2f} s, median {med:.2f} s   [{runs}]")
    return med


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--exe", default=str(DEFAULT_EXE), help="the bundle's executable")
    p.add_argument("--source", action="store_true", help="run the checkout (python -m planner) instead")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--window-only", action="store_true", help="skip the --version / evaluate timings")
    args = p.parse_args(argv)
    cmd, plan = command(args)
    print(f"app: {' '.join(cmd)}\nplan: {plan}\nruns: {args.runs}")
    try:
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    except OSError:
        pass

    if not args.window_only:
        show("--version", [time_run([*cmd, "--version"]) for _ in range(args.runs)])
        show("evaluate (headless)", [time_run([*cmd, "evaluate", str(plan)]) for _ in range(args.runs)])

    if shutil.which("Xvfb") and shutil.which("xwininfo"):
        xvfb, display = start_xvfb()
        try:
            times = [time_to_window(cmd, plan, display) for _ in range(args.runs)]
        finally:
            xvfb.terminate()
            xvfb.wait()
        med = show("launch -> main window shown (xcb)", times)
    else:
        print("Xvfb/xwininfo missing: timing --screenshot offscreen instead (upper bound)")
        with tempfile.TemporaryDirectory() as tmp:
            shot = str(Path(tmp) / "shot.png")
            times = [time_run([*cmd, str(plan), "--screenshot", shot], {"QT_QPA_PLATFORM": "offscreen"})
                     for _ in range(args.runs)]
        med = show("launch -> screenshot saved (offscreen)", times)
    print(f"target <= {TARGET_S:.0f} s: {'met' if med <= TARGET_S else 'NOT met'} (median {med:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
