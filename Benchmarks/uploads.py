#!/usr/bin/env python3
"""Upload memory: N concurrent uploads of SIZE MiB each, and the server's RSS before, during and after.

Starts the server on a free loopback port with a throwaway data folder and the demo world, logs in as the
demo enterprise, and sends --uploads raw uploads of --mib MiB at once to one of its cases in mediation, each
body generated as it is sent. An upload answered 503 (beyond IPCASE_MAX_UPLOADS_IN_FLIGHT) waits its
Retry-After and is sent again, as a client should. Meanwhile it samples the server's VmRSS every 20 ms and
times GET /v1/me every 100 ms. Reports the idle RSS (after a warm-up), the peak, the RSS 5 s after the last
upload, and /v1/me latencies; exits 1 if an upload failed or a stored SHA-256 differs from the one sent.
Stdlib only.

    python3 Benchmarks/uploads.py [--binary .build/debug/ipcase] [--uploads 30] [--mib 19] [--in-flight 8]
"""
import argparse
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def request(port, method, path, body=None, headers=None, timeout=300):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def pattern(seed, mib):
    """The bytes of one upload, generated piece by piece; the same seed gives the same bytes."""
    piece = hashlib.sha256(str(seed).encode()).digest() * (65536 // 32)
    for _ in range(mib * 16):
        yield piece


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/ipcase"))
    parser.add_argument("--uploads", type=int, default=30)
    parser.add_argument("--mib", type=int, default=19)
    parser.add_argument("--in-flight", type=int, default=8)
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="ipcase-bench-uploads-")
    os.chmod(data, 0o755)  # run as root, the embedded cluster runs as the postgres user, who must enter it
    port = free_port()
    env = dict(os.environ, IPCASE_MAX_UPLOADS_IN_FLIGHT=str(args.in_flight),
               IPCASE_MAX_DOCUMENT_BYTES=str((args.mib + 1) << 20), IPCASE_LOG_LEVEL="warning")
    server = subprocess.Popen([args.binary, "serve", "--demo", "--port", str(port), "--data-dir", data],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    failures = 0
    try:
        for _ in range(600):
            try:
                if request(port, "GET", "/health/ready", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            sys.exit("the server did not become ready")
        email, password = next(
            line.split()[1:3] for line in open(os.path.join(data, "demo-credentials")) if line.startswith("enterprise "))
        status, _, body = request(port, "POST", "/v1/auth/login", json.dumps({"email": email, "password": password}),
                                  {"Content-Type": "application/json"})
        token = json.loads(body)["token"]
        auth = {"Authorization": f"Bearer {token}"}
        status, _, body = request(port, "GET", "/v1/cases?state=in_mediation&limit=1", headers=auth)
        case_id = json.loads(body)["items"][0]["id"]

        # Warm-up: a few small uploads and reads, so that idle means "has served uploads", not "just started".
        for i in range(3):
            request(port, "POST", f"/v1/cases/{case_id}/documents?filename=warm{i}.txt&kind=evidence", b"warm",
                    {**auth, "Content-Type": "text/plain"})
        time.sleep(2)
        idle = rss_mib(server.pid)

        samples, me_latencies, done = [], [], threading.Event()

        def sample():
            while not done.is_set():
                samples.append(rss_mib(server.pid))
                time.sleep(0.02)

        def poll_me():
            while not done.is_set():
                started = time.monotonic()
                request(port, "GET", "/v1/me", headers=auth)
                me_latencies.append((time.monotonic() - started) * 1000)
                time.sleep(0.1)

        results = [None] * args.uploads
        retries = [0] * args.uploads

        def upload(i):
            size = args.mib << 20
            expected = hashlib.sha256()
            for piece in pattern(i, args.mib):
                expected.update(piece)
            while True:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                conn.putrequest("POST", f"/v1/cases/{case_id}/documents?filename=scan{i}.bin&kind=evidence")
                for name, value in {**auth, "Content-Type": "application/octet-stream", "Content-Length": str(size)}.items():
                    conn.putheader(name, value)
                conn.endheaders()
                try:
                    for piece in pattern(i, args.mib):
                        conn.send(piece)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # refused before the body was read: the answer says why
                response = conn.getresponse()
                body = response.read()
                conn.close()
                if response.status == 503:
                    retries[i] += 1
                    time.sleep(float(response.getheader("Retry-After", "1")))
                    continue
                ok = response.status == 201 and json.loads(body).get("sha256") == expected.hexdigest()
                results[i] = ok
                return

        threads = [threading.Thread(target=sample), threading.Thread(target=poll_me)]
        uploaders = [threading.Thread(target=upload, args=(i,)) for i in range(args.uploads)]
        started = time.monotonic()
        for t in threads + uploaders:
            t.start()
        for t in uploaders:
            t.join()
        elapsed = time.monotonic() - started
        time.sleep(5)
        done.set()
        for t in threads:
            t.join()
        after = rss_mib(server.pid)
        failures = sum(1 for ok in results if not ok)
        me = sorted(me_latencies)
        print(f"{args.uploads} uploads of {args.mib} MiB, at most {args.in_flight} in flight: {elapsed:.1f} s, "
              f"{failures} failed, {sum(retries)} answered 503 and sent again")
        print(f"RSS idle {idle:.0f} MiB, peak {max(samples):.0f} MiB, 5 s after {after:.0f} MiB "
              f"({(after - idle) / idle * 100:+.0f}% of idle)")
        print(f"GET /v1/me during the uploads: median {statistics.median(me):.1f} ms, "
              f"p99 {me[int(len(me) * 0.99) - 1]:.1f} ms, max {me[-1]:.1f} ms ({len(me)} requests)")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
