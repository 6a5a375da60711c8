"""Regenerate docs/report/: the example report (PDF) and its pages as PNG images.

Renders ``examples/harbor.qkdplan`` with the rollout phases in English (every page) and in Chinese
(cover, contents, summary and the resilience page with the breach-detection drill), dated 2026-05-01
so the output only changes when the planner does, then turns the pages into PNGs with
``pdftoppm -png -r 100`` (Debian ``poppler-utils``). To keep the folder small (about 1.5 MB), each
page is stored with a palette of its 256 most frequent colours (every pixel mapped to the nearest),
so the report's flat colours stay exact and only anti-aliased edges are rounded.

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

import numpy as np
from PIL import Image

from planner.io import load_plan
from planner.reports import write_report

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "report"
DATE = "2026-05-01"
DPI = 100
ZH_FIRST_PAGES = 3
#: The Chinese page shown beside the first ones: the one with this heading.
ZH_EXTRA_HEADING = "入侵检测演练"
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


def render(pdf: Path, prefix: str, env: dict[str, str], first: int = 1, last: int | None = None) -> None:
    cmd = ["pdftoppm", "-png", "-r", str(DPI), "-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    subprocess.run([*cmd, str(pdf), str(OUT / prefix)], check=True, env=env)


def palette_png(path: Path, colours: int = 256) -> None:
    """Rewrite ``path`` as a palette PNG of its ``colours`` most frequent colours."""
    im = Image.open(path).convert("RGB")
    px = np.asarray(im).reshape(-1, 3)
    uniq, inverse, counts = np.unique(px, axis=0, return_inverse=True, return_counts=True)
    pal = uniq[np.argsort(-counts, kind="stable")[:colours]].astype(np.int32)
    nearest = np.empty(len(uniq), dtype=np.uint8)
    for i in range(0, len(uniq), 4096):  # in chunks: uniq x palette distances
        chunk = uniq[i:i + 4096].astype(np.int32)
        nearest[i:i + 4096] = ((chunk[:, None, :] - pal[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    idx = nearest[inverse.ravel()]
    out = Image.frombytes("P", im.size, idx.tobytes())
    out.putpalette(pal.astype(np.uint8).ravel().tolist())
    out.save(path, optimize=True)


def page_with(pdf: Path, text: str) -> int | None:
    """1-based number of the last page whose text contains ``text`` (the section, not its contents entry)."""
    from pypdf import PdfReader

    found = None
    for i, page in enumerate(PdfReader(str(pdf)).pages, start=1):
        if text in (page.extract_text() or "").replace(" ", ""):
            found = i
    return found


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
        render(zh, "zh-page", env, last=ZH_FIRST_PAGES)
        extra = page_with(zh, ZH_EXTRA_HEADING)
        if extra is not None and extra > ZH_FIRST_PAGES:
            render(zh, "zh-page", env, first=extra, last=extra)
    for png in sorted(OUT.glob("*.png")):
        palette_png(png)
    total = 0
    for p in sorted(OUT.iterdir()):
        total += p.stat().st_size
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size / 1024:.0f} KiB")
    print(f"total {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
