#!/usr/bin/env bash
# Build the Linux packages of the QKD Rollout Planner from a checkout:
#   1. the PyInstaller one-folder bundle        packaging/out/dist/qkd-planner/
#   2. a Debian package                         packaging/out/qkd-rollout-planner_<version>_<arch>.deb
#   3. a portable archive                       packaging/out/qkd-rollout-planner-<version>-linux-<machine>.tar.gz
#
# Needs a Python (3.11+) with the project's dependencies and PyInstaller:
#     python -m pip install -e '.[packaging]'      (then: PYTHON=python packaging/linux/build.sh)
# and dpkg-deb, readelf (binutils), tar, gzip.
#
# Options:
#   --reuse-bundle   skip PyInstaller when packaging/out/dist/qkd-planner exists (repackaging only)
#   --no-smoke       do not run the bundle's `--smoke` check (headless commands are still checked)
# Environment: PYTHON (default: python3), OUT (default: packaging/out),
#   DEB_MAINTAINER (default: the project's placeholder address).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
OUT="${OUT:-$ROOT/packaging/out}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
REUSE=0
SMOKE=1
for arg in "$@"; do
    case "$arg" in
        --reuse-bundle) REUSE=1 ;;
        --no-smoke) SMOKE=0 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

PKG=qkd-rollout-planner
APP=qkd-planner
PREFIX=/opt/$PKG
BUNDLE="$OUT/dist/$APP"

die() { echo "build.sh: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

for tool in dpkg-deb readelf tar gzip; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install dpkg binutils tar gzip)"
done
cd "$ROOT"
"$PYTHON" -c 'import PyInstaller, PySide6, planner' 2>/dev/null \
    || die "$PYTHON lacks PyInstaller or the project's dependencies: $PYTHON -m pip install -e '.[packaging]'"
VERSION="$("$PYTHON" -c 'import planner; print(planner.__version__)')"
ARCH="$(dpkg --print-architecture)"
MACHINE="$(uname -m)"
# Reproducible timestamps: the last commit's time when building from git.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH
echo "QKD Rollout Planner $VERSION ($ARCH) -> $OUT"
T_ALL=$(now)

# --- 1. bundle ----------------------------------------------------------------------------------
T=$(now)
if [[ $REUSE == 1 && -x "$BUNDLE/$APP" ]]; then
    step "bundle: reusing $BUNDLE"
else
    step "bundle: PyInstaller"
    "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$OUT/dist" --workpath "$OUT/build" "$ROOT/packaging/qkd-planner.spec"
fi
T_BUNDLE=$(elapsed "$T")
[[ -x "$BUNDLE/$APP" ]] || die "no executable at $BUNDLE/$APP"

step "bundle: checks"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
got="$("$BUNDLE/$APP" --version)"
[[ "$got" == *"$VERSION"* ]] || die "bundle reports version '$got', expected $VERSION"
echo "$got"
example="$BUNDLE/_internal/examples/harbor.qkdplan"
[[ -f "$example" ]] || die "bundled example missing: $example"
"$BUNDLE/$APP" evaluate "$example" >/dev/null || die "bundle: 'evaluate' on the bundled example failed"
echo "evaluate on the bundled example: ok"
if [[ $SMOKE == 1 ]]; then
    "$BUNDLE/$APP" --smoke || die "bundle: --smoke failed (exit $?)"
    echo "--smoke: ok"
fi

# --- 2. Debian package ---------------------------------------------------------------------------
step "deb"
T=$(now)
STAGE="$OUT/deb/$PKG"
rm -rf "$OUT/deb"
mkdir -p "$STAGE/DEBIAN" "$STAGE$PREFIX" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/doc/$PKG"
# Hard links where possible: the bundle is large and the stage is thrown away.
cp -al "$BUNDLE/." "$STAGE$PREFIX/" 2>/dev/null || cp -a "$BUNDLE/." "$STAGE$PREFIX/"
install -m 755 "$HERE/launcher.sh" "$STAGE/usr/bin/$APP"
install -m 644 "$HERE/$PKG.desktop" "$STAGE/usr/share/applications/$PKG.desktop"
install -m 644 "$HERE/$PKG.xml" "$STAGE/usr/share/mime/packages/$PKG.xml"
install -m 644 "$HERE/copyright" "$STAGE/usr/share/doc/$PKG/copyright"
"$PYTHON" "$ROOT/packaging/icons/render_icons.py" --hicolor "$STAGE/usr/share/icons/hicolor"
# Files root-owned (dpkg-deb --root-owner-group), readable by all, writable by root only.
find "$STAGE" -type d -exec chmod 755 {} +
find "$STAGE" -type f -exec chmod u+rw,go+r,go-w {} +
DEPENDS="$("$PYTHON" "$HERE/deb_depends.py" "$STAGE$PREFIX")"
INSTALLED_SIZE="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$ARCH|" -e "s|@INSTALLED_SIZE@|$INSTALLED_SIZE|" \
    -e "s|@DEPENDS@|$DEPENDS|" "$HERE/control.in" > "$STAGE/DEBIAN/control"
if [[ -n "${DEB_MAINTAINER:-}" ]]; then
    sed -i "s|^Maintainer: .*|Maintainer: $DEB_MAINTAINER|" "$STAGE/DEBIAN/control"
fi
install -m 755 "$HERE/postinst" "$STAGE/DEBIAN/postinst"
install -m 755 "$HERE/postrm" "$STAGE/DEBIAN/postrm"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 md5sum > DEBIAN/md5sums)
chmod 644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/md5sums"
find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
DEB="$OUT/${PKG}_${VERSION}_${ARCH}.deb"
rm -f "$DEB"
dpkg-deb --root-owner-group -Zzstd --build "$STAGE" "$DEB" >/dev/null
T_DEB=$(elapsed "$T")
echo "Depends: $DEPENDS"
dpkg-deb --field "$DEB" Package Version Architecture Installed-Size

# --- 3. portable archive -------------------------------------------------------------------------
step "tar.gz"
T=$(now)
TOP="$PKG-$VERSION"
TGZ="$OUT/$PKG-$VERSION-linux-$MACHINE.tar.gz"
# Straight from the deb stage: the bundle at the top, share/ (menu entry, MIME type, icons,
# copyright) beside it for a per-user desktop integration, and a README.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    --transform "s,^\.$,$TOP,;s,^\./,$TOP/,;s,^share,$TOP/share,;s,^portable-README\.txt\$,$TOP/README.txt," \
    -cf - -C "$STAGE$PREFIX" . -C "$STAGE/usr" share -C "$HERE" portable-README.txt \
    | gzip -n -6 > "$TGZ"
T_TGZ=$(elapsed "$T")

# --- summary -------------------------------------------------------------------------------------
size() { du -h --apparent-size "$1" | cut -f1; }
step "done in $(elapsed "$T_ALL") s"
printf '  bundle   %s (%s s)\n' "$(du -sh "$BUNDLE" | cut -f1)" "$T_BUNDLE"
printf '  deb      %s  %s (%s s)\n' "$(size "$DEB")" "$DEB" "$T_DEB"
printf '  tar.gz   %s  %s (%s s)\n' "$(size "$TGZ")" "$TGZ" "$T_TGZ"
