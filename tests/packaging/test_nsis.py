"""The Windows installer script compiles with makensis against a stand-in bundle folder."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "packaging" / "windows" / "installer.nsi"
MAKENSIS = shutil.which("makensis")

pytestmark = pytest.mark.skipif(
    MAKENSIS is None, reason="makensis (NSIS) is not installed: apt-get install nsis")

STAND_IN = {
    "qkd-planner.exe": b"MZ stand-in for the windowed app",
    "qkd-planner-cli.exe": b"MZ stand-in for the console app",
    "_internal/resources/devices.json": b"{}",
    "_internal/examples/harbor.qkdplan": b'{"format": "qkd-rollout-planner"}',
}


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    d = tmp_path / "bundle"
    for rel, data in STAND_IN.items():
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return d


def makensis(*defines: str) -> subprocess.CompletedProcess[str]:
    # -WX: any warning fails the build; -V4: list every file packed.
    return subprocess.run([MAKENSIS, "-WX", "-V4", *(f"-D{d}" for d in defines), str(NSI)],
                          capture_output=True, text=True, timeout=300)


def utf16(s: str) -> bytes:
    return s.encode("utf-16-le")


def test_installer_compiles_with_the_stand_in_bundle(app_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "qkd-rollout-planner-0.1.0-setup.exe"
    r = makensis(f"APP_DIR={app_dir}", "VERSION=0.1.0", f"OUT_FILE={out}")
    assert r.returncode == 0, r.stdout + r.stderr
    data = out.read_bytes()
    assert data[:2] == b"MZ"
    packed = set(re.findall(r'^File: "([^"]+)"', r.stdout, re.M))
    assert {Path(rel).name for rel in STAND_IN} <= packed
    assert "qkdplan-file.ico" in packed
    # Version resource of the setup program, stamped from VERSION.
    for text in ("QKD Rollout Planner", "0.1.0", "ProductVersion", "FileVersion"):
        assert utf16(text) in data, text
    log = r.stdout
    # Start-menu shortcut to the app, .qkdplan opened by it (per-user or machine hive: SHCTX).
    assert 'CreateShortcut: "$SMPROGRAMS\\QKD Rollout Planner.lnk"->"$INSTDIR\\qkd-planner.exe"' in log
    assert "WriteRegStr: SHCTX\\Software\\Classes\\.qkdplan\\=QKDRolloutPlanner.Plan" in log
    assert ("WriteRegStr: SHCTX\\Software\\Classes\\QKDRolloutPlanner.Plan\\shell\\open\\command\\="
            '"$INSTDIR\\qkd-planner.exe" "%1"') in log
    assert "QKDRolloutPlanner.Plan\\DefaultIcon\\=$INSTDIR\\qkdplan-file.ico" in log
    # An uninstaller, registered in Apps & features, removing every top-level item it installed.
    assert 'WriteUninstaller: "$INSTDIR\\Uninstall.exe"' in log
    assert "CurrentVersion\\Uninstall\\QKDRolloutPlanner\\UninstallString=" in log
    uninstall = log[log.index('Delete: "$SMPROGRAMS'):]
    for item in [*{rel.split("/")[0] for rel in STAND_IN}, "qkdplan-file.ico", "Uninstall.exe"]:
        assert (f'Delete: "$INSTDIR\\{item}"' in uninstall
                or f'RMDir: /r "$INSTDIR\\{item}"' in uninstall), item
    assert 'RMDir: "$INSTDIR"' in uninstall  # the folder itself only when empty (no /r)


def test_prerelease_version_gets_a_numeric_file_version(app_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "qkd-rollout-planner-1.2.0rc1-setup.exe"
    r = makensis(f"APP_DIR={app_dir}", "VERSION=1.2.0rc1", f"OUT_FILE={out}")
    assert r.returncode == 0, r.stdout + r.stderr
    assert '!define: "VERSION_QUAD"="1.2.0.0"' in r.stdout
    assert utf16("1.2.0rc1") in out.read_bytes()


@pytest.mark.parametrize("missing", ["APP_DIR", "VERSION", "OUT_FILE"])
def test_each_define_is_required(missing: str, app_dir: Path, tmp_path: Path) -> None:
    defines = {"APP_DIR": str(app_dir), "VERSION": "0.1.0", "OUT_FILE": str(tmp_path / "s.exe")}
    del defines[missing]
    r = makensis(*(f"{k}={v}" for k, v in defines.items()))
    assert r.returncode != 0
    assert f"{missing} is not defined" in r.stdout + r.stderr
    assert not (tmp_path / "s.exe").exists()


def test_a_folder_without_the_app_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    r = makensis(f"APP_DIR={empty}", "VERSION=0.1.0", f"OUT_FILE={tmp_path / 's.exe'}")
    assert r.returncode != 0
    assert "does not hold qkd-planner.exe" in r.stdout + r.stderr
