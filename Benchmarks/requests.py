#!/usr/bin/env python3
"""Requests beside their limits: each hot request through HTTP, and the very statements it sent through pgbench.

For each server binary given (the baseline first), seeds the 100,000 cases of case_lists.py, then for each
request: counts the statements it sends as PostgreSQL counts them (pg_stat_statements, BEGIN and COMMIT
included); captures one request's statements with their values from PostgreSQL's log; times the request
through HTTP with wrk at 1 and 8 connections; and runs the captured statements through pgbench, prepared, at the same
connections. What must differ per transaction is drawn per transaction: a write's case id (a freshly filed
case for `accept`, a new UUID for a filing) and a filing's number. That costs pgbench one extra statement per
transaction (a `\\gset` look-up), so the limit is slightly low and the share slightly flattering; the table
says so. Prints a table with each binary's figures side by side, and the server's peak RSS under the lists.
Needs psql, pgbench and wrk (`make bench` installs it); stdlib only.

    python3 Benchmarks/requests.py --binary .build/release/ipcase [--baseline /tmp/ipcase-baseline] [--seconds 10]
"""
import os
import json
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import case_lists as seed  # noqa: E402  (beside this file)

# Lines of PostgreSQL's stderr log begin with its default prefix, '%m [%p] '; a statement's later lines with a tab.
RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\] (\w+):  (.*)$")
PARAMETER = re.compile(r"\$(\d+) = (NULL|'((?:[^']|'')*)')")


def captured(world, request):
    """The statements one call of `request()` sent through the extended protocol, in order, with their values."""
    log = os.path.join(world.server.data, "postgres.log")
    world.sql("ALTER SYSTEM SET log_statement = 'all'; SELECT pg_reload_conf();")
    time.sleep(0.3)
    start = os.path.getsize(log)
    request()
    time.sleep(0.3)
    world.sql("ALTER SYSTEM RESET log_statement; SELECT pg_reload_conf();")
    with open(log, encoding="utf-8", errors="replace") as file:
        file.seek(start)
        text = file.read()
    records = []
    for line in text.splitlines():
        match = RECORD.match(line)
        if match:
            records.append([match.group(1), match.group(2)])
        elif records and line.startswith("\t"):
            records[-1][1] += "\n" + line[1:]
    statements = []
    for level, message in records:
        if level == "LOG" and message.startswith("execute "):
            statements.append({"sql": message.split(": ", 1)[1], "values": {}})
        elif level == "DETAIL" and message.startswith("parameters: ") and statements:
            statements[-1]["values"] = {int(n): (None if raw == "NULL" else value.replace("''", "'"))
                                        for n, raw, value in PARAMETER.findall(message)}
    return statements


def literal(value):
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def pgbench_script(statements, variables=None, before=""):
    """The statements with their values written in, except those `variables` maps to a pgbench expression.
    A timer's id, chosen by the server in some versions, is drawn anew in each transaction."""
    variables = dict(variables or {})
    for statement in statements:
        if statement["sql"].lstrip().startswith("INSERT INTO timers") and statement["values"].get(1):
            variables[statement["values"][1]] = "gen_random_uuid()"
    commands = [before] if before else []
    for statement in statements:
        values = statement["values"]

        def value(match):
            v = values.get(int(match.group(1)))
            return variables.get(v, literal(v))
        # Comments go first: the SQL is made one line below, where a comment would swallow the rest.
        sql = re.sub(r"\$(\d+)\b", value, re.sub(r"--[^\n]*", "", statement["sql"])).strip()
        gset = statement.get("gset")
        # pgbench reads one command per line unless it ends in a backslash; the SQL is made one line.
        sql = " ".join(sql.split())
        commands.append(sql + (" \\gset" if gset else ";"))
    return "\n".join(commands) + "\n"


def pgbench(world, script, clients, transactions):
    path = os.path.join(world.workdir, "script.sql")
    with open(path, "w", encoding="utf-8") as file:
        file.write(script)
    tool = seed.postgres_tool("pgbench")
    result = subprocess.run(
        [tool, "-n", "-M", "prepared", "-h", world.server.socket_directory(), "-U", "ipcase", "-c", str(clients),
         "-j", str(clients), "-t", str(transactions), "-f", path, "ipcase"], capture_output=True, text=True)
    if result.returncode != 0 or "tps = " not in result.stdout:
        raise SystemExit(f"pgbench failed: {result.stderr.strip() or result.stdout[-2000:]}\n{script[:3000]}")
    failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
    if failed and int(failed.group(1)):
        raise SystemExit(f"pgbench: {failed.group(1)} transactions failed\n{result.stdout[-2000:]}")
    return float(re.search(r"tps = ([\d.]+)", result.stdout).group(1))


