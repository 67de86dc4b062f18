#!/usr/bin/env bash
# The web console's browser suite (Tests/Browser/console_walk.py): headless Chromium through Selenium, with
# axe-core on every page, against `ipcase serve --demo` on a throwaway embedded PostgreSQL. `make test` runs it.
# Screenshots of each role's first page land in .browser-screenshots/ (git ignores it).
set -euo pipefail
cd "$(dirname "$0")/.."

# The CJK fonts, so that the screenshots show the Chinese pages as a user sees them.
scripts/install-system-packages.sh chromium chromium-driver fonts-noto-cjk
if ! python3 -c 'import selenium, axe_selenium_python, yaml' 2>/dev/null; then
  echo "Installing the Python packages selenium, axe-selenium-python and pyyaml…"
  python3 -m pip install --quiet selenium axe-selenium-python pyyaml
fi

binary=${IPCASE_BINARY:-.build/debug/ipcase}
[ -x "$binary" ] || swift build --product ipcase
work=$(mktemp -d)
chmod 755 "$work"  # the embedded cluster runs as postgres when we are root
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
IPCASE_DATA_DIR="$work/data" IPCASE_PORT=$port "$binary" serve --demo > "$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null || { echo "the server did not get ready" >&2; tail -20 "$work/server.log"; exit 1; }

if ! python3 Tests/Browser/console_walk.py --base "http://127.0.0.1:$port" --credentials "$work/data/demo-credentials" \
  --screenshots .browser-screenshots; then
  echo "--- the server's last lines:" >&2
  grep -v '"path":"/assets' "$work/server.log" | tail -15 >&2
  exit 1
fi
