#!/usr/bin/env python3
"""Case lists: seeds 100,000 cases, then times GET /v1/cases with each filter and one transition.

Starts the server on a free loopback port with a throwaway data folder and the demo world, files one case
through the API and copies its snapshot into 100,000 cases in SQL (2,000 complainant enterprises, 20,000
unregistered respondents, the two demo enterprises a few hundred cases each, states by age, about 5% overdue,
two years of filings). Then, with --clients concurrent clients, times --requests lists per scenario as the
demo mediator (who sees every case) and the demo enterprise, and `accept` on --transitions freshly filed
cases. Finally runs EXPLAIN (ANALYZE, BUFFERS) on the SQL each list sends, read from this tree's
Sources/IPCaseServer/Cases/CaseList.swift (so build the binary from the same tree), and exits 1 if a plan
reads `cases` with a Seq Scan (or a request failed). Needs psql; stdlib only.

    python3 Benchmarks/case_lists.py [--binary .build/release/ipcase] [--clients 8] [--requests 2000]
"""
import argparse
import datetime
import hashlib
import http.client
import json
import os
import random
import re
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
CASE_LIST_SWIFT = os.path.join(ROOT, "Sources/IPCaseServer/Cases/CaseList.swift")
DEMO_ENTERPRISE = "legal@shenzhen-optics.demo"
OTHER_ENTERPRISE = "ip@pearl-devices.demo"
# The workflow's time zone (Policies/case-workflow.yaml): China has no daylight saving time.
WORKFLOW_TZ = datetime.timezone(datetime.timedelta(hours=8))

# Which state a case is in, by its age in days: the newest wait for acceptance or mediate, most old ones are
# closed. Cases waiting on a court or an arbitral award have no automatic expiry, so they become overdue.
STATE_MIX = [
    (5, {"filed": 55, "awaiting_respondent": 30, "in_mediation": 10, "closed": 5}),
    (20, {"filed": 5, "awaiting_respondent": 35, "in_mediation": 50, "closed": 10}),
    (60, {"awaiting_respondent": 3, "in_mediation": 50, "mediation_failed": 8, "settled": 12, "closed": 27}),
    (180, {"in_mediation": 6, "mediation_failed": 8, "in_arbitration": 10, "settled": 14, "confirmation_requested": 2,
           "confirmation_review": 4, "confirmation_denied": 2, "confirmed": 10, "award_issued": 4, "closed": 40}),
    (None, {"in_arbitration": 2, "confirmation_requested": 1, "confirmation_review": 2, "mediation_failed": 4,
            "settled": 5, "confirmation_denied": 1, "confirmed": 7, "award_issued": 5, "closed": 73}),
]
OUTCOME_MIX = [
    (20, {"rejected": 40, "withdrawn": 30, "respondent_declined": 30}),
    (60, {"rejected": 15, "withdrawn": 20, "respondent_declined": 35, "performed": 30}),
    (None, {"performed": 50, "respondent_declined": 13, "rejected": 8, "withdrawn": 8, "litigation": 14, "not_performed": 7}),
]
IP_MIX = {"patent": 35, "trademark": 30, "copyright": 20, "trade_secret": 8, "other": 7}
# Days after filing on which a case entered its state; `auto` states expire by timer, so they entered recently.
ENTERED = {
    "filed": (0, 0), "awaiting_respondent": "auto", "in_mediation": "auto", "mediation_failed": (35, 65),
    "settled": (20, 55), "confirmation_requested": (50, 90), "confirmation_review": (55, 95), "confirmed": (60, 110),
    "confirmation_denied": (60, 110), "in_arbitration": (40, 70), "award_issued": (100, 190), "closed": (5, 150),
}
# The running deadline of each state (name, days, is a window), from Policies/case-workflow.yaml.
DEADLINES = {
    "awaiting_respondent": ("respondentReply", 15, False), "in_mediation": ("mediation", 30, False),
    "settled": ("confirmationApplication", 30, True), "confirmation_requested": ("courtAcceptance", 3, False),
    "confirmation_review": ("courtRuling", 15, False), "in_arbitration": ("arbitrationAward", 120, False),
}
# The row version (one more per change) a case typically has in each state.
STEPS = {"filed": 1, "awaiting_respondent": 2, "in_mediation": 3, "mediation_failed": 5, "settled": 6,
         "confirmation_requested": 8, "confirmation_review": 9, "confirmed": 10, "confirmation_denied": 10,
         "in_arbitration": 8, "award_issued": 10, "closed": 6}


# --- Unified social credit codes (GB 32100 / GB 11714), so seeded parties look like real ones ---------------

CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
DIVISIONS = ["440300", "440100", "441900", "440600", "310115", "110108", "330106", "320505", "510107", "420111"]


def credit_code(division, base):
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(base, ORG_WEIGHTS))
    digit = 11 - total % 11
    body = "91" + division + base + ("X" if digit == 10 else "0" if digit == 11 else str(digit))
    return body + CODE_ALPHABET[(31 - sum(CODE_ALPHABET.index(c) * w for c, w in zip(body, CODE_WEIGHTS)) % 31) % 31]


def party_rows(registered, unregistered, taken):
    """(n, code, name, registered): n 1… are enterprises with an account, the rest respondents without one."""
    rng = random.Random(2026)
    cities = ["深圳", "广州", "东莞", "佛山", "上海", "北京", "杭州", "苏州", "成都", "武汉"]
    words = ["光电", "精密", "智能", "新材料", "生物", "软件", "电子", "医疗器械", "文化传媒", "机械", "通信", "化工"]
    forms = ["科技有限公司", "股份有限公司", "有限公司", "实业有限公司"]
    rows, seen = [], set(taken)
    for n in range(1, registered + unregistered + 1):
        while True:
            code = credit_code(rng.choice(DIVISIONS), "%08d" % rng.randrange(10**7, 10**8))
            if code not in seen:
                break
        seen.add(code)
        name = f"{rng.choice(cities)}{rng.choice(words)}{rng.choice(['', '恒', '华', '远', '瑞', '创'])}{rng.choice(forms)}"
        rows.append((n, code, name, n <= registered))
    return rows


# --- SQL helpers ----------------------------------------------------------------------------------------

