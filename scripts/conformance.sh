#!/usr/bin/env bash
# API conformance: serve on a free loopback port with a throwaway database, run schemathesis over every
# operation in /openapi.yaml, then stop everything that was started. Fails on any 5xx, any response
# that does not match the document, and any error that is not application/problem+json.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
if ! schemathesis --version 2>/dev/null | grep -q "${SCHEMATHESIS_VERSION}"; then
  python3 -m pip install -q "schemathesis==${SCHEMATHESIS_VERSION}"
fi

workdir=$(mktemp -d /tmp/ipcase-conformance-XXXXXX)
chmod 755 "$workdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:${port}"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

# Fuzzing login fails hundreds of times from one address; the per-address limit would then lock out the
# very login this script needs (the limit itself is covered by the test suite).
# The same holds for the public credit views' per-address limit (also covered by the test suite).
IPCASE_DATA_DIR="$workdir/data" IPCASE_LOG_LEVEL=warning IPCASE_LOGIN_MAX_FAILURES_PER_ADDRESS=100000 \
  IPCASE_PUBLIC_REQUESTS_PER_MINUTE=1000000 \
  .build/debug/ipcase serve --demo --host 127.0.0.1 --port "$port" >"$workdir/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$workdir/server.log"; echo "server exited before it was ready" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$base/health/ready" >/dev/null || { cat "$workdir/server.log"; echo "server never became ready" >&2; exit 1; }

# A logged-in principal: by default the demo platform admin, whose policies reach every operation.
login() {
  local role="${1:-admin}" email password
  email=$(awk -v role="$role" '$1 == role { print $2; exit }' "$workdir/data/demo-credentials")
  password=$(awk -v role="$role" '$1 == role { print $3; exit }' "$workdir/data/demo-credentials")
  curl -s -X POST "$base/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$email\", \"password\": \"$password\"}" |
    python3 -c 'import json, sys; body = json.load(sys.stdin); print(body.get("token") or sys.exit(f"login failed: {body}"))'
}

run_schemathesis() {
  timeout "${CONFORMANCE_TIMEOUT:-420}" schemathesis --config-file "${SCHEMATHESIS_CONFIG:-scripts/schemathesis.toml}" run "$base/openapi.yaml" \
    --checks all \
    --max-examples "${CONFORMANCE_EXAMPLES:-40}" \
    --seed 1 \
    --suppress-health-check all \
    --no-shrink \
    "$@"
}

status=0
# Everything but the two ways to end a session, which would end the one the rest of the run depends on.
run_schemathesis -H "Authorization: Bearer $(login)" \
  --exclude-operation-id logout --exclude-operation-id revokeSession || status=$?
