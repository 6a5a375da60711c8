"""Refresh the translation sources from the code and compile them.

    python resources/translations/update.py

1. ``pyside6-lupdate`` extracts every ``self.tr(...)``, ``QCoreApplication.translate(...)``,
   ``QT_TRANSLATE_NOOP(...)`` and module-level ``tr(...)`` text of ``planner/gui``.
2. lupdate files module-level ``tr("…")`` calls under an empty context; at run time those
   helpers call ``QCoreApplication.translate("<Context>", text)``, so each message is moved to the
   context its module's ``tr`` uses.
3. Existing translations of ``planner_<lang>.ts`` are kept (matched by context and source, then by
   source alone); new texts are marked unfinished for the translator (Qt Linguist).
4. ``pyside6-lrelease`` compiles ``planner_<lang>.qm``, the file the app loads.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LANGS = {"zh": "zh_CN"}
TR_CONTEXT = re.compile(r'def tr\(text[^)]*\)[^:]*:\s*\n\s*return QCoreApplication\.translate\("([^"]+)", text\)')


def tool(name: str) -> str:
    for candidate in (Path(sys.executable).parent / name, shutil.which(name)):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise SystemExit(f"{name} not found (it comes with PySide6)")


#: ``tr = self.window.tr`` borrows the main window's context.
WINDOW_TR = re.compile(r"\btr = self\.window\.tr\b")


def module_contexts(files: list[Path]) -> dict[str, str]:
    out = {}
    for f in files:
        text = f.read_text(encoding="utf-8")
        m = TR_CONTEXT.search(text)
        if m:
            out[f.resolve().as_posix()] = m.group(1)
        elif WINDOW_TR.search(text):
            out[f.resolve().as_posix()] = "MainWindow"
    return out


def existing(ts: Path) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    by_ctx, by_src = {}, {}
    if ts.is_file():
        for ctx in ET.parse(ts).getroot().iter("context"):
            name = ctx.findtext("name") or ""
            for msg in ctx.iter("message"):
                src, tr = msg.findtext("source"), msg.find("translation")
                if src and tr is not None and tr.text and tr.get("type") not in ("unfinished", "obsolete"):
                    by_ctx[(name, src)] = tr.text
                    by_src.setdefault(src, tr.text)
    return by_ctx, by_src


def update(lang: str) -> None:
    files = sorted((ROOT / "planner" / "gui").rglob("*.py"))
    ts = HERE / f"planner_{lang}.ts"
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.ts"
        subprocess.run([tool("pyside6-lupdate"), *map(str, files), "-no-obsolete", "-locations", "none",
                        "-target-language", LANGS[lang], "-ts", str(raw)], check=True, capture_output=True)
        root = ET.parse(raw).getroot()
    contexts = module_contexts(files)
    by_ctx, by_src = existing(ts)
    messages: dict[str, dict[str, ET.Element]] = {}
    # lupdate with -locations none loses file names: find each empty-context text in the modules
    texts = {f.resolve().as_posix(): f.read_text(encoding="utf-8") for f in files}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            src = msg.findtext("source") or ""
            targets = [name]
            if not name:
                # (a text split over several string literals is found by its beginning)
                head = re.escape(_escape(src)[:40])
                targets = [c for f, c in contexts.items()
                           if re.search(r'\btr\(\s*"' + head, texts[f])] or ["Global"]
            for target in targets:
                messages.setdefault(target, {})[src] = msg
    out = ET.Element("TS", {"version": "2.1", "language": LANGS[lang]})
    missing = 0
    for name in sorted(messages):
        c = ET.SubElement(out, "context")
        ET.SubElement(c, "name").text = name
        for src in sorted(messages[name]):
            m = ET.SubElement(c, "message")
            if messages[name][src].get("numerus") == "yes":
                m.set("numerus", "yes")
            ET.SubElement(m, "source").text = src
            text = by_ctx.get((name, src)) or by_src.get(src)
            t = ET.SubElement(m, "translation")
            if text:
                if m.get("numerus") == "yes":
                    ET.SubElement(t, "numerusform").text = text
                else:
                    t.text = text
            else:
                t.set("type", "unfinished")
                missing += 1
    ET.indent(out)
    body = ET.tostring(out, encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(HERE / f"planner_{lang}.qm")], check=True,
                   capture_output=True)
    print(f"{ts.name}: {sum(len(v) for v in messages.values())} texts, {missing} untranslated")


def _escape(src: str) -> str:
    """The text as written in Python source (quotes and newlines escaped)."""
    return src.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


if __name__ == "__main__":
    for code in LANGS:
        update(code)
