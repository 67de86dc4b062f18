#!/usr/bin/env python3
"""Login load: 16 clients log in continuously for 10 s while one more polls /health/live.

Shows that Argon2id runs off the event loop: liveness answers stay fast while every core hashes.
Prints logins per second and the p50/p99 of /health/live. Targets only a loopback server.

    python3 Benchmarks/login_load.py --base http://127.0.0.1:8080 --email E --password P
"""
import argparse
import http.client
import json
import statistics
import threading
import time
from urllib.parse import urlparse


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    url = urlparse(args.base)
    assert url.hostname in ("127.0.0.1", "::1", "localhost"), "load checks target loopback only"

    deadline = time.monotonic() + args.seconds
    logins, failures, health = [], [], []
    lock = threading.Lock()
    body = json.dumps({"email": args.email, "password": args.password})

    def login_loop():
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        while time.monotonic() < deadline:
            connection.request("POST", "/v1/auth/login", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            with lock:
                (logins if response.status == 200 else failures).append(response.status)

    def health_loop():
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            connection.request("GET", "/health/live")
            connection.getresponse().read()
            health.append((time.perf_counter() - start) * 1000)
            time.sleep(0.01)

    threads = [threading.Thread(target=login_loop) for _ in range(args.clients)]
    threads.append(threading.Thread(target=health_loop))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    health.sort()
    p99 = health[min(len(health) - 1, int(len(health) * 0.99))]
    print(f"clients: {args.clients}, seconds: {elapsed:.1f}")
    print(f"logins: {len(logins)} ok, {len(failures)} failed ({sorted(set(failures))}), {len(logins) / elapsed:.1f}/s")
    print(f"/health/live: {len(health)} requests, p50 {statistics.median(health):.2f} ms, p99 {p99:.2f} ms, max {health[-1]:.2f} ms")


if __name__ == "__main__":
    main()
