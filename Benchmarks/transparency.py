#!/usr/bin/env python3
"""The transparency log's cost, in one run: a case transition with and without its leaves, and an inclusion
proof at 1,000,000 leaves.

Starts the server (release build) on a throwaway data folder with the demo world and a small seed, then:
1. times `accept` through HTTP (wrk, one connection and eight) with the triggers that queue the log's entries
   switched on and off in turn, `--rounds` times each, and reports the medians and their ratio;
2. queues entries until the log has 1,000,000 leaves, integrates them (timed), and times inclusion proofs of
   random leaves in the tree of 1,000,000 through HTTP, one connection.

    python3 Benchmarks/transparency.py --binary .build/release/ipcase [--rounds 3] [--requests 1000]
"""
import http.client
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import case_lists as seed  # noqa: E402
import requests as load  # noqa: E402  (Benchmarks/requests.py: wrk and filing helpers)

TRIGGERS = ("events_enter_log ON events", "audit_log_enters_log ON audit_log", "credit_feed_enters_log ON credit_feed")


def switch(world, on):
    """As the owner: the log's triggers on or off (off is what a deployment without the log would do)."""
    world.sql("".join(f"ALTER TABLE {t.split(' ON ')[1]} {'ENABLE' if on else 'DISABLE'} TRIGGER {t.split(' ON ')[0]};"
                      for t in TRIGGERS))


def accept_rate(world, clients, n, base):
    jobs = load.file_cases(world, n + 64, base)
    return load.http(world, world.mediator, clients, n, "POST", paths=[f"/v1/cases/{case}/transitions" for case in jobs],
                     body='{"action":"accept"}', headers={"If-Match": '"1"'})


def main():
    parser = seed.arguments(__doc__)
    parser.set_defaults(cases=2_000, enterprises=200, respondents=2_000)
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each kind, alternated")
    parser.add_argument("--requests", type=int, default=1_000, help="transitions per measurement")
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--only-proofs", action="store_true", help="skip the transitions; only the proofs at --leaves")
    args = parser.parse_args()
    world = seed.World(args, environment={"IPCASE_TIMER_INTERVAL_SECONDS": "3600", "IPCASE_CHECKPOINT_INTERVAL_SECONDS": "3600"})
    try:
        world.prepare()
        world.sql("VACUUM ANALYZE;")
        base = 40_000_000
        # 1. A transition with and without the log's leaves, alternated so that drift hits both alike.
        figures = {}
        if not args.only_proofs:
            accept_rate(world, 8, 200, base)  # warm-up
        for clients in (() if args.only_proofs else (1, 8)):
            for round_ in range(args.rounds):
                for on in (True, False):
                    switch(world, on)
                    base += 1_000_000
                    rate, p50 = accept_rate(world, clients, args.requests, base)
                    figures.setdefault((clients, on), []).append((rate, p50))
                    print(f"  accept at {clients}, log {'on ' if on else 'off'}: {rate:.0f}/s, p50 {p50:.2f} ms", flush=True)
        switch(world, True)
        print(f"\naccept, median of {args.rounds} runs of {args.requests}:")
        for clients in (() if args.only_proofs else (1, 8)):
            on = statistics.median(r for r, _ in figures[(clients, True)])
            off = statistics.median(r for r, _ in figures[(clients, False)])
            on_p50 = statistics.median(p for _, p in figures[(clients, True)])
            off_p50 = statistics.median(p for _, p in figures[(clients, False)])
            print(f"  {clients} connection(s): with the log {on:.0f}/s (p50 {on_p50:.2f} ms), without {off:.0f}/s "
                  f"(p50 {off_p50:.2f} ms): {off / on - 1:+.1%} time per transition")

        # 2. A million leaves: queue the rest as entries, integrate, then prove.
        (queued,) = world.rows("SELECT count(*) FROM transparency_entries")[0]
        missing = max(0, args.leaves - int(queued))
        world.sql(f"""
            INSERT INTO transparency_entries (kind, entry, content_hash, salt, commitment)
            SELECT 'audit', 'bench/' || g, sha256(g::text::bytea), s, sha256(s || sha256(g::text::bytea))
            FROM (SELECT g, uuid_send(gen_random_uuid()) AS s FROM generate_series(1, {missing}) g) x;""")
        started = time.monotonic()
        # A checkpoint asked for when none is signed yet is signed now, after everything queued is integrated.
        connection = http.client.HTTPConnection("127.0.0.1", world.server.port, timeout=3600)
        connection.request("GET", "/v1/transparency/checkpoint")
        response = connection.getresponse()
        checkpoint = response.read().decode()
        if response.status != 200:
            raise SystemExit(f"no checkpoint: {response.status} {checkpoint}")
        integrated = time.monotonic() - started
        (size,) = world.rows("SELECT size FROM transparency_tree")[0]
        size = int(size)
        print(f"\n{missing} entries queued, then integrated and signed in {integrated:.1f} s: the tree has {size} leaves "
              f"({int(world.rows('SELECT count(*) FROM transparency_nodes')[0][0])} stored nodes)")
        leaves = [random.randrange(size) for _ in range(args.requests + 64)]
        paths = [f"/v1/transparency/proofs/inclusion?leaf={leaf}&size={size}" for leaf in leaves]
        load.http(world, None, 1, 100, paths=paths)  # warm-up
        rate, p50 = load.http(world, None, 1, args.requests, paths=paths)
        print(f"inclusion proof at {size} leaves through HTTP, one connection: p50 {p50:.2f} ms, {rate:.0f}/s")
        return 0
    finally:
        world.close()


if __name__ == "__main__":
    sys.exit(main())