def lit(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def pick(column, mix, value):
    """A CASE choosing a key of `mix` (weights) by the uniform random column `column`."""
    total, cumulative, arms = sum(mix.values()), 0, []
    for key, weight in list(mix.items())[:-1]:
        cumulative += weight
        arms.append(f"WHEN {column} < {cumulative / total!r} THEN {value(key)}")
    return f"CASE {' '.join(arms)} ELSE {value(list(mix)[-1])} END"


def by_age(mixes, column, value=lit):
    arms = [f"WHEN age_days < {limit} THEN {pick(column, mix, value)}" for limit, mix in mixes if limit is not None]
    return f"CASE {' '.join(arms)} ELSE {pick(column, mixes[-1][1], value)} END"


def seed_sql(args, ids, template, parties):
    n, registered, unregistered = args.cases, args.enterprises, args.respondents
    m1, m2 = ids["mediators"][:2]  # the first two of the demo mediation body
    # Each demo enterprise takes a `demo` share of either side; the other complainants are skewed towards a
    # few big filers (r² over the 2,000), respondents 40% registered enterprises and 60% without an account.
    demo = args.demo_cases / n
    rest = 1 - 2 * demo
    registered_cut = 2 * demo + 0.4 * rest
    # Days from filing to entering the state; a case younger than that entered it some time since filing.
    # States that a timer ends (`auto`) entered within their deadline, or at filing if that is later.
    offsets = {s: f"({e[0]} + r_entered * {e[1] - e[0]})" for s, e in ENTERED.items() if e != "auto"}
    entered = " ".join(
        f"WHEN state = {lit(s)} THEN filed_at + interval '1 day' * CASE WHEN {o} < age_days THEN {o} ELSE age_days * r_entered END"
        for s, o in offsets.items())
    deadline = " ".join(
        f"WHEN state = {lit(s)} THEN jsonb_build_object('name', {lit(d[0])}, 'days', {d[1]}, 'window', {lit(d[2])})"
        for s, d in DEADLINES.items())
    steps = " ".join(f"WHEN state = {lit(s)} THEN {v}" for s, v in STEPS.items())
    neutral_states = "('in_mediation', 'mediation_failed', 'settled', 'confirmation_requested', 'confirmation_review', " \
                     "'confirmed', 'confirmation_denied', 'in_arbitration', 'award_issued')"
    copy_rows = "\n".join(f"{i}\t{code}\t{name}\t{'t' if reg else 'f'}" for i, code, name, reg in parties)
    return f"""
\\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE bench_parties (n int PRIMARY KEY, code text NOT NULL, name text NOT NULL, registered boolean NOT NULL,
    id uuid, user_id uuid);
COPY bench_parties (n, code, name, registered) FROM STDIN;
{copy_rows}
\\.
UPDATE bench_parties SET id = md5('organization ' || code)::uuid WHERE registered;
INSERT INTO organizations (id, name, kind, credit_code, created_at, updated_at)
SELECT id, name, 'enterprise', code, now() - interval '800 days' + n * interval '5 minutes',
       now() - interval '800 days' + n * interval '5 minutes'
FROM bench_parties WHERE registered;
INSERT INTO bench_parties VALUES
    (-1, {lit(ids['demo_code'])}, {lit(ids['demo_name'])}, true, {lit(ids['demo_org'])}, {lit(ids['demo_user'])}),
    (-2, {lit(ids['other_code'])}, {lit(ids['other_name'])}, true, {lit(ids['other_org'])}, {lit(ids['other_user'])});

SELECT setseed(0.2026);
CREATE TEMP TABLE bench_draws AS
SELECT i, random() AS r_age, random() AS r_state, random() AS r_outcome, random() AS r_entered,
       random() AS r_complainant, random() AS r_respondent, random() AS r_ip, random() AS r_neutral,
       random() AS r_extra, random() AS r_amount
FROM generate_series(1, {n}) AS i;

CREATE TEMP TABLE bench_cases AS
WITH aged AS (
    SELECT d.*, now() - interval '1 hour' - interval '730 days' * r_age AS filed_at, r_age * 730 AS age_days
    FROM bench_draws d
), stated AS (
    SELECT a.*, {by_age(STATE_MIX, 'r_state')} AS state, {pick('r_ip', IP_MIX, lit)} AS ip_type,
           CASE WHEN r_complainant < {demo!r} THEN -1 WHEN r_complainant < {2 * demo!r} THEN -2
                ELSE 1 + least({registered - 1}, floor({registered} * power((r_complainant - {2 * demo!r}) / {rest!r}, 2)))::int
           END AS complainant_n,
           CASE WHEN r_respondent < {demo!r} THEN -1 WHEN r_respondent < {2 * demo!r} THEN -2
                WHEN r_respondent < {registered_cut!r}
                    THEN 1 + least({registered - 1}, floor({registered} * (r_respondent - {2 * demo!r}) / {0.4 * rest!r}))::int
                ELSE {registered + 1}
                    + least({unregistered - 1}, floor({unregistered} * (r_respondent - {registered_cut!r}) / {0.6 * rest!r}))::int
           END AS respondent_n
    FROM aged a
), outcomes AS (
    SELECT s.*, CASE WHEN state = 'closed' THEN {by_age(OUTCOME_MIX, 'r_outcome')} END AS outcome,
           -- nobody complains about itself
           CASE WHEN respondent_n = complainant_n THEN {registered + 1} + i % {unregistered} ELSE respondent_n END AS respondent_m
    FROM stated s
), entered AS (
    SELECT o.*,
           CASE {entered}
                ELSE greatest(filed_at, now() - interval '1 day' * r_entered * (CASE WHEN state = 'in_mediation' THEN 29 ELSE 14 END))
           END AS entered_at,
           CASE {deadline} END AS deadline
    FROM outcomes o
), neutrals AS (
    SELECT e.*,
           CASE WHEN state = 'in_mediation' AND r_neutral >= 0.85 THEN NULL
                WHEN state IN {neutral_states} OR outcome IN ('performed', 'not_performed', 'litigation') THEN
                    CASE WHEN r_neutral < (CASE WHEN state = 'in_mediation' THEN 0.425 ELSE 0.5 END)
                         THEN {lit(m1)}::uuid ELSE {lit(m2)}::uuid END
           END AS mediator_user_id,
           state IN ('in_arbitration', 'award_issued') OR (outcome IN ('performed', 'not_performed') AND r_extra < 0.2) AS arbitrated,
           state IN ('confirmation_requested', 'confirmation_review', 'confirmed', 'confirmation_denied')
               OR (outcome IN ('performed', 'not_performed') AND r_extra >= 0.2 AND r_extra < 0.5) AS at_court,
           (entered_at AT TIME ZONE 'Asia/Shanghai')::date AS started_on
    FROM entered e
)
SELECT n.*, md5('case ' || i)::uuid AS id, extract(year FROM filed_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
       row_number() OVER (PARTITION BY extract(year FROM filed_at AT TIME ZONE 'Asia/Shanghai') ORDER BY filed_at, i) AS seq,
       CASE WHEN deadline IS NOT NULL THEN started_on + (deadline->>'days')::int END AS deadline_due,
       CASE WHEN arbitrated THEN {lit(ids['commission'])}::uuid END AS arbitration_commission_id,
       CASE WHEN arbitrated AND NOT (state = 'in_arbitration' AND r_extra < 0.3) THEN {lit(ids['arbitrator'])}::uuid END
           AS arbitrator_user_id,
       CASE WHEN at_court THEN {lit(ids['court'])}::uuid END AS court_id,
       CASE WHEN at_court AND state <> 'confirmation_requested' THEN {lit(ids['judge'])}::uuid END AS judge_user_id,
       CASE {steps} END AS version
FROM neutrals n;

INSERT INTO cases (id, number, snapshot, state, outcome, ip_type, complainant_organization_id, respondent_credit_code,
                   mediation_body_id, mediator_user_id, arbitration_commission_id, arbitrator_user_id, court_id,
                   judge_user_id, due_on, filed_at, updated_at, version)
SELECT b.id, nm.number,
       ({lit(json.dumps(template))}::jsonb - 'amountClaimed') || jsonb_strip_nulls(jsonb_build_object(
           'id', upper(b.id::text), 'number', nm.number, 'filedAt', extract(epoch FROM b.filed_at),
           'filedBy', upper(coalesce(c.user_id, md5('user ' || c.code)::uuid)::text), 'state', b.state,
           'outcome', b.outcome, 'stateEnteredAt', extract(epoch FROM b.entered_at),
           'complainant', jsonb_build_object('organizationId', upper(c.id::text), 'creditCode', c.code, 'name', c.name),
           'respondent', jsonb_build_object('organizationId', upper(r.id::text), 'creditCode', r.code, 'name', r.name),
           'mediationBodyId', upper({lit(ids['body'])}),
           'ipRight', jsonb_build_object('type', b.ip_type, 'identifier', CASE b.ip_type
                   WHEN 'patent' THEN 'ZL' || (2015 + b.i % 10) || lpad((b.i * 7919 % 1000000)::text, 7, '0') || '.' || b.i % 10
                   WHEN 'trademark' THEN '第' || (10000000 + b.i * 131 % 90000000) || '号'
                   WHEN 'copyright' THEN '国作登字-' || (2015 + b.i % 10) || '-F-' || lpad((b.i * 37 % 100000000)::text, 8, '0')
                   ELSE 'IP-' || b.i END,
               'title', (ARRAY['光学镜头组件', '图像识别方法及装置', '“光影”注册商标', '产品说明书及宣传图片',
                               '客户名单及报价体系', '移动终端外观设计', '工业控制软件 V3.2', '包装装潢'])[1 + b.i % 8]),
           'claims', '请求停止侵权并赔偿经济损失。',
           'amountClaimed', CASE WHEN b.r_amount < 0.7 THEN ((10000 + floor(b.r_amount * 700000))::int)::text END,
           'mediatorUserId', upper(b.mediator_user_id::text),
           'arbitrationCommissionId', upper(b.arbitration_commission_id::text),
           'arbitratorUserId', upper(b.arbitrator_user_id::text),
           'courtId', upper(b.court_id::text), 'judgeUserId', upper(b.judge_user_id::text),
           'award', CASE WHEN b.arbitrated AND b.state <> 'in_arbitration' THEN '被申请人赔偿申请人经济损失。' END,
           'deadlines', CASE WHEN b.deadline IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object(
               'name', b.deadline->>'name', 'startedOn', b.started_on::text, 'dueOn', b.deadline_due::text,
               'extensionsUsed', 0)) END,
           'proposals', '{{}}'::jsonb)),
       b.state, b.outcome, b.ip_type, c.id, r.code, {lit(ids['body'])}, b.mediator_user_id, b.arbitration_commission_id,
       b.arbitrator_user_id, b.court_id, b.judge_user_id,
       CASE WHEN NOT (b.deadline->>'window')::boolean THEN b.deadline_due END, b.filed_at, b.entered_at, b.version
FROM bench_cases b
JOIN bench_parties c ON c.n = b.complainant_n
JOIN bench_parties r ON r.n = b.respondent_m
LEFT JOIN case_number_counters k ON k.prefix = 'MED' AND k.year = b.year
CROSS JOIN LATERAL (SELECT 'MED-' || b.year || '-' || lpad((b.seq + coalesce(k.last, 0))::text,
                           greatest(6, length((b.seq + coalesce(k.last, 0))::text)), '0') AS number) nm;

INSERT INTO case_number_counters (prefix, year, last)
SELECT 'MED', year, max(seq) FROM bench_cases GROUP BY year
ON CONFLICT (prefix, year) DO UPDATE SET last = case_number_counters.last + excluded.last;
COMMIT;
VACUUM (ANALYZE) cases;
ANALYZE organizations;
"""


# --- The list queries, read from CaseList.swift --------------------------------------------------------

def swift_list_queries():
    """The SQL of each principal kind, with each interpolation `\\(expr)` in order, as postgres-nio binds them."""
    source = open(CASE_LIST_SWIFT, encoding="utf-8").read()
    columns = re.search(r'static let summaryColumns = """\n(.*?)"""', source, re.S).group(1)

    def block(marker):
        start = source.index(marker)
        match = re.compile(r'query: PostgresQuery = """\n(.*?)"""', re.S).search(source, start)
        text = match.group(1).replace("\\(unescaped: Self.summaryColumns)", " ".join(columns.split()))
        expressions = re.findall(r"\\\((.*?)\)(?=[\s,)'::]|$)", text)
        numbered, count = text, 0
        for expression in expressions:
            count += 1
            numbered = numbered.replace(f"\\({expression})", f"${count}", 1)
        return "\n".join(line.strip() for line in numbered.strip().splitlines()), expressions

    # One query serves every principal; the bound kind selects its branch.
    query = block("let query: PostgresQuery")
    return {"enterprise": query, "neutral": query}


def parameters(expressions, principal, filters, today):
    """(type, value) of each interpolation, as the server binds them for this principal and filter."""
    relation = filters.get("relation", "")
    end = ("int8", 253_402_300_799_000_000), ("uuid", "ffffffff-ffff-ffff-ffff-ffffffffffff")
    known = {
        "organization": ("uuid", principal["organization"]), "user": ("uuid", principal["user"]),
        "kind": ("text", principal["kind"]), "creditCode ?? \"\"": ("text", principal.get("creditCode", "")),
        "relation": ("text", relation), "neutral": ("bool", relation == "neutral"),
        "filter.state": ("text", filters.get("state")), "filter.ipType": ("text", filters.get("ipType")),
        "filter.number": ("text", filters.get("number", "").upper() or None),
        "filter.overdue": ("bool", filters.get("overdue") == "true"), "today": ("text", today),
        "after.microseconds": end[0], "after.id": end[1], "limit": ("int8", 21),
    }
    missing = [e for e in expressions if e not in known]
    if missing:
        sys.exit(f"CaseList.swift binds {missing}, which this benchmark does not know: update parameters()")
    return [known[e] for e in expressions]


# --- Processes and HTTP ---------------------------------------------------------------------------------

class Server:
    def __init__(self, binary, workdir, log_level, environment=None):
        self.data = os.path.join(workdir, "data")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "IPCASE_DATA_DIR", "IPCASE_PORT")}
        env.update(IPCASE_HOME=ROOT, IPCASE_LOG_LEVEL=log_level, **(environment or {}))
        self.log = open(os.path.join(workdir, "server.log"), "wb")
        self.process = subprocess.Popen(
            [binary, "serve", "--demo", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", self.data],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT)

    def wait_ready(self, seconds=180):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited with {self.process.returncode}; see {self.log.name}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/health/ready")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"the server was not ready within {seconds} s; see {self.log.name}")

    def stop(self):
        """SIGTERM: the server stops the embedded cluster it started."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def socket_directory(self):
        """As EmbeddedPostgres.socketDirectory: the cluster folder, or /tmp/ipcase-pg-<hash> when too long."""
        cluster = os.path.normpath(os.path.join(self.data, "pg"))
        if len(cluster.encode()) + len("/.s.PGSQL.5432") <= 107:
            return cluster
        return "/tmp/ipcase-pg-" + hashlib.sha256(cluster.encode()).digest()[:6].hex()


class Client:
    def __init__(self, port, token=None):
        self.port, self.token = port, token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        try:
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a dropped keep-alive connection: one retry on a new one
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else None)


def login(port, email, password):
    status, body = Client(port).call("POST", "/v1/auth/login", {"email": email, "password": password})
    if status != 200:
        raise SystemExit(f"login of {email} answered {status}: {body}")
    return body["token"]


def run_load(port, token, jobs, clients, warmup, request):
    """Runs request(client, job) for every job over `clients` connections; warm-up jobs are not timed."""
    lock = threading.Lock()
    queue = list(reversed(jobs))
    latencies, failures = [], []
    barrier = threading.Barrier(clients + 1)

    def attempt(client, job):
        try:
            return request(client, job)
        except Exception as error:  # counted as a failure, so that one bad answer does not hang the others
            return 0, repr(error)

    def worker(warm):
        client = Client(port, token)
        for job in warm:
            attempt(client, job)
        barrier.wait()
        while True:
            with lock:
                if not queue:
                    return
                job = queue.pop()
            start = time.perf_counter()
            status, body = attempt(client, job)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    failures.append((status, body))

    threads = [threading.Thread(target=worker, args=(warmup[k::clients],)) for k in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


# --- The benchmark --------------------------------------------------------------------------------------

def arguments(description=__doc__):
    """The options every benchmark built on this seed shares; callers add their own to the parser it returns."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/ipcase", help="server binary, relative to the repository")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=2_000, help="complainant enterprises with an account")
    parser.add_argument("--respondents", type=int, default=20_000, help="respondents without an account")
    parser.add_argument("--demo-cases", type=int, default=300, help="cases of each demo enterprise on each side")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--log-level", default="info", help="the server's IPCASE_LOG_LEVEL (info logs every request)")
    parser.add_argument("--keep", action="store_true", help="keep the data folder and server log")
    return parser


