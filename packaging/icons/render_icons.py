"""Render the packaging icons from their SVG sources (Qt's SVG renderer, works offscreen).

    python packaging/icons/render_icons.py --hicolor DIR   # DIR/<n>x<n>/{apps,mimetypes}/*.png + scalable/
    python packaging/icons/render_icons.py --ico FILE.ico  # Windows app icon, 16..256 px
    python packaging/icons/render_icons.py --doc-ico FILE.ico  # Windows icon of .qkdplan files

The app icon is the one the app shows in its windows, ``resources/icons/app.svg``; it is installed
under the freedesktop name ``qkd-rollout-planner``. The plan-file icon is
``packaging/icons/application-x-qkdplan.svg``. The ``.ico`` holds 32-bit BMP images up to 128 px and a PNG image at
256 px, the layout Windows Explorer and NSIS expect.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP_SVG = HERE.parent.parent / "resources" / "icons" / "app.svg"
APP_ICON = "qkd-rollout-planner"
MIME_ICON = "application-x-qkdplan"
MIME_SVG = HERE / f"{MIME_ICON}.svg"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def _qt():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([sys.argv[0]])


def render(svg: Path, size: int):
    """The SVG rendered to a ``size`` x ``size`` ARGB32 QImage with a transparent background."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read SVG {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def _png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def _bmp_entry(image) -> bytes:
    """ICO image as a 32-bit DIB: BITMAPINFOHEADER (double height), BGRA rows bottom-up, AND mask."""
    w, h = image.width(), image.height()
    # Format_ARGB32 is stored as 0xAARRGGBB words, i.e. B, G, R, A bytes on little-endian machines.
    rows = [bytes(image.constScanLine(y))[: 4 * w] for y in range(h)]
    if sys.byteorder != "little":  # pragma: no cover
        rows = [b"".join(r[i : i + 4][::-1] for i in range(0, len(r), 4)) for r in rows]
    pixels = b"".join(reversed(rows))
    mask_row = ((w + 31) // 32) * 4
    header = struct.pack("<IiiHHIIiiII", 40, w, 2 * h, 1, 32, 0, len(pixels), 0, 0, 0, 0)
    return header + pixels + b"\0" * (mask_row * h)


def write_ico(svg: Path, out: Path, sizes=ICO_SIZES) -> None:
    from PySide6.QtGui import QImage

    _qt()
    images = []
    for s in sizes:
        img = render(svg, s).convertToFormat(QImage.Format.Format_ARGB32)
        images.append((s, _png_bytes(img) if s >= 256 else _bmp_entry(img)))
    offset = 6 + 16 * len(images)
    head = struct.pack("<HHH", 0, 1, len(images))
    entries, blobs = b"", b""
    for s, blob in images:
        dim = 0 if s >= 256 else s  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(head + entries + blobs)


def write_hicolor(dest: Path) -> list[Path]:
    """Freedesktop hicolor theme tree for the app and the plan-file MIME type."""
    _qt()
    written = []
    for name, svg, context, sizes in ((APP_ICON, APP_SVG, "apps", HICOLOR_SIZES),
                                      (MIME_ICON, MIME_SVG, "mimetypes", HICOLOR_SIZES[:-1])):
        for s in sizes:
            path = dest / f"{s}x{s}" / context / f"{name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            if not render(svg, s).save(str(path), "PNG"):
                raise SystemExit(f"cannot write {path}")
            written.append(path)
        scalable = dest / "scalable" / context / f"{name}.svg"
        scalable.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(svg, scalable)
        written.append(scalable)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hicolor", type=Path, metavar="DIR", help="write a hicolor icon tree into DIR")
    p.add_argument("--ico", type=Path, metavar="FILE", help="write the Windows app icon")
    p.add_argument("--doc-ico", type=Path, metavar="FILE", help="write the Windows plan-file icon")
    args = p.parse_args(argv)
    if not (args.hicolor or args.ico or args.doc_ico):
        p.error("nothing to do: give --hicolor, --ico and/or --doc-ico")
    if args.hicolor:
        print(f"{len(write_hicolor(args.hicolor))} icons in {args.hicolor}")
    if args.ico:
        write_ico(APP_SVG, args.ico)
        print(f"wrote {args.ico}")
    if args.doc_ico:
        write_ico(MIME_SVG, args.doc_ico)
        print(f"wrote {args.doc_ico}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
