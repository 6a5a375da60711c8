"""Build the Linux packages, install the .deb, run the installed app, remove it (slow, needs root).

Runs only with PLANNER_PACKAGING=1 (``.ci/run`` sets it for packaging runs): it runs
``packaging/linux/build.sh`` (a few minutes), ``dpkg -i``, the launcher's ``--smoke`` offscreen,
the portable archive's headless ``evaluate``, and ``dpkg -r``. PLANNER_PACKAGING_REUSE=1 reuses an
existing bundle (``build.sh --reuse-bundle``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = "qkd-rollout-planner"
PREFIX = Path("/opt") / PKG
LAUNCHER = Path("/usr/bin/qkd-planner")
DESKTOP = Path("/usr/share/applications") / f"{PKG}.desktop"
MIME_XML = Path("/usr/share/mime/packages") / f"{PKG}.xml"
APP_ICON = Path("/usr/share/icons/hicolor/256x256/apps") / f"{PKG}.png"
MIME_ICON = Path("/usr/share/icons/hicolor/48x48/mimetypes/application-x-qkdplan.png")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("PLANNER_PACKAGING") != "1",
                       reason="builds and installs the .deb (minutes): set PLANNER_PACKAGING=1"),
    pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="needs dpkg (Debian or Ubuntu)"),
    pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0,
                       reason="dpkg -i / dpkg -r need root"),
]


def run(cmd: list[str], timeout: float = 300, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)


def installed(pkg: str) -> bool:
    r = run(["dpkg-query", "-W", "-f=${Status}", pkg])
    return r.returncode == 0 and "installed" in r.stdout.split()


def version() -> str:
    r = run([sys.executable, "-c", "import planner; print(planner.__version__)"], cwd=ROOT)
    return r.stdout.strip()


@pytest.fixture(scope="module")
def built() -> dict[str, Path]:
    """Run build.sh once for the module; the .deb and .tar.gz it produced."""
    if installed(PKG):
        pytest.skip(f"{PKG} is already installed here; remove it first (dpkg -r {PKG})")
    out = ROOT / "packaging" / "out"
    args = ["bash", str(ROOT / "packaging" / "linux" / "build.sh")]
    if os.environ.get("PLANNER_PACKAGING_REUSE") == "1":
        args.append("--reuse-bundle")
    env = {**os.environ, "PYTHON": sys.executable, "QT_QPA_PLATFORM": "offscreen"}
    r = run(args, timeout=3600, cwd=ROOT, env=env)
    assert r.returncode == 0, f"build.sh failed:\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
    ver = version()
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    deb = out / f"{PKG}_{ver}_{arch}.deb"
    tgz = out / f"{PKG}-{ver}-linux-{os.uname().machine}.tar.gz"
    assert deb.is_file() and tgz.is_file(), r.stdout[-2000:]
    print(r.stdout[-600:])
    return {"deb": deb, "tgz": tgz}


def missing_depends(deb: Path) -> list[str]:
    depends = run(["dpkg-deb", "-f", str(deb), "Depends"]).stdout
    names = [d.split("(")[0].strip() for d in depends.split(",") if d.strip()]
    return [n for n in names if not installed(n)]


def app_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "PLANNER_DATA_DIR": str(tmp_path / "data"),
            "TMPDIR": str(tmp_path)}


def test_deb_installs_runs_and_uninstalls_cleanly(built: dict[str, Path], tmp_path: Path) -> None:
    deb = built["deb"]
    info = run(["dpkg-deb", "-f", str(deb), "Package", "Depends", "Installed-Size"]).stdout
    assert f"Package: {PKG}" in info and "libegl1" in info and "libgl1" in info
    missing = missing_depends(deb)
    if missing:  # what `apt-get install ./x.deb` would pull in; dpkg -i does not resolve them
        r = run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], timeout=900,
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        assert r.returncode == 0, f"cannot install the dependencies {missing}: {r.stderr}"

    r = run(["dpkg", "-i", str(deb)], timeout=600)
    try:
        assert r.returncode == 0, r.stdout + r.stderr
        assert installed(PKG)
        for path in (LAUNCHER, PREFIX / "qkd-planner", DESKTOP, MIME_XML, APP_ICON, MIME_ICON):
            assert path.is_file(), path
        assert os.access(LAUNCHER, os.X_OK)
        assert (PREFIX / "_internal" / "examples" / "harbor.qkdplan").is_file()
        # Every bundled resource of the checkout (catalogues, icons, translations) is installed,
        # and Qt's own Chinese strings for the zh interface.
        src = ROOT / "resources"
        for f in (p for p in src.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            assert (PREFIX / "_internal" / "resources" / f.relative_to(src)).is_file(), f
        assert list((PREFIX / "_internal").rglob("qtbase_zh_CN.qm"))
        if shutil.which("update-mime-database"):  # postinst refreshed the MIME database
            assert Path("/usr/share/mime/application/x-qkdplan.xml").is_file()

        smoke = run([str(LAUNCHER), "--smoke"], timeout=300, env=app_env(tmp_path), cwd=tmp_path)
        assert smoke.returncode == 0, smoke.stdout + smoke.stderr
        assert "smoke:" in smoke.stdout
        ev = run([str(LAUNCHER), "evaluate", str(PREFIX / "_internal/examples/harbor.qkdplan")],
                 env=app_env(tmp_path), cwd=tmp_path)
        assert ev.returncode == 0, ev.stderr
        assert "Fibers" in ev.stdout
    finally:
        removed = run(["dpkg", "-r", PKG], timeout=600)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not installed(PKG)
    assert not PREFIX.exists(), sorted(str(p) for p in PREFIX.rglob("*"))[:20]
    for path in (LAUNCHER, DESKTOP, MIME_XML, APP_ICON, MIME_ICON):
        assert not path.exists(), path
    if shutil.which("update-mime-database"):  # postrm refreshed the MIME database
        assert not Path("/usr/share/mime/application/x-qkdplan.xml").exists()
    # dpkg keeps a removed package with maintainer scripts as "config-files"; purge forgets it.
    purged = run(["dpkg", "-P", PKG], timeout=600)
    assert purged.returncode == 0, purged.stdout + purged.stderr
    assert run(["dpkg-query", "-W", PKG]).returncode != 0


def test_portable_archive_runs_headless(built: dict[str, Path], tmp_path: Path) -> None:
    tgz = built["tgz"]
    with tarfile.open(tgz) as tar:
        names = tar.getnames()
        top = names[0].split("/")[0]
        assert all(n == top or n.startswith(top + "/") for n in names)
        for rel in ("qkd-planner", "README.txt", "_internal/examples/harbor.qkdplan",
                    f"share/applications/{PKG}.desktop", f"share/mime/packages/{PKG}.xml",
                    f"share/icons/hicolor/256x256/apps/{PKG}.png"):
            assert f"{top}/{rel}" in names, rel
        tar.extractall(tmp_path / "x", filter="tar")
    app = tmp_path / "x" / top / "qkd-planner"
    r = run([str(app), "evaluate", str(app.parent / "_internal/examples/harbor.qkdplan")],
            env=app_env(tmp_path), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Fibers" in r.stdout
