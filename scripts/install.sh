#!/usr/bin/env bash
# Install QKD Rollout Planner from this checkout into ./.venv, with the Debian/Ubuntu packages Qt needs.
#   scripts/install.sh          the app
#   scripts/install.sh --test   the app, the test tools (pytest, pytest-qt, hypothesis, makensis, pdftotext)
#                              and the plotting extra (matplotlib) whose output the tests check
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
apt_pkgs=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
          libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
          libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core)
if [[ "${1:-}" == "--test" ]]; then
  extras="[test,plot]"
  apt_pkgs+=(poppler-utils nsis xvfb xauth)
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "install: Python 3.11 or newer is needed (found: $("$python" --version 2>&1))" >&2
  exit 1
fi
"$python" -m venv --help >/dev/null 2>&1 || apt_pkgs+=(python3-venv)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  echo "install: installing system packages: ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[[ -x .venv/bin/python ]] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
echo "install: ready (.venv/bin/qkd-planner)"