# Then those two, each with a session of its own.
run_schemathesis -H "Authorization: Bearer $(login)" --include-operation-id revokeSession || status=$?
run_schemathesis -H "Authorization: Bearer $(login)" --include-operation-id logout || status=$?
# The case operations again, as a party and as a mediator, on a real case and document of the demo data:
# random ids only reach the 404 answers, real ones reach transitions, uploads and downloads.
enterprise=$(login enterprise)
case_id=$(curl -s "$base/v1/cases?state=in_mediation" -H "Authorization: Bearer $enterprise" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"].lower())')
document_id=$(curl -s -X POST "$base/v1/cases/$case_id/documents?filename=evidence.txt&kind=evidence" \
  -H "Authorization: Bearer $enterprise" -H 'Content-Type: text/plain' --data 'conformance evidence' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"].lower())')
cp scripts/schemathesis.toml "$workdir/cases.toml"
printf '\n[parameters]\n"path.id" = "%s"\n"path.documentId" = "%s"\n' "$case_id" "$document_id" >>"$workdir/cases.toml"
for role in enterprise mediator; do
  SCHEMATHESIS_CONFIG="$workdir/cases.toml" run_schemathesis -H "Authorization: Bearer $(login "$role")" \
    --include-path-regex '^/v1/(cases|notifications)' --exclude-operation-id getCaseEventReceipt || status=$?
done
# An event's receipt, without the check that a mutated id is refused: with the case's id fixed above, the
# request schemathesis counts as "an id of the wrong type" (on this path with two parameters only) still
# carries the real id, and is rightly answered 200. The id's handling is every /v1/cases/{id} route's.
SCHEMATHESIS_CONFIG="$workdir/cases.toml" run_schemathesis -H "Authorization: Bearer $enterprise" \
  --include-operation-id getCaseEventReceipt --exclude-checks negative_data_rejection || status=$?
# The printable agreement of a settled demo case (one whose agreement took effect), as a party.
settled_id=$(curl -s "$base/v1/cases?state=settled" -H "Authorization: Bearer $enterprise" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"].lower())')
cp scripts/schemathesis.toml "$workdir/agreement.toml"
printf '\n[parameters]\n"path.id" = "%s"\n' "$settled_id" >>"$workdir/agreement.toml"
SCHEMATHESIS_CONFIG="$workdir/agreement.toml" run_schemathesis -H "Authorization: Bearer $enterprise" \
  --include-operation-id getCaseAgreement || status=$?
# The directory as an enterprise (organisations only; colleagues are refused), as a mediator (both) and as a
# regulator, and the case statistics as each of them: only the regulator reads them, the others get 403.
for role in enterprise mediator regulator; do
  run_schemathesis -H "Authorization: Bearer $(login "$role")" --include-path-regex '^/v1/(directory|statistics)' || status=$?
done
# The credit operations as a regulator, on a demo enterprise's credit code and a real record.
regulator=$(login regulator)
record_id=$(curl -s -X POST "$base/v1/credit/records" -H "Authorization: Bearer $regulator" -H 'Content-Type: application/json' \
  -d '{"creditCode": "914403001922038216", "kind": "7", "decisionNumber": "CONFORMANCE-1", "legalBasis": "art. 6",
       "facts": "conformance", "decisionDate": "2026-01-05"}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"].lower())')
cp scripts/schemathesis.toml "$workdir/credit.toml"
printf '\n[parameters]\n"path.id" = "%s"\n"path.creditCode" = "914403001922038216"\n' "$record_id" >>"$workdir/credit.toml"
SCHEMATHESIS_CONFIG="$workdir/credit.toml" run_schemathesis -H "Authorization: Bearer $regulator" \
  --include-path-regex '^/v1/credit' --exclude-operation-id getCreditFeed || status=$?
# As an enterprise: its own profile, objections, repairs and commitments (and refusals of the rest).
SCHEMATHESIS_CONFIG="$workdir/credit.toml" run_schemathesis -H "Authorization: Bearer $(login enterprise)" \
  --include-path-regex '^/v1/credit' --exclude-operation-id getCreditFeed || status=$?
# Anonymously: the public views.
SCHEMATHESIS_CONFIG="$workdir/credit.toml" run_schemathesis --include-path-regex '^/v1/public/' || status=$?
# As a partner, with an API token the admin issues to the demo regulator's organisation.
admin=$(login)
regulator_org=$(curl -s "$base/v1/me" -H "Authorization: Bearer $regulator" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["organization"]["id"].lower())')
feed_token=$(curl -s -X POST "$base/v1/admin/api-tokens" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"organizationId\": \"$regulator_org\", \"name\": \"conformance\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
run_schemathesis -H "Authorization: Bearer $feed_token" --include-operation-id getCreditFeed || status=$?
# The compliance operations as an enterprise and as a regulator, on the demo enterprise's draft self-assessment
# (compared with itself), one of its answered items, a piece of evidence uploaded for it, and a park the admin
# puts the enterprise in: random ids only reach the 404 answers, real ones reach reviews, uploads, downloads,
# the evidence package, the reports and the park summary.
enterprise=$(login enterprise)
assessment_url="$base/v1/compliance/assessments"
assessment_id=$(curl -s "$assessment_url?state=draft" -H "Authorization: Bearer $enterprise" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"].lower())')
item_id=$(curl -s "$assessment_url/$assessment_id" -H "Authorization: Bearer $enterprise" |
  python3 -c 'import json, sys; print(sorted(json.load(sys.stdin)["answers"])[0])')
assessment_etag=$(curl -s -o /dev/null -D - "$assessment_url/$assessment_id" -H "Authorization: Bearer $enterprise" |
  tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')
evidence_id=$(curl -s -X POST "$assessment_url/$assessment_id/evidence?filename=nda.txt&items=$item_id&effectiveOn=2025-01-01" \
  -H "Authorization: Bearer $enterprise" -H "If-Match: $assessment_etag" -H 'Content-Type: text/plain' \
  --data 'conformance evidence' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["evidence"][-1]["documentId"].lower())')
enterprise_org=$(curl -s "$base/v1/me" -H "Authorization: Bearer $enterprise" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["organization"]["id"].lower())')
organization_etag=$(curl -s -o /dev/null -D - "$base/v1/organizations/$enterprise_org" -H "Authorization: Bearer $admin" |
  tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')
curl -sf -o /dev/null -X PATCH "$base/v1/organizations/$enterprise_org" -H "Authorization: Bearer $admin" \
  -H "If-Match: $organization_etag" -H 'Content-Type: application/json' -d '{"park": "Conformance Park"}'
cp scripts/schemathesis.toml "$workdir/compliance.toml"
printf '\n[parameters]\n"path.id" = "%s"\n"path.otherId" = "%s"\n"path.itemId" = "%s"\n"path.documentId" = "%s"\n"query.park" = "%s"\n' \
  "$assessment_id" "$assessment_id" "$item_id" "$evidence_id" "Conformance Park" >>"$workdir/compliance.toml"
for role in enterprise regulator; do
  SCHEMATHESIS_CONFIG="$workdir/compliance.toml" run_schemathesis -H "Authorization: Bearer $(login "$role")" \
    --include-path-regex '^/v1/compliance' || status=$?
done
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 50 lines) ---"; tail -50 "$workdir/server.log"
fi
exit "$status"
