#!/usr/bin/env bash
# Installs the Debian packages the build and the embedded database need, when they are missing.
# Already-installed packages are left alone, so this is quick on a warm machine. Arguments name more packages
# that a target needs beside these (`make bench`: wrk).
set -euo pipefail

packages=(libargon2-dev postgresql pkg-config "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# The receipt verifier a partner runs (scripts/verify-receipt.py), which the tests run too, needs `cryptography`.
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import cryptography' 2>/dev/null; then
  echo "Installing the Python package cryptography…"
  python3 -m pip install --quiet cryptography || echo "pip could not install cryptography; scripts/verify-receipt.py needs it" >&2
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Missing system packages: ${missing[*]}. Install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} with apt-get…"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian's postgresql package starts a cluster of its own; ipcase runs a private one instead.
if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null 2>&1; then
  "${sudo[@]}" service postgresql stop >/dev/null 2>&1 || true
fi
