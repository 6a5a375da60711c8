"""Regenerate docs/report/: the example report (PDF) and its pages as PNG images.

Renders ``examples/harbor.qkdplan`` with the rollout phases in English (every page) and in Chinese
(the first pages), dated 2026-05-01 so the output only changes when the planner does, then turns the
pages into PNGs with ``pdftoppm -png -r 80`` (Debian ``poppler-utils``).

Chinese reports use the PDF viewer's own copy of the built-in font ``STSong-Light``; poppler asks
fontconfig for one. Debian's ``fonts-droid-fallback`` covers the glyphs but fontconfig does not list
it for ``zh-cn``, so for the images a private fontconfig file maps Chinese to it when it is installed.

Run: ``python docs/make_report_images.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from planner.io import load_plan
from planner.reports import write_report

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "report"
DATE = "2026-05-01"
ZH_PAGES = 5
CJK_FALLBACKS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "Droid Sans Fallback")

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test name="lang" compare="contains"><string>zh</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>{family}</string></edit>
  </match>
</fontconfig>
"""


def cjk_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    if shutil.which("fc-list") is None:
        return env
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    for fam in CJK_FALLBACKS:
        if fam in families:
            conf = tmp / "fonts.conf"
            conf.write_text(FONTS_CONF.format(family=fam), encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
            break
    return env


def render(pdf: Path, prefix: str, env: dict[str, str], last: int | None = None) -> None:
    cmd = ["pdftoppm", "-png", "-r", "80"]
    if last:
        cmd += ["-l", str(last)]
    subprocess.run([*cmd, str(pdf), str(OUT / prefix)], check=True, env=env)


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    plan = load_plan(ROOT / "examples" / "harbor.qkdplan")
    en = write_report(plan, OUT / "example-report.pdf", date=DATE, include_phases=True)
    with tempfile.TemporaryDirectory() as tmp:
        zh = write_report(plan, Path(tmp) / "zh.pdf", lang="zh", date=DATE, include_phases=True)
        env = cjk_env(Path(tmp))
        render(en, "page", env)
        render(zh, "zh-page", env, last=ZH_PAGES)
    for p in sorted(OUT.iterdir()):
        print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
