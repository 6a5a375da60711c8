"""The Linux integration files agree with each other and with the app (fast, no build)."""

from __future__ import annotations

import configparser
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
sys.path.insert(0, str(LINUX))
sys.path.insert(0, str(ROOT / "packaging" / "icons"))

import deb_depends  # noqa: E402
import render_icons  # noqa: E402

MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str  # keys are case-sensitive
    cp.read(LINUX / "qkd-rollout-planner.desktop", encoding="utf-8")
    return cp["Desktop Entry"]


def test_desktop_entry_launches_the_app_on_plan_files() -> None:
    e = desktop_entry()
    assert e["Type"] == "Application"
    assert e["Exec"].split() == ["qkd-planner", "%f"]
    assert e["TryExec"] == "qkd-planner"
    assert e["Icon"] == render_icons.APP_ICON
    assert "application/x-qkdplan" in e["MimeType"].split(";")
    assert e["Terminal"] == "false"
    for key in ("Categories", "MimeType", "Keywords"):
        assert e[key].endswith(";"), key


def test_mime_type_matches_the_plan_files() -> None:
    root = ET.parse(LINUX / "qkd-rollout-planner.xml").getroot()
    (mt,) = root.findall(f"{MIME_NS}mime-type")
    assert mt.get("type") == "application/x-qkdplan"
    assert [g.get("pattern") for g in mt.findall(f"{MIME_NS}glob")] == ["*.qkdplan"]
    assert mt.find(f"{MIME_NS}icon").get("name") == render_icons.MIME_ICON
    # The content match finds the format marker of a real plan within its offset range.
    match = mt.find(f"{MIME_NS}magic/{MIME_NS}match")
    start, end = (int(x) for x in match.get("offset").split(":"))
    head = (ROOT / "examples" / "harbor.qkdplan").read_bytes()[: end + len(match.get("value"))]
    assert head.find(match.get("value").encode(), start) != -1


def test_launcher_and_control_point_at_the_install_prefix() -> None:
    launcher = (LINUX / "launcher.sh").read_text()
    assert "exec /opt/qkd-rollout-planner/qkd-planner \"$@\"" in launcher
    assert os.access(LINUX / "launcher.sh", os.X_OK)
    build = (LINUX / "build.sh").read_text()
    assert "PREFIX=/opt/$PKG" in build and "PKG=qkd-rollout-planner" in build
    control = (LINUX / "control.in").read_text()
    for field in ("Package: qkd-rollout-planner", "Version: @VERSION@", "Depends: @DEPENDS@",
                  "Architecture: @ARCH@", "Installed-Size: @INSTALLED_SIZE@"):
        assert field in control
    for script in ("postinst", "postrm"):
        text = (LINUX / script).read_text()
        assert os.access(LINUX / script, os.X_OK), script
        assert "update-desktop-database" in text and "update-mime-database" in text
    assert "rm -rf /opt/qkd-rollout-planner" in (LINUX / "postrm").read_text()


def test_maintainer_scripts_are_valid_sh() -> None:
    for script in ("postinst", "postrm", "launcher.sh"):
        r = subprocess.run(["sh", "-n", str(LINUX / script)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    r = subprocess.run(["bash", "-n", str(LINUX / "build.sh")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("soname, package", [
    ("libwayland-client.so.0", "libwayland-client0"),
    ("libEGL.so.1", "libegl1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libgtk-3.so.0", "libgtk-3-0"),
    ("libfoo2.so.5", "libfoo2-5"),
])
def test_soname_to_debian_package_name(soname: str, package: str) -> None:
    assert deb_depends.soname_package(soname) == package


def test_glibc_libraries_map_to_libc6() -> None:
    for soname in ("libc.so.6", "libm.so.6", "libpthread.so.0", "ld-linux-x86-64.so.2", "libdl.so.2"):
        assert deb_depends.GLIBC.match(soname), soname
    assert not deb_depends.GLIBC.match("libcrypto.so.3")


def test_hicolor_icons_and_ico(tmp_path: Path) -> None:
    written = render_icons.write_hicolor(tmp_path / "hicolor")
    for size in (16, 48, 256, 512):
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / f"{render_icons.APP_ICON}.png"
        assert png in written
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)
    assert (tmp_path / "hicolor/scalable/mimetypes" / f"{render_icons.MIME_ICON}.svg").is_file()

    ico = tmp_path / "app.ico"
    render_icons.write_ico(render_icons.APP_SVG, ico, sizes=(16, 32, 256))
    data = ico.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 3)
    for i, size in enumerate((16, 32, 256)):
        w, h, _, _, planes, bpp, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        assert (w or 256, h or 256, planes, bpp) == (size, size, 1, 32)
        blob = data[offset: offset + length]
        assert len(blob) == length
        if size == 256:
            assert blob[:4] == b"\x89PNG"
        else:  # BITMAPINFOHEADER: double height (XOR image + AND mask), 32 bpp
            assert struct.unpack("<IiiHH", blob[:16]) == (40, size, 2 * size, 1, 32)
            # some pixel of the icon is opaque (alpha byte of BGRA)
            assert any(blob[40 + 3 + 4 * k] == 255 for k in range(size * size))


def test_committed_windows_icons_are_icons() -> None:
    for name in ("qkd-planner.ico", "qkdplan-file.ico"):
        data = (ROOT / "packaging" / "windows" / name).read_bytes()
        assert struct.unpack("<HHH", data[:6])[:2] == (0, 1), name
        assert struct.unpack("<H", data[4:6])[0] >= 5, name