def statements_per_request(world, request, count=50):
    """How many statements the service's role sent per call of `request()`, as pg_stat_statements counts them."""
    world.sql("SELECT pg_stat_statements_reset();")
    for _ in range(count):
        request()
    (calls,), = world.rows(
        "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE userid = 'ipcase_service'::regrole "
        "AND dbid = (SELECT oid FROM pg_database WHERE datname = 'ipcase')")
    return float(calls) / count


# wrk drives the HTTP side: in C, it costs the 2 cores far less per request than a Python client would, so the
# share measures the server, not the load generator. One wrk thread drives every connection (it can drive far
# more than the server answers here); once it has its answers it interrupts wrk, which otherwise sleeps out -d.
WRK_SCRIPT = r"""
-- Written by Benchmarks/requests.py for one measurement.
local method, headers, quota = METHOD, HEADERS, QUOTA
local paths = PATHS   -- one path, or one per request (a write's fresh case)
local body = BODY     -- nil, or a format whose one %d is a number unique to the request
local base = BASE
-- A wall clock, to time the run from the first request to the last answer (wrk's own duration would include
-- the wait for the interrupt below).
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } bench_timespec; int clock_gettime(int, bench_timespec *); ]]
local function now()
  local t = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, t)
  return tonumber(t.tv_sec) + tonumber(t.tv_nsec) / 1e9
end
local threads, numbered = {}, 0
function setup(thread)
  numbered = numbered + 1
  thread:set("number", numbered)
  table.insert(threads, thread)
end
sent, served, failed, started, elapsed = 0, 0, 0, nil, 0
function request()
  started = started or now()
  sent = sent + 1
  local k = (number - 1) * (quota + 64) + sent
  local path = type(paths) == "table" and paths[k] or paths
  return wrk.format(method, path, headers, body and string.format(body, base + k) or nil)
end
function response(status)
  served = served + 1
  if status >= 300 then failed = failed + 1 end
  if served == quota then
    elapsed = now() - started
    wrk.thread:stop()
    -- The shell's parent is wrk, whose main thread sleeps out -d unless a SIGINT reaches it rather than this
    -- thread: so interrupt until wrk is gone. (Not os.execute: system() ignores SIGINT while its child runs.)
    io.popen("(while kill -INT $PPID 2>/dev/null; do sleep 0.05; done) >/dev/null 2>&1 &"):close()
  end
end
function done(summary, latency, requests)
  local failures, answered, seconds = 0, 0, 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
    answered = answered + thread:get("served")
    seconds = math.max(seconds, thread:get("elapsed"))
  end
  io.write(string.format("measured %d %d %d %.3f\n", answered, seconds * 1e6, failures,
                         latency:percentile(50) / 1000))
end
"""


def lua(value):
    """A Lua literal: long brackets take a JSON body as it is, with no escapes to mind."""
    if value is None:
        return "nil"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"[ {lua(k)} ] = {lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua(v) for v in value) + "}"
    return "[==[" + value + "]==]"