def postgres_tool(name):
    """A PostgreSQL client program (psql, pgbench): on PATH, or in Debian's newest versioned folder."""
    debian = "/usr/lib/postgresql"
    versions = sorted(os.listdir(debian), key=lambda v: int(v) if v.isdigit() else 0, reverse=True) if os.path.isdir(debian) else []
    return shutil.which(name) or next((p for p in (f"{debian}/{v}/bin/{name}" for v in versions) if os.path.exists(p)), None)


class World:
    """The server started on a throwaway data folder with the demo world, and the 100,000 seeded cases."""

    def __init__(self, args, binary=None, environment=None):
        self.args = args
        binary = binary or args.binary
        binary = os.path.join(ROOT, binary) if not os.path.isabs(binary) else binary
        self.psql = postgres_tool("psql")
        if not os.access(binary, os.X_OK) or not self.psql:
            sys.exit(f"needs the server binary ({binary}) and psql")
        self.workdir = tempfile.mkdtemp(prefix="ipcase-bench-", dir="/tmp")
        os.chmod(self.workdir, 0o755)  # when root, the embedded cluster runs as `postgres`, which must reach the folder
        self.binary, self.environment = binary, environment
        self.server = Server(binary, self.workdir, args.log_level, environment)

    def restart(self):
        """Stops the server (and its cluster) and starts it again on the same data: sessions and cases stay."""
        self.server.stop()
        self.server = Server(self.binary, self.workdir, self.args.log_level, self.environment)
        self.server.wait_ready()

    def close(self):
        self.server.stop()
        if self.args.keep:
            print(f"kept {self.workdir}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def sql(self, script, *flags):
        result = subprocess.run(
            [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.server.socket_directory(), "-U", "ipcase", "-d", "ipcase",
             *flags], input=script, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"psql failed: {result.stderr.strip()}")
        return result.stdout

    def rows(self, query):
        return [line.split("|") for line in self.sql(query, "-At").splitlines() if line]

    def filing(self, k):
        ids = self.ids
        return {"respondent": {"creditCode": ids["other_code"], "name": ids["other_name"]},
                "mediationBodyId": ids["body"],
                "ipRight": {"type": "patent", "identifier": f"ZL2024{k:07d}.1", "title": "光学镜头组件"},
                "claims": "请求停止侵权并赔偿经济损失。", "amountClaimed": "120000.50"}

    def prepare(self):
        """Starts the server, logs in the demo enterprise and mediator, and seeds the cases."""
        args, server, sql, rows = self.args, self.server, self.sql, self.rows
        server.wait_ready()
        credentials = {}
        for line in open(os.path.join(server.data, "demo-credentials"), encoding="utf-8"):
            role, email, password = line.split()
            credentials.setdefault(role, (email, password))
            credentials[email] = (email, password)
        self.credentials = credentials
        self.enterprise = login(server.port, *credentials[DEMO_ENTERPRISE])
        self.mediator = login(server.port, *credentials["mediator"])

        # The ids the seed needs: the demo organisations and the users of the mediation body and neutrals.
        ids = {}
        for email, prefix in ((DEMO_ENTERPRISE, "demo"), (OTHER_ENTERPRISE, "other")):
            ids[f"{prefix}_user"], ids[f"{prefix}_org"], ids[f"{prefix}_code"], ids[f"{prefix}_name"] = rows(
                "SELECT u.id, o.id, o.credit_code, o.name FROM users u JOIN organizations o ON o.id = u.organization_id "
                f"WHERE u.email = {lit(email)}")[0]
        for kind, key, role in (("mediation_body", "body", None), ("arbitration_commission", "commission", "arbitrator"),
                                ("court", "court", "judge")):
            ids[key] = rows(f"SELECT id FROM organizations WHERE kind = {lit(kind)} ORDER BY created_at LIMIT 1")[0][0]
            if role:
                ids[role] = rows(f"SELECT id FROM users WHERE organization_id = {lit(ids[key])} ORDER BY email LIMIT 1")[0][0]
        ids["mediators"] = [u for (u,) in rows(
            f"SELECT id FROM users WHERE organization_id = {lit(ids['body'])} AND 'mediator' = ANY(roles) ORDER BY email")]
        self.ids = ids
        self.mediator_user = rows(f"SELECT id FROM users WHERE email = {lit(credentials['mediator'][0])}")[0][0]

        # 1. One real case through the API; its snapshot is the template of every seeded one.
        status, body = Client(server.port, self.enterprise).call("POST", "/v1/cases", self.filing(0))
        if status != 201:
            raise SystemExit(f"filing the template case answered {status}: {body}")
        template = json.loads(sql(f"SELECT snapshot::text FROM cases WHERE id = {lit(body['id'])}", "-At"))

        # 2. The seed.
        started = time.monotonic()
        taken = {ids["demo_code"], ids["other_code"]}
        parties = party_rows(args.enterprises, args.respondents, taken)
        sql(seed_sql(args, ids, template, parties))
        seed_seconds = time.monotonic() - started
        self.today = today = datetime.datetime.now(WORKFLOW_TZ).date().isoformat()
        total, overdue, due, body_cases = rows(
            f"SELECT count(*), count(*) FILTER (WHERE due_on < {lit(today)}), count(due_on), "
            f"count(*) FILTER (WHERE mediation_body_id = {lit(ids['body'])}) FROM cases")[0]
        self.total = int(total)
        states = rows("SELECT state, count(*) FROM cases GROUP BY state ORDER BY count(*) DESC")
        demo = rows(f"SELECT count(*) FILTER (WHERE complainant_organization_id = {lit(ids['demo_org'])}), "
                    f"count(*) FILTER (WHERE respondent_credit_code = {lit(ids['demo_code'])}), "
                    f"count(*) FILTER (WHERE mediator_user_id = {lit(self.mediator_user)}) FROM cases")[0]
        size = rows("SELECT pg_size_pretty(pg_total_relation_size('cases'))")[0][0]
        print(f"seeded in {seed_seconds:.1f} s: {total} cases ({size} with indexes), {body_cases} at the demo mediation body")
        print("  states: " + ", ".join(f"{s} {c}" for s, c in states))
        print(f"  with a due date {due}, overdue {overdue} ({int(overdue) / int(total):.1%}); demo enterprise: "
              f"complainant {demo[0]}, respondent {demo[1]}; demo mediator assigned to {demo[2]}")

        # A seeded case of each state must read back through the API: the snapshots decode.
        for state, case_id in rows("SELECT DISTINCT ON (state) state, id FROM cases ORDER BY state, filed_at"):
            status, body = Client(server.port, self.mediator).call("GET", f"/v1/cases/{case_id}")
            if status != 200:
                raise SystemExit(f"a seeded {state} case does not read back: {status} {body}")
        return self


def main():
    parser = arguments()
    parser.add_argument("--requests", type=int, default=2_000, help="timed requests per list scenario")
    parser.add_argument("--warmup", type=int, default=100, help="untimed requests per scenario first")
    parser.add_argument("--transitions", type=int, default=500, help="fresh cases accepted, one request each")
    args = parser.parse_args()
    queries = swift_list_queries()
    world = World(args)
    try:
        world.prepare()
        server, sql, rows, ids, today, total = world.server, world.sql, world.rows, world.ids, world.today, world.total
        enterprise, mediator, mediator_user, filing = world.enterprise, world.mediator, world.mediator_user, world.filing

        # 3. The lists.
        number = rows(f"SELECT number FROM cases ORDER BY filed_at LIMIT 1 OFFSET {int(total) // 2}")[0][0]
        mediator_principal = {"kind": "mediation_body", "organization": ids["body"], "user": mediator_user}
        enterprise_principal = {"kind": "enterprise", "organization": ids["demo_org"], "user": ids["demo_user"],
                                "creditCode": ids["demo_code"]}
        scenarios = [
            ("mediator", "(none)", {}), ("mediator", "state=in_mediation", {"state": "in_mediation"}),
            ("mediator", "relation=neutral", {"relation": "neutral"}), ("mediator", "overdue=true", {"overdue": "true"}),
            ("mediator", "ipType=trade_secret", {"ipType": "trade_secret"}), ("mediator", f"number={number}", {"number": number}),
            ("enterprise", "(none)", {}), ("enterprise", "relation=respondent", {"relation": "respondent"}),
        ]
        results = []
        for who, label, filters in scenarios:
            token = mediator if who == "mediator" else enterprise
            path = "/v1/cases" + ("?" + "&".join(f"{k}={v}" for k, v in filters.items()) if filters else "")
            status, page = Client(server.port, token).call("GET", path)
            if status != 200:
                raise SystemExit(f"GET {path} as the {who} answered {status}: {page}")
            latencies, failures, seconds = run_load(
                server.port, token, [path] * args.requests, args.clients, [path] * args.warmup,
                lambda client, p: client.call("GET", p))
            results.append({"who": who, "label": label, "filters": filters, "latencies": latencies, "failures": failures,
                            "seconds": seconds, "rows": len(page["items"])})
            print(f"  {who} {label}: p50 {statistics.median(latencies):.2f} ms, p99 {percentile(latencies, 0.99):.2f} ms")

        # 4. The plans, with the values the server binds (a custom plan, as for postgres-nio's unnamed statement).
        # One psql session: each query runs once untimed, so that planning finds the catalog cached as the
        # server's pooled connections do, then under EXPLAIN.
        case_indexes = {name for (name,) in rows("SELECT indexname FROM pg_indexes WHERE tablename = 'cases'")}
        script = ["SET plan_cache_mode = force_custom_plan;"]
        for k, result in enumerate(results):
            principal = mediator_principal if result["who"] == "mediator" else enterprise_principal
            text, expressions = queries["neutral" if result["who"] == "mediator" else "enterprise"]
            params = parameters(expressions, principal, result["filters"], today)
            execute = f"EXECUTE list_{k} ({', '.join(lit(v) for _, v in params)});"
            script += [f"PREPARE list_{k} ({', '.join(t for t, _ in params)}) AS\n{text};", "\\o /dev/null", execute,
                       "\\o", f"\\echo @@plan {k}", f"EXPLAIN (ANALYZE, BUFFERS) {execute}"]
        plans = re.split(r"^@@plan \d+\n", sql("\n".join(script) + "\n", "-At"), flags=re.M)[1:]
        seq_scans = []
        for result, plan in zip(results, plans):
            result["plan"] = plan
            used = re.findall(r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)", plan)
            result["indexes"] = sorted(set(used) & case_indexes)
            result["plan_ms"] = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            result["removed"] = sum(int(n) for n in re.findall(r"Rows Removed by Filter: (\d+)", plan))
            if re.search(r"Seq Scan on cases\b", plan):
                seq_scans.append(f"{result['who']} {result['label']}")

        # 5. One transition: `accept` on freshly filed cases (each with its real events), once each.
        warm = max(args.clients, args.transitions // 10)
        case_ids = []
        _, failures, _ = run_load(server.port, enterprise, list(range(1, args.transitions + warm + 1)), args.clients, [],
                                  lambda client, k: file_case(client, k, filing, case_ids))
        if failures:
            raise SystemExit(f"filing the transition cases failed: {failures[:3]}")
        accept = ({"action": "accept"}, {"If-Match": '"1"'})
        latencies, transition_failures, seconds = run_load(
            server.port, mediator, case_ids[warm:], args.clients, case_ids[:warm],
            lambda client, case_id: client.call("POST", f"/v1/cases/{case_id}/transitions", *accept))
        results.append({"who": "mediator", "label": "POST transitions accept", "latencies": latencies,
                        "failures": transition_failures, "seconds": seconds, "rows": None, "plan": None})

        for result in results:
            if result["plan"]:
                print(f"\n=== EXPLAIN: GET /v1/cases as the {result['who']}, filter {result['label']}\n{result['plan'].rstrip()}")
        print(f"\n{args.clients} clients, {args.requests} timed requests per list ({args.warmup} untimed first), "
              f"{len(latencies)} transitions; {total} cases; times in ms")
        header = f"{'principal':<10} {'filter':<28} {'p50':>7} {'p99':>7} {'max':>7} {'req/s':>7} {'rows':>4} {'fail':>4}  plan"
        print(header + "\n" + "-" * len(header))
        failed = []
        for r in results:
            lat = r["latencies"]
            plan = f"{', '.join(r['indexes']) or 'NO INDEX'}: {r['plan_ms']:.2f} ms, {r['removed']} rows filtered out" \
                if r["plan"] else ""
            print(f"{r['who']:<10} {r['label']:<28} {statistics.median(lat):7.2f} {percentile(lat, 0.99):7.2f} {max(lat):7.2f} "
                  f"{len(lat) / r['seconds']:7.1f} {'' if r['rows'] is None else r['rows']:>4} {len(r['failures']):>4}  {plan}")
            if r["failures"]:
                failed.append(f"{r['who']} {r['label']}: {len(r['failures'])} failed, e.g. {r['failures'][0]}")
        for line in failed:
            print(f"FAILED REQUESTS: {line}")
        for line in seq_scans:
            print(f"SEQ SCAN on cases: {line}")
        return 1 if failed or seq_scans else 0
    finally:
        world.close()


def file_case(client, k, filing, case_ids):
    status, body = client.call("POST", "/v1/cases", filing(k))
    if status == 201:
        case_ids.append(body["id"])
    return (200 if status == 201 else status), body


if __name__ == "__main__":
    sys.exit(main())
