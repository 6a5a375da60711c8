"""Compute the ``Depends:`` line of the .deb from what the bundle really links.

    python packaging/linux/deb_depends.py BUNDLE_DIR

Every ELF file in the bundle is read (``readelf -d``) for its ``NEEDED`` libraries; those the bundle
does not ship itself (PyInstaller leaves out libc, the GL/EGL drivers, libxcb and a few more) are
mapped to the Debian package that owns them (``dpkg -S``; for a library missing on the build
machine, Debian's soname naming rule, with a warning). A few packages are added for their data,
not their code: the bundle ships libfontconfig and libxkbcommon, but they need the system's font
configuration and keyboard maps. ``libc6`` gets the build machine's version as a lower bound:
a PyInstaller bundle runs on the glibc it was built with or newer.

Prints the Depends value on stdout; warnings go to stderr.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

#: glibc's libraries all belong to libc6.
GLIBC = re.compile(r"^(ld-linux.*|libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl)\.so")
#: Packages needed for their data files rather than for a library the bundle links.
FOR_DATA = {
    "libfontconfig1": "font configuration and fonts (fontconfig-config)",
    "libxkbcommon0": "keyboard maps (xkb-data)",
    "fonts-dejavu-core": "a font for the user interface on systems that have none (minimal installs)",
}


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def soname_package(soname: str) -> str:
    """Debian's library package naming: libfoo.so.1 -> libfoo1, libfoo2.so.0 -> libfoo2-0."""
    m = re.match(r"^(.+?)\.so\.(\d+)", soname)
    if not m:
        return soname
    stem, major = m.group(1).lower().replace("_", "-"), m.group(2)
    return f"{stem}-{major}" if stem[-1].isdigit() else f"{stem}{major}"


def owner(soname: str) -> str | None:
    """Package owning the library on this machine, or None if it is not installed."""
    paths = re.findall(rf"^\s*{re.escape(soname)} \(.*?\) => (\S+)$",
                       subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout, re.M)
    for p in paths:
        for candidate in (p, str(Path(p).resolve())):
            r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if r.returncode == 0:
                return r.stdout.split(":", 1)[0].strip()
            # merged /usr: dpkg may know the file under /lib instead of /usr/lib (or the reverse)
            alt = candidate[4:] if candidate.startswith("/usr/lib/") else "/usr" + candidate
            r = subprocess.run(["dpkg", "-S", alt], capture_output=True, text=True)
            if r.returncode == 0:
                return r.stdout.split(":", 1)[0].strip()
    return None


def glibc_version() -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libc6"], capture_output=True, text=True)
    m = re.match(r"(\d+\.\d+)", out.stdout)
    return m.group(1) if m else ""


def depends(bundle: Path) -> list[str]:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p)]
    shipped = {p.name for p in bundle.rglob("*")}
    external = sorted({lib for f in files for lib in needed(f)} - shipped)
    packages: set[str] = set(FOR_DATA)
    for soname in external:
        if GLIBC.match(soname):
            continue
        pkg = owner(soname)
        if pkg is None:
            pkg = soname_package(soname)
            print(f"warning: {soname} is not installed here; assuming package {pkg}", file=sys.stderr)
        packages.add(pkg)
    libc = glibc_version()
    return [f"libc6 (>= {libc})" if libc else "libc6", *sorted(packages)]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: deb_depends.py BUNDLE_DIR", file=sys.stderr)
        return 2
    print(", ".join(depends(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
