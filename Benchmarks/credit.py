#!/usr/bin/env python3
"""Credit: seeds 100,000 subjects and 1,000,000 credit records, then times `ipcase credit recompute` against one
SQL aggregate of the same point sums, and the public look-up beside /health/live under concurrent clients.

Starts the server on a free loopback port with a throwaway data folder and the demo world, with the public
views' rate limit (IPCASE_PUBLIC_REQUESTS_PER_MINUTE) set so high that it never answers 429. Seeds in SQL, as
the demo regulator: --subjects unified social credit codes (GB 32100, the first --registered of them
enterprises with an account, the rest subjects without one), --records rows of `credit_records` over them (each
subject at least one, a few many: about 10 on average), kinds 1–7 in the tiers each may have and the four
positive kinds, mostly active with some revoked and repaired, decided over the past four years; and a
published grade for --grades subjects, computed as of a day in the past year, so that recompute finds grades
that have since changed. Then:

1. runs `ipcase credit recompute --as-of <today>` (the model's time zone) --runs times against the server's
   embedded PostgreSQL, timing each process from start to exit (exit 3, "some grades differ", is expected);
2. runs one SQL aggregate of the same point sums --runs times: per credit code, base + the points of each
   active record decided by that day and less than 12 months before it (the model's measures last 12 months,
   extended by a later finding within them up to 36; the SQL keeps the plain 12 months, so a subject with
   such a run of findings scores higher in SQL than in the model). Its time is PostgreSQL's execution time
   from EXPLAIN (ANALYZE, TIMING OFF), so process start-up and result transfer are excluded; psql's \\timing
   of the same query, with its 100,000 rows received, is shown beside it. The points are parsed from
   Policies/credit-model.yaml;
3. times GET /v1/public/credit/{creditCode} of random seeded subjects with --clients concurrent clients,
   --requests each (after --warmup untimed each), then GET /health/live the same way on the same server.

Prints a Markdown table for Benchmarks/README.md. Exits 1 when a request does not answer 200 or recompute
fails. Needs psql; stdlib only.

    python3 Benchmarks/credit.py [--binary .build/release/ipcase] [--clients 8] [--requests 2000] [--runs 3]
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
CREDIT_MODEL = os.path.join(ROOT, "Policies/credit-model.yaml")
REGULATOR = "regulator@amr.demo"
# The model's time zone (Policies/credit-model.yaml): China has no daylight saving time.
MODEL_TZ = datetime.timezone(datetime.timedelta(hours=8))

# The share of each kind among the records: the seven kinds of dishonest behaviour and the positive kinds.
KIND_MIX = {"1": 20, "2": 16, "3": 8, "4": 8, "5": 10, "6": 7, "7": 11,
            "kept_commitment": 9, "agreement_performed": 5, "compliance_demonstration": 2, "award": 4}
# The tiers a finding of each kind has (kind 1 is never serious, kind 6 never minor).
TIER_MIX = {"1": {"minor": 50, "general": 50}, "6": {"general": 40, "serious": 60},
            None: {"minor": 25, "general": 60, "serious": 15}}
# Publication months (the tier's range in the model) and the months after which repair may be applied for.
PUBLICATION = {"general": (3, 12), "serious": (12, 36)}
REPAIR_AFTER = {"minor": 0, "general": 3, "serious": 12}
STATUS_MIX = {"negative": {"active": 84, "repaired": 11, "revoked": 5}, "positive": {"active": 97, "revoked": 3}}
FACTS = {
    "1": "非正常专利申请，已责令撤回。 Abnormal patent applications, ordered withdrawn.",
    "2": "恶意抢注他人商标。 Malicious trademark filings.",
    "3": "无资质从事专利代理。 Patent agency work without a licence.",
    "4": "申请材料隐瞒重要事实。 Material facts hidden in an application.",
    "5": "信用承诺未履行。 A credit commitment was not kept.",
    "6": "有履行能力但拒不履行生效调解协议。 An enforceable agreement was not performed although the subject could.",
    "7": "未按期报送知识产权信用信息。 Credit information reported late.",
    "kept_commitment": "信用承诺履行良好。 A credit commitment was kept.",
    "agreement_performed": "按期履行调解协议。 A mediation agreement was performed on time.",
    "compliance_demonstration": "商业秘密合规评估达到示范级。 Trade-secret compliance at demonstration level.",
    "award": "获评知识产权优势企业。 Named an IP advantage enterprise.",
}
LEGAL_BASIS = {"kept_commitment": "深圳市信用承诺管理办法", "agreement_performed": "人民调解法 第三十一条",
               "compliance_demonstration": "深圳市商业秘密保护合规指引", "award": "深圳市知识产权奖励办法"}


# --- The credit model's figures, from Policies/credit-model.yaml ------------------------------------------

def credit_model():
    """Base, points per kind, validity months and grade bands, read with regular expressions (no YAML parser)."""
    text = open(CREDIT_MODEL, encoding="utf-8").read()
    kinds = dict(re.findall(r'^  "?([\w]+)"?:\n(?:    .*\n)*?    points: (-?\d+)$', text, re.M))
    model = {
        "text": text,
        "base": int(re.search(r"^base: (\d+)$", text, re.M).group(1)),
        "points": {kind: int(points) for kind, points in kinds.items()},
        "positive_months": int(re.search(r"^positiveValidityMonths: (\d+)$", text, re.M).group(1)),
        "measures_months": int(re.search(r"^measures:\n  months: (\d+)$", text, re.M).group(1)),
        "bands": [(g, int(s)) for g, s in re.findall(r"- \{ grade: ([\w+]+), minScore: (\d+) \}", text)],
        "version": re.search(r'^version: "([^"]+)"$', text, re.M).group(1),
    }
    if set(model["points"]) != set(KIND_MIX) or not model["bands"]:
        sys.exit(f"{CREDIT_MODEL} has kinds {sorted(model['points'])}: update KIND_MIX of this benchmark")
    return model


# --- Unified social credit codes (GB 32100 / GB 11714), so seeded subjects look like real ones ---------------

CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
DIVISIONS = ["440300", "440100", "441900", "440600", "310115", "110108", "330106", "320505", "510107", "420111"]


def credit_code(division, base):
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(base, ORG_WEIGHTS))
    digit = 11 - total % 11
    body = "91" + division + base + ("X" if digit == 10 else "0" if digit == 11 else str(digit))
    return body + CODE_ALPHABET[(31 - sum(CODE_ALPHABET.index(c) * w for c, w in zip(body, CODE_WEIGHTS)) % 31) % 31]


def subject_rows(count, taken):
    """(n, code, name) for n 1…count; the codes are new and distinct."""
    rng = random.Random(2026)
    cities = ["深圳", "广州", "东莞", "佛山", "上海", "北京", "杭州", "苏州", "成都", "武汉"]
    words = ["光电", "精密", "智能", "新材料", "生物", "软件", "电子", "医疗器械", "文化传媒", "机械", "通信", "化工"]
    forms = ["科技有限公司", "股份有限公司", "有限公司", "实业有限公司"]
    rows, seen = [], set(taken)
    for n in range(1, count + 1):
        while True:
            code = credit_code(rng.choice(DIVISIONS), "%08d" % rng.randrange(10**7, 10**8))
            if code not in seen:
                break
        seen.add(code)
        name = f"{rng.choice(cities)}{rng.choice(words)}{rng.choice(['', '恒', '华', '远', '瑞', '创'])}{rng.choice(forms)}"
        rows.append((n, code, name))
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


def pick(column, mix, value=lit):
    """A CASE choosing a key of `mix` (weights) by the uniform random column `column`."""
    total, cumulative, arms = sum(mix.values()), 0, []
    for key, weight in list(mix.items())[:-1]:
        cumulative += weight
        arms.append(f"WHEN {column} < {cumulative / total!r} THEN {value(key)}")
    return f"CASE {' '.join(arms)} ELSE {value(list(mix)[-1])} END"


def points_values(model):
    """The model's kinds as a VALUES list: (kind, points, months a record counts)."""
    return ", ".join(
        f"({lit(kind)}, {points}, {model['positive_months'] if points > 0 else model['measures_months']})"
        for kind, points in model["points"].items())


