#!/usr/bin/env bash
# Two ipcase instances on one PostgreSQL behind nginx, loaded briefly, then stopped.
#
#   scripts/several-instances.sh [requests]       (after `make build`; installs nginx with apt-get if missing)
#
# Starts the embedded cluster with the demo world in a throwaway folder, two `ipcase serve` on 18091 and
# 18092 (the second attaches to the cluster the first started), nginx on 18090 (scripts/nginx-two-instances.conf),
# then sends [requests] (400) requests through nginx from 8 clients: readiness checks, and the demo
# enterprise reading its own account with a token one instance issued. Prints the statuses and how many
# each instance answered, and exits 1 unless every answer was 200 and both instances served.
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-400}"
command -v nginx >/dev/null || { echo "installing nginx"; apt-get install -y -q nginx >/dev/null; }
binary=.build/debug/ipcase
[ -x "$binary" ] || { echo "build first: make build" >&2; exit 1; }

work=$(mktemp -d /var/tmp/ipcase-instances.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/nginx"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

export IPCASE_DATA_DIR="$work/data" IPCASE_TRUSTED_PROXIES=127.0.0.1 IPCASE_LOG_LEVEL=warning
"$binary" serve --demo --port 18091 > "$work/a.log" 2>&1 & pids+=($!)
for _ in $(seq 1 300); do curl -sf 127.0.0.1:18091/health/ready >/dev/null && break; sleep 0.2; done
"$binary" serve --port 18092 > "$work/b.log" 2>&1 & pids+=($!)
for _ in $(seq 1 300); do curl -sf 127.0.0.1:18092/health/ready >/dev/null && break; sleep 0.2; done
nginx -p "$work/nginx" -c "$PWD/scripts/nginx-two-instances.conf" > "$work/nginx.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -sf 127.0.0.1:18090/health/live >/dev/null && break; sleep 0.1; done

read -r _ email password < <(grep '^enterprise ' "$work/data/demo-credentials")
python3 - "$requests" "$email" "$password" <<'PY'
import collections, http.client, json, sys, threading
requests, email, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def call(method, path, body=None, headers={}):
    conn = http.client.HTTPConnection("127.0.0.1", 18090, timeout=30)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse(); data = response.read(); conn.close()
    return response.status, response.getheader("X-Upstream", "?"), data
status, _, body = call("POST", "/v1/auth/login", json.dumps({"email": email, "password": password}), {"Content-Type": "application/json"})
token = json.loads(body)["token"]
statuses, upstreams, lock = collections.Counter(), collections.Counter(), threading.Lock()
def client(n):
    for i in range(n):
        path = "/health/ready" if i % 2 else "/v1/me"
        status, upstream, _ = call("GET", path, headers={"Authorization": f"Bearer {token}"})
        with lock:
            statuses[status] += 1; upstreams[upstream] += 1
threads = [threading.Thread(target=client, args=(requests // 8,)) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("statuses:", dict(statuses)); print("answered by:", dict(upstreams))
sys.exit(0 if set(statuses) == {200} and len(upstreams) == 2 else 1)
PY