def http(world, token, clients, requests, method="GET", path=None, paths=None, body=None, headers=None, base=0):
    """Sends `requests` requests over `clients` connections with wrk; returns requests per second and p50 in ms.
    `paths` gives each request its own path (at least requests + 64 of them); a `body` format's %d is a number
    unique to the request, from `base` on."""
    threads = 1
    quota = requests
    all_headers = {**({"Authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    script = WRK_SCRIPT
    for name, value in (("METHOD", method), ("HEADERS", all_headers), ("QUOTA", quota), ("PATHS", paths or path),
                        ("BODY", body), ("BASE", base)):
        script = script.replace(name, lua(value), 1)
    file = os.path.join(world.workdir, "load.lua")
    with open(file, "w", encoding="utf-8") as out:
        out.write(script)
    result = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(clients), "-d", "600s", "--timeout", "60s", "-s", file,
         f"http://127.0.0.1:{world.server.port}"], capture_output=True, text=True)
    found = re.search(r"measured (\d+) (\d+) (\d+) ([\d.]+)", result.stdout)
    if result.returncode != 0 or not found:
        raise SystemExit(f"wrk failed: {result.stderr.strip() or result.stdout[-2000:]}")
    done, micros, failed, p50 = int(found[1]), int(found[2]), int(found[3]), float(found[4])
    errors = re.search(r"Socket errors: (.*)", result.stdout)
    if failed or errors:
        raise SystemExit(f"{failed} requests failed ({errors[1] if errors else 'no socket errors'}): {method} {path or paths[0]}")
    return done / (micros / 1e6), p50


def filing_body(world):
    """A filing as a format for wrk: its patent number is the request's own."""
    return json.dumps(world.filing(0)).replace("ZL20240000000.1", "ZL2024%07d.1")


def file_cases(world, count, base):
    """Files `count` cases as the demo enterprise (with wrk, unmeasured) and returns their ids, oldest first."""
    (since,), = world.rows("SELECT now()")
    http(world, world.enterprise, 8, count, "POST", "/v1/cases", body=filing_body(world), base=base)
    ids = [row[0] for row in world.rows(
        f"SELECT id FROM cases WHERE filed_at > '{since}' AND version = 1 ORDER BY filed_at, id")]
    if len(ids) < count:
        raise SystemExit(f"filed {len(ids)} cases of {count}")
    return ids


def measure(args, binary):
    world = seed.World(args, binary=binary, environment={"IPCASE_TIMER_INTERVAL_SECONDS": "3600"})
    results = {}
    try:
        world.prepare()
        # A binary from before the embedded cluster loaded pg_stat_statements: load it, which takes a restart.
        if "pg_stat_statements" not in world.sql("SHOW shared_preload_libraries", "-At"):
            world.sql("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';")
            world.restart()
        world.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; VACUUM ANALYZE;")
        mediator = world.mediator
        client = seed.Client(world.server.port, mediator)
        enterprise_client = seed.Client(world.server.port, world.enterprise)
        n = args.requests

        # The HTTP limit: the cheapest request the server answers, with no database and no JSON.
        http(world, None, 8, 200, path="/health/live")  # warm-up
        for clients in (1, 8):
            results[("health", clients)] = http(world, None, clients, n, path="/health/live")
            print(f"  /health/live at {clients}: {results[('health', clients)][0]:.0f}/s", flush=True)

        # Lists first, on the seed as it was analysed: the mediator's whole list, and the enterprise's.
        rss = 0
        for token, label in ((mediator, "list, mediator"), (world.enterprise, "list, enterprise")):
            lister = seed.Client(world.server.port, token)
            count = statements_per_request(world, lambda: lister.call("GET", "/v1/cases"))
            statements = captured(world, lambda: lister.call("GET", "/v1/cases"))
            http(world, token, 8, 100, path="/v1/cases")  # warm-up
            for clients in (1, 8):
                rate, p50 = http(world, token, clients, n, path="/v1/cases")
                limit = pgbench(world, pgbench_script(statements), clients, max(100, n // clients))
                results[(label, clients)] = report(binary, (label, clients), (rate, p50, count, limit))
            rss = max(rss, peak_rss(world.server.process.pid))
        # GET /v1/cases/{id}: one seeded case in mediation, read again and again.
        (case_id,) = world.rows(
            f"SELECT id FROM cases WHERE state = 'in_mediation' AND mediation_body_id = {seed.lit(world.ids['body'])} LIMIT 1")[0]
        path = f"/v1/cases/{case_id}"
        read = lambda c=client: c.call("GET", path)  # noqa: E731
        count = statements_per_request(world, read)
        statements = captured(world, read)
        http(world, mediator, 8, 200, path=path)  # warm-up
        for clients in (1, 8):
            rate, p50 = http(world, mediator, clients, n, path=path)
            limit = pgbench(world, pgbench_script(statements), clients, max(200, n // clients))
            results[("GET /v1/cases/{id}", clients)] = report(binary, ("GET /v1/cases/{id}", clients), (rate, p50, count, limit))

        # Filing: a new case each time; pgbench draws a new id and takes the next number.
        k = iter(range(20_000_000, 30_000_000))
        filing = lambda c: c.call("POST", "/v1/cases", world.filing(next(k)))  # noqa: E731
        count = statements_per_request(world, lambda: filing(enterprise_client))
        statements = captured(world, lambda: filing(enterprise_client))
        write = next(s for s in statements if s["sql"].lstrip().startswith("WITH") or s["sql"].lstrip().startswith("INSERT INTO cases"))
        new_id = write["values"][1]
        number = next(v for v in write["values"].values() if v and re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", v))
        for statement in statements:
            if "case_number_counters" in statement["sql"]:
                statement["gset"] = True
        for clients, base in ((1, 3_000_000), (8, 4_000_000)):
            rate, p50 = http(world, world.enterprise, clients, n, "POST", "/v1/cases", body=filing_body(world), base=base)
            script = pgbench_script(
                statements, {new_id: ":case_id", number: "('BENCH-' || :last)"},
                before="SELECT gen_random_uuid() AS case_id \\gset")
            limit = pgbench(world, script, clients, n // clients)
            results[("filing", clients)] = report(binary, ("filing", clients), (rate, p50, count, limit))

        # accept: each on a freshly filed case, If-Match "1".
        accept = lambda c, case: c.call("POST", f"/v1/cases/{case}/transitions", {"action": "accept"}, {"If-Match": '"1"'})  # noqa: E731
        targets = file_cases(world, 51, 5_000_000)
        count = statements_per_request(world, lambda: accept(client, targets.pop()), count=50)
        spare = targets[:1]
        statements = captured(world, lambda: accept(client, spare[0]))
        for clients, base in ((1, 6_000_000), (8, 7_000_000)):
            jobs = file_cases(world, n + 64, base)
            rate, p50 = http(world, mediator, clients, n, "POST", paths=[f"/v1/cases/{case}/transitions" for case in jobs],
                             body='{"action":"accept"}', headers={"If-Match": '"1"'})
            # pgbench takes the same step on cases filed for it, one per transaction, drawn from a sequence.
            fresh = file_cases(world, n, base + 500_000)
            world.sql("DROP TABLE IF EXISTS bench_targets; DROP SEQUENCE IF EXISTS bench_target;"
                      "CREATE TABLE bench_targets (n bigint PRIMARY KEY, id uuid NOT NULL); CREATE SEQUENCE bench_target;"
                      "INSERT INTO bench_targets VALUES " + ", ".join(f"({k + 1}, {seed.lit(i)})" for k, i in enumerate(fresh)) + ";")
            script = pgbench_script(
                statements, {spare[0]: ":case_id"},
                before="SELECT id AS case_id FROM bench_targets WHERE n = (SELECT nextval('bench_target')) \\gset")
            limit = pgbench(world, script, clients, n // clients)
            results[("accept", clients)] = report(binary, ("accept", clients), (rate, p50, count, limit))

        results["rss"] = rss
        return results
    finally:
        world.close()


def report(binary, key, figures):
    """Prints one measurement as soon as it is made, and returns it."""
    rate, p50, count, limit = figures
    print(f"  {os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(binary)))) or binary}: {key[0]} at {key[1]}: "
          f"{rate:.0f}/s, p50 {p50:.2f} ms, {count:.1f} statements; pgbench {limit:.0f}/s", flush=True)
    return figures


def peak_rss(pid):
    """The process's peak resident set so far, in MiB (VmHWM)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


def main():
    parser = seed.arguments(__doc__)
    parser.add_argument("--baseline", help="a server binary built from the baseline commit, measured first")
    parser.add_argument("--requests", type=int, default=2_000, help="requests (and pgbench transactions) per measurement")
    args = parser.parse_args()
    if not seed.postgres_tool("pgbench"):
        sys.exit("needs pgbench (Debian: postgresql-contrib or postgresql-client)")
    if not shutil.which("wrk"):
        sys.exit("needs wrk (Debian: apt-get install wrk; `make bench` installs it)")
    runs = [("baseline", args.baseline)] if args.baseline else []
    runs.append(("this tree", args.binary))
    measured = [(name, measure(args, binary)) for name, binary in runs]

    print(f"\n{args.requests} requests per measurement; pgbench runs each request's own statements, prepared, plus one"
          " look-up per transaction for the writes. 'both' is the limit when the server, the load generator and"
          " PostgreSQL share the cores: 1 / (1 / health + 1 / pgbench), as if a request cost the server no more than"
          " /health/live and PostgreSQL no more than its statements")
    header = f"{'request':<20} {'conns':>5}" + "".join(
        f" | {name[:12]:>12}: {'req/s':>7} {'p50 ms':>7} {'stmts':>5} {'pgbench':>8} {'share':>5} {'both':>6} {'share':>5}"
        for name, _ in measured)
    print(header + "\n" + "-" * len(header))
    keys = [k for k in measured[-1][1] if k != "rss" and k[0] != "health"]
    for key in keys:
        line = f"{key[0]:<20} {key[1]:>5}"
        for name, results in measured:
            rate, p50, count, limit = results.get(key, (0, 0, 0, 1))
            health = results.get(("health", key[1]), (float("inf"), 0))[0]
            both = 1 / (1 / health + 1 / limit)
            line += f" | {'':>12}  {rate:7.0f} {p50:7.2f} {count:5.1f} {limit:8.0f} {rate / limit:5.2f} {both:6.0f} {rate / both:5.2f}"
        print(line)
    for name, results in measured:
        if ("health", 1) in results:
            print(f"{name}: /health/live {results[('health', 1)][0]:.0f}/s at 1 connection, {results[('health', 8)][0]:.0f}/s at 8")
    for name, results in measured:
        filing = results[("filing", 8)][0] / results[("filing", 1)][0]
        print(f"{name}: filing at 8 connections is {filing:.2f}× filing at 1; peak RSS after the lists {results['rss']:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