def counting(as_of):
    """Whether record r (joined to p of points_values) counts on `as_of`, with the plain validity months."""
    return (f"r.status = 'active' AND r.decision_date <= {as_of} "
            f"AND {as_of} < r.decision_date + p.months * interval '1 month'")


def aggregate_sql(model, today):
    """The single SQL aggregate timed against recompute: every subject's point sum as of `today`."""
    return (f"SELECT r.credit_code, {model['base']} + coalesce(sum(p.points) FILTER (WHERE {counting(lit(today) + '::date')}), 0) AS score\n"
            f"FROM credit_records r LEFT JOIN (VALUES {points_values(model)}) AS p (kind, points, months) ON p.kind = r.kind\n"
            f"GROUP BY r.credit_code")


def seed_sql(args, ids, subjects, model, today):
    s, n = args.subjects, args.records
    tiers = " ".join(f"WHEN kind = {lit(k)} THEN {pick('r_tier', mix)}" for k, mix in TIER_MIX.items() if k)
    negative = "kind IN ('1', '2', '3', '4', '5', '6', '7')"
    facts = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in FACTS.items())
    basis = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in LEGAL_BASIS.items())
    published = " ".join(
        f"WHEN {lit(t)} THEN (decision_date + ({lo} + floor(r_months * {hi - lo + 1}))::int * interval '1 month' - interval '1 day')::date"
        for t, (lo, hi) in PUBLICATION.items())
    repair = " ".join(f"WHEN {lit(t)} THEN (decision_date + interval '{m} months')::date" for t, m in REPAIR_AFTER.items())
    grade = " ".join(f"WHEN score >= {minimum} THEN {lit(g)}" for g, minimum in model["bands"][:-1])
    ranges, upper = [], None
    for g, minimum in model["bands"]:
        ranges.append(f"WHEN {lit(g)} THEN ARRAY[{minimum}, {'NULL' if upper is None else upper}]::int[]")
        upper = minimum - 1
    copy_rows = "\n".join(f"{i}\t{code}\t{name}" for i, code, name in subjects)
    return f"""
\\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE bench_subjects (n int PRIMARY KEY, code text NOT NULL, name text NOT NULL);
COPY bench_subjects (n, code, name) FROM STDIN;
{copy_rows}
\\.
INSERT INTO organizations (id, name, kind, credit_code, created_at, updated_at)
SELECT md5('organization ' || code)::uuid, name, 'enterprise', code, now() - interval '900 days' + n * interval '5 minutes',
       now() - interval '900 days' + n * interval '5 minutes'
FROM bench_subjects WHERE n <= {args.registered};

-- Record i < {s} is subject i's; the others fall on subject 1 + {s}·u^1.5, so that a few subjects have hundreds.
SELECT setseed(0.2026);
CREATE TEMP TABLE bench_records AS
WITH draws AS (
    SELECT i, CASE WHEN i <= {s} THEN i ELSE 1 + least({s - 1}, floor({s} * power(random(), 1.5))::int) END AS n,
           random() AS r_kind, random() AS r_tier, random() AS r_status, random() AS r_date, random() AS r_months,
           random() AS r_recorded, random() AS r_ended
    FROM generate_series(1, {n}) AS i
), kinded AS (
    SELECT d.*, {pick('r_kind', KIND_MIX)} AS kind, {lit(today)}::date - floor(r_date * 1461)::int AS decision_date
    FROM draws d
), tiered AS (
    SELECT k.*, CASE WHEN {negative} THEN CASE {tiers} ELSE {pick('r_tier', TIER_MIX[None])} END END AS tier,
           least({lit(today)}::date, decision_date + floor(r_recorded * 4)::int) AS recorded_day
    FROM kinded k
), dated AS (
    SELECT t.*, CASE tier {published} END AS published_until,
           CASE WHEN tier IS NULL THEN decision_date ELSE CASE tier {repair} END END AS repair_from,
           least(now() - interval '1 minute',
                 (recorded_day + time '09:00' + r_recorded * interval '9 hours') AT TIME ZONE 'Asia/Shanghai') AS recorded_at
    FROM tiered t
), stated AS (
    SELECT d.*, CASE WHEN chosen = 'repaired' AND repair_from > {lit(today)}::date THEN 'active' ELSE chosen END AS status
    FROM (SELECT d.*, CASE WHEN {negative} THEN {pick('r_status', STATUS_MIX['negative'])}
                           ELSE {pick('r_status', STATUS_MIX['positive'])} END AS chosen FROM dated d) d
)
SELECT s.*, CASE WHEN status <> 'active' THEN least(now(), CASE status
           WHEN 'revoked' THEN recorded_at + r_ended * least(interval '90 days', now() - recorded_at)
           WHEN 'repaired' THEN greatest(recorded_at, (repair_from + time '10:00') AT TIME ZONE 'Asia/Shanghai')
               + r_ended * (now() - greatest(recorded_at, (repair_from + time '10:00') AT TIME ZONE 'Asia/Shanghai'))
       END) END AS ended_at
FROM stated s;

INSERT INTO credit_records (id, credit_code, kind, tier, decision_number, legal_basis, facts, decision_date, published_until,
                            repair_from, objection_until, status, recorded_by_user_id, recording_organization_id, recorded_at,
                            version, ended_at)
SELECT md5('credit record ' || b.i)::uuid, s.code, b.kind, b.tier,
       CASE WHEN b.tier IS NULL THEN '深市监知奖〔' ELSE '深市监知信〔' END || extract(year FROM b.decision_date) || '〕' || b.i || '号',
       CASE b.kind {basis} ELSE '知识产权信用管理规定 第六条' END, CASE b.kind {facts} END,
       b.decision_date, b.published_until, b.repair_from, b.recorded_day + {args.objection_days}, b.status,
       {lit(ids['user'])}, {lit(ids['organization'])}, b.recorded_at, 1, b.ended_at
FROM bench_records b JOIN bench_subjects s ON s.n = b.n
ORDER BY b.recorded_at;

-- Grades published as of a day in the past year, computed then as the SQL aggregate computes (12 months).
CREATE TEMP TABLE bench_grades AS
WITH chosen AS (
    SELECT code, {lit(today)}::date - (14 + floor(r_as_of * 350))::int AS as_of
    FROM (SELECT code, random() AS r_pick, random() AS r_as_of FROM bench_subjects) s ORDER BY r_pick LIMIT {args.grades}
), scored AS (
    SELECT c.code, c.as_of,
           {model['base']} + coalesce(sum(p.points) FILTER (WHERE {counting('c.as_of')}), 0) AS score,
           coalesce(bool_or(r.tier = 'serious') FILTER (WHERE {counting('c.as_of')} AND p.points < 0), false) AS serious,
           coalesce(bool_or(p.points > 0) FILTER (WHERE {counting('c.as_of')}), false) AS positive,
           coalesce(bool_or(p.points < 0) FILTER (WHERE {counting('c.as_of')}), false) AS negative,
           coalesce(array_agg(r.id ORDER BY r.recorded_at) FILTER (WHERE {counting('c.as_of')}), '{{}}') AS record_ids
    FROM chosen c
    JOIN credit_records r ON r.credit_code = c.code
    JOIN (VALUES {points_values(model)}) AS p (kind, points, months) ON p.kind = r.kind
    GROUP BY c.code, c.as_of
)
SELECT s.*, CASE WHEN serious THEN 'D' WHEN positive AND NOT negative THEN 'A+' {grade} ELSE {lit(model['bands'][-1][0])} END AS grade,
       (s.as_of + 1 + time '10:00' + random() * interval '7 hours') AT TIME ZONE 'Asia/Shanghai' AS issued_at
FROM scored s;

INSERT INTO credit_grades (id, credit_code, grade, computed_grade, score, score_minimum, score_maximum, seriously_dishonest,
                           reasons, record_ids, as_of, model_version, model_hash, status, issued_by_user_id,
                           issuing_organization_id, issued_at, published_at, version)
SELECT md5('credit grade ' || code)::uuid, code, grade, grade, score, range[1], range[2], serious, '[]'::jsonb, record_ids,
       as_of, {lit(model['version'])}, {lit(hashlib.sha256(model['text'].encode()).hexdigest())}, 'published',
       {lit(ids['user'])}, {lit(ids['organization'])}, least(issued_at, now()), least(issued_at, now()), 1
FROM bench_grades CROSS JOIN LATERAL (SELECT CASE grade {' '.join(ranges)} END AS range) g;
COMMIT;
VACUUM (ANALYZE) credit_records;
VACUUM (ANALYZE) credit_grades;
ANALYZE organizations;
"""


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

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/ipcase", help="server binary, relative to the repository")
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--registered", type=int, default=10_000, help="subjects that are enterprises with an account")
    parser.add_argument("--grades", type=int, default=20_000, help="subjects with a published grade")
    parser.add_argument("--objection-days", type=int, default=15, help="objectionDays of the model")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of recompute and of the SQL aggregate")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2_000, help="timed requests per client and endpoint")
    parser.add_argument("--warmup", type=int, default=100, help="untimed requests per client and endpoint first")
    parser.add_argument("--log-level", default="info", help="the server's IPCASE_LOG_LEVEL (info logs every request)")
    parser.add_argument("--keep", action="store_true", help="keep the data folder and server log")
    args = parser.parse_args()
    if args.records < args.subjects or args.grades > args.subjects or args.registered > args.subjects:
        sys.exit("needs --records ≥ --subjects ≥ --grades, --registered")
    binary = os.path.join(ROOT, args.binary) if not os.path.isabs(args.binary) else args.binary
    debian = "/usr/lib/postgresql"
    versions = sorted(os.listdir(debian), key=lambda v: int(v) if v.isdigit() else 0, reverse=True) if os.path.isdir(debian) else []
    psql = shutil.which("psql") or next((p for p in (f"{debian}/{v}/bin/psql" for v in versions) if os.path.exists(p)), None)
    if not os.access(binary, os.X_OK) or not psql:
        sys.exit(f"needs the server binary ({binary}) and psql")
    model = credit_model()

    workdir = tempfile.mkdtemp(prefix="ipcase-bench-", dir="/tmp")
    os.chmod(workdir, 0o755)  # when root, the embedded cluster runs as `postgres`, which must reach the folder
    server = Server(binary, workdir, args.log_level, {"IPCASE_PUBLIC_REQUESTS_PER_MINUTE": "100000000"})
    try:
        server.wait_ready()
        host = server.socket_directory()
        database_url = f"postgres:///ipcase?host={host}&user=ipcase"

        def sql(script, *flags):
            result = subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-U", "ipcase", "-d", "ipcase", *flags],
                                    input=script, capture_output=True, text=True)
            if result.returncode != 0:
                raise SystemExit(f"psql failed: {result.stderr.strip()}")
            return result.stdout

        def rows(query):
            return [line.split("|") for line in sql(query, "-At").splitlines() if line]

        # 1. The seed, as the demo regulator.
        user, organization = rows(f"SELECT id, organization_id FROM users WHERE email = {lit(REGULATOR)}")[0]
        ids = {"user": user, "organization": organization}
        taken = {code for (code,) in rows(
            "SELECT credit_code FROM organizations WHERE credit_code IS NOT NULL "
            "UNION SELECT credit_code FROM credit_records UNION SELECT credit_code FROM credit_grades")}
        today = datetime.datetime.now(MODEL_TZ).date().isoformat()
        started = time.monotonic()
        subjects = subject_rows(args.subjects, taken)
        sql(seed_sql(args, ids, subjects, model, today))
        seed_seconds = time.monotonic() - started
        total, subject_count, active, revoked, repaired, minor, general, serious, positive = rows(
            "SELECT count(*), count(DISTINCT credit_code), count(*) FILTER (WHERE status = 'active'), "
            "count(*) FILTER (WHERE status = 'revoked'), count(*) FILTER (WHERE status = 'repaired'), "
            "count(*) FILTER (WHERE tier = 'minor'), count(*) FILTER (WHERE tier = 'general'), "
            "count(*) FILTER (WHERE tier = 'serious'), count(*) FILTER (WHERE tier IS NULL) FROM credit_records")[0]
        most, median_records = rows(
            "SELECT max(c), percentile_disc(0.5) WITHIN GROUP (ORDER BY c) "
            "FROM (SELECT count(*) AS c FROM credit_records GROUP BY credit_code) s")[0]
        grades = rows("SELECT grade, count(*) FROM credit_grades WHERE status = 'published' GROUP BY grade ORDER BY grade")
        size = rows("SELECT pg_size_pretty(pg_total_relation_size('credit_records'))")[0][0]
        print(f"seeded in {seed_seconds:.1f} s: {total} records ({size} with indexes) of {subject_count} subjects "
              f"(median {median_records}, most {most}), {args.registered} of them with an account")
        print(f"  active {active}, revoked {revoked}, repaired {repaired}; minor {minor}, general {general}, "
              f"serious {serious}, positive {positive}")
        print("  published grades: " + ", ".join(f"{g} {c}" for g, c in grades))

        # 2. `ipcase credit recompute`, a process each time, against the server's cluster.
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "IPCASE_DATA_DIR")}
        env.update(IPCASE_HOME=ROOT)
        command = [binary, "credit", "recompute", "--as-of", today, "--database-url", database_url, "--log-level", "warning"]
        recomputes = []
        for run in range(args.runs):
            started = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
            seconds = time.perf_counter() - started
            summary = re.search(r"^(\d+) subject\(s\), (\d+) record\(s\) as of \S+ with model \S+ in ([\d.]+) s: "
                                r"(\d+) grade\(s\) differ", result.stdout, re.M)
            if result.returncode not in (0, 3) or not summary:
                raise SystemExit(f"credit recompute exited with {result.returncode}:\n{result.stderr[-2000:]}\n{result.stdout[-2000:]}")
            differences = re.findall(r"^(\w{18}) (\S+) -> (\S+) \((-?\d+)\)$", result.stdout, re.M)
            recomputes.append({"seconds": seconds, "reported": float(summary.group(3)), "subjects": int(summary.group(1)),
                               "records": int(summary.group(2)), "differ": int(summary.group(4)),
                               "differences": differences, "exit": result.returncode})
            print(f"  recompute {run + 1}: {seconds:.2f} s wall ({summary.group(3)} s by its own count), exit "
                  f"{result.returncode}: {summary.group(0)}")

        # 3. The SQL aggregate: PostgreSQL's execution time, then psql's \timing with the rows received.
        aggregate = aggregate_sql(model, today)
        script = ["\\timing off"]
        for run in range(args.runs):
            script += [f"\\echo @@explain {run}", f"EXPLAIN (ANALYZE, TIMING OFF, BUFFERS) {aggregate};"]
        script += ["\\o /dev/null", "\\timing on"] + [f"{aggregate};" for _ in range(args.runs)] + ["\\timing off", "\\o"]
        # recompute's own query, as it streams it (without the transfer to the process).
        script += ["\\echo @@recompute", "EXPLAIN (ANALYZE, TIMING OFF, BUFFERS) SELECT credit_code, id, kind, tier, "
                   "decision_date::text, status FROM credit_records ORDER BY credit_code;"]
        output = sql("\n".join(script) + "\n", "-At")
        plans = re.findall(r"^@@explain \d+\n(.*?)(?=^@@)", output, re.M | re.S)
        executions = [float(re.search(r"Execution Time: ([\d.]+) ms", p).group(1)) for p in plans]
        timings = [float(t) for t in re.findall(r"^Time: ([\d.]+) ms", output, re.M)]
        recompute_plan = output.split("@@recompute\n", 1)[1]
        recompute_query_ms = float(re.search(r"Execution Time: ([\d.]+) ms", recompute_plan).group(1))
        print(f"\n=== EXPLAIN (ANALYZE, TIMING OFF, BUFFERS) of the SQL aggregate\n{aggregate}\n{plans[0].rstrip()}")
        print(f"\n=== EXPLAIN (ANALYZE, TIMING OFF, BUFFERS) of recompute's query\n{recompute_plan.rstrip()}")
        print(f"\n  SQL aggregate: execution {', '.join(f'{t:.0f}' for t in executions)} ms; "
              f"psql \\timing {', '.join(f'{t:.0f}' for t in timings)} ms")

        # The SQL's scores beside recompute's, for the subjects recompute lists (12 months against the model's runs).
        sql_scores = dict(rows(aggregate))
        listed = recomputes[-1]["differences"]
        compared = [(int(sql_scores[code]), int(score)) for code, _, _, score in listed if code in sql_scores]
        same = sum(1 for q, s in compared if q == s)
        higher = sum(1 for q, s in compared if q > s)
        print(f"  of the {len(listed)} subjects recompute lists, the SQL aggregate gives {same} the same score and {higher} "
              f"a higher one (measures extended by a later finding); {len(compared) - same - higher} a lower one")

        # 4. The public look-up and /health/live under load, on the same server.
        rng = random.Random(7)
        codes = [code for _, code, _ in subjects]
        status, entry = Client(server.port).call("GET", f"/v1/public/credit/{codes[0]}")
        if status != 200 or entry.get("creditCode") != codes[0]:
            raise SystemExit(f"GET /v1/public/credit/{codes[0]} answered {status}: {entry}")
        loads = {}
        for label, paths in (
            ("public", lambda count: [f"/v1/public/credit/{rng.choice(codes)}" for _ in range(count)]),
            ("live", lambda count: ["/health/live"] * count),
        ):
            latencies, failures, seconds = run_load(
                server.port, None, paths(args.clients * args.requests), args.clients, paths(args.clients * args.warmup),
                lambda client, path: client.call("GET", path))
            loads[label] = {"latencies": latencies, "failures": failures, "seconds": seconds}
            print(f"  {label}: p50 {statistics.median(latencies):.2f} ms, p99 {percentile(latencies, 0.99):.2f} ms, "
                  f"{len(latencies) / seconds:.0f} req/s, {len(failures)} failed")

        # 5. The table.
        wall = statistics.median(r["seconds"] for r in recomputes)
        own = statistics.median(r["reported"] for r in recomputes)
        execution, timing = statistics.median(executions) / 1000, statistics.median(timings) / 1000
        last = recomputes[-1]
        public, live = loads["public"], loads["live"]

        def load_cells(load):
            lat = load["latencies"]
            return (f"{statistics.median(lat):.2f} ms", f"{percentile(lat, 0.99):.2f} ms",
                    f"{len(lat) / load['seconds']:.0f}", f"{len(load['failures'])}")

        print(f"\n{total} records of {subject_count} subjects, {args.grades} published grades; recompute and SQL: median of "
              f"{args.runs} runs; look-ups: {args.clients} clients × {args.requests} requests ({args.warmup} untimed each first)\n")
        print("| figure | target | measured |\n|---|---|---|")
        print(f"| `ipcase credit recompute` (process wall time) | | **{wall:.2f} s** "
              f"({', '.join('%.2f' % r['seconds'] for r in recomputes)}); {own:.2f} s by its own count |")
        print(f"| … it printed | | {last['subjects']:,} subjects, {last['records']:,} records, {last['differ']:,} grades differ |")
        print(f"| SQL aggregate of the same point sums (PostgreSQL execution) | | **{execution:.2f} s** "
              f"({', '.join(f'{t / 1000:.2f}' for t in executions)}) |")
        print(f"| … in psql with its {subject_count} rows received (`\\timing`) | | {timing:.2f} s |")
        print(f"| … recompute's own query alone (PostgreSQL execution) | | {recompute_query_ms / 1000:.2f} s |")
        over = " — over the limit" if wall / execution > 3 else ""
        print(f"| recompute / SQL aggregate | ≤ 3× | **{wall / execution:.1f}×**{over} ({wall / timing:.1f}× against `\\timing`) |")
        p50, p99, rate, failed = load_cells(public)
        print(f"| `GET /v1/public/credit/{{creditCode}}` p50 / p99 | | **{p50}** / **{p99}** ({rate} req/s, {failed} failed) |")
        p50, p99, rate, failed = load_cells(live)
        print(f"| `GET /health/live` p50 / p99, same server | | {p50} / {p99} ({rate} req/s, {failed} failed) |")

        failed = [f"{label}: {len(load['failures'])} failed, e.g. {load['failures'][0]}"
                  for label, load in loads.items() if load["failures"]]
        for line in failed:
            print(f"FAILED REQUESTS: {line}")
        return 1 if failed else 0
    finally:
        server.stop()
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
