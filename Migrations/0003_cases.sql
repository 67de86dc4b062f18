-- Dispute cases, and the shared mechanisms they are the first to use: the hash-chained event log,
-- the document store, deadline timers, notifications, idempotency keys and credit proposals.

-- One row per case. `snapshot` is the whole case as IPCaseDomain sees it; the other columns are derived
-- from it on every write, so that lists can filter and sort with indexes.
CREATE TABLE cases (
    id uuid PRIMARY KEY,
    number text NOT NULL UNIQUE,
    snapshot jsonb NOT NULL,
    state text NOT NULL,
    outcome text,
    ip_type text NOT NULL,
    complainant_organization_id uuid NOT NULL REFERENCES organizations (id),
    -- The respondent may have no account yet, so it is named by its unified social credit code.
    respondent_credit_code text NOT NULL,
    mediation_body_id uuid NOT NULL REFERENCES organizations (id),
    mediator_user_id uuid,
    arbitration_commission_id uuid,
    arbitrator_user_id uuid,
    court_id uuid,
    judge_user_id uuid,
    -- The earliest day by which someone must act; past it the case is overdue.
    due_on date,
    filed_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 1,
    -- The hash of the case's last event, written with it: `audit verify` compares the two, so events cut
    -- from the end of the chain are found too.
    chain_head bytea CHECK (length(chain_head) = 32)
);
-- Lists show the newest first and page by (filed_at, id). Each relation a principal can have to a case
-- has its own index, each with the state and IP type after it for the filters.
CREATE INDEX cases_complainant_page ON cases (complainant_organization_id, filed_at DESC, id DESC);
CREATE INDEX cases_respondent_page ON cases (respondent_credit_code, filed_at DESC, id DESC);
CREATE INDEX cases_mediation_body_page ON cases (mediation_body_id, filed_at DESC, id DESC);
CREATE INDEX cases_mediation_body_state_page ON cases (mediation_body_id, state, filed_at DESC, id DESC);
CREATE INDEX cases_mediation_body_ip_type_page ON cases (mediation_body_id, ip_type, filed_at DESC, id DESC);
-- Overdue lists: only cases with a due day, newest first, with the day in the key so that the overdue
-- test runs inside the index instead of on every newer row.
CREATE INDEX cases_mediation_body_dated_page ON cases (mediation_body_id, filed_at DESC, id DESC, due_on)
    WHERE due_on IS NOT NULL;
CREATE INDEX cases_dated_page ON cases (filed_at DESC, id DESC, due_on) WHERE due_on IS NOT NULL;
CREATE INDEX cases_commission_page ON cases (arbitration_commission_id, filed_at DESC, id DESC)
    WHERE arbitration_commission_id IS NOT NULL;
CREATE INDEX cases_court_page ON cases (court_id, filed_at DESC, id DESC) WHERE court_id IS NOT NULL;
CREATE INDEX cases_mediator_page ON cases (mediator_user_id, filed_at DESC, id DESC) WHERE mediator_user_id IS NOT NULL;
CREATE INDEX cases_arbitrator_page ON cases (arbitrator_user_id, filed_at DESC, id DESC) WHERE arbitrator_user_id IS NOT NULL;
CREATE INDEX cases_judge_page ON cases (judge_user_id, filed_at DESC, id DESC) WHERE judge_user_id IS NOT NULL;
CREATE INDEX cases_page ON cases (filed_at DESC, id DESC);

-- Case numbers run per prefix and year without gaps: MED-2026-000001, MED-2026-000002 …
CREATE TABLE case_number_counters (
    prefix text NOT NULL,
    year integer NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (prefix, year)
);

-- Every subject's append-only, hash-chained log (cases now; credit records later).
CREATE TABLE events (
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    seq integer NOT NULL CHECK (seq > 0),
    at timestamptz NOT NULL,
    -- NULL for `system`: automatic and deadline actions.
    actor_user_id uuid,
    actor_organization_id uuid,
    action text NOT NULL,
    from_state text,
    to_state text,
    payload jsonb NOT NULL,
    prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (subject_type, subject_id, seq)
);
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Uploaded documents, kept in PostgreSQL with their SHA-256; evidence is never changed or removed.
CREATE TABLE documents (
    id uuid PRIMARY KEY,
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    kind text NOT NULL,
    filename text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL CHECK (size >= 0),
    sha256 bytea NOT NULL CHECK (length(sha256) = 32),
    confidential boolean NOT NULL,
    -- For a confidential document the event chain records SHA-256(salt || sha256) instead of the hash
    -- itself, so that the other party, who may read the chain, cannot test a guess of the content.
    commitment_salt bytea CHECK (length(commitment_salt) = 16),
    submitted_by_user_id uuid NOT NULL REFERENCES users (id),
    submitted_by_organization_id uuid NOT NULL REFERENCES organizations (id),
    submitted_at timestamptz NOT NULL,
    content bytea NOT NULL
);
CREATE INDEX documents_subject_page ON documents (subject_type, subject_id, submitted_at, id);
CREATE TRIGGER documents_append_only BEFORE UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Work to do at a time: a deadline's automatic action. Schedulers claim due rows with
-- FOR UPDATE SKIP LOCKED, so that two server instances never fire one timer twice.
CREATE TABLE timers (
    id uuid PRIMARY KEY,
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    name text NOT NULL,
    fires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    fired_at timestamptz,
    cancelled_at timestamptz,
    -- A handler that fails is retried later, not in a tight loop; the error is kept for operators.
    attempts integer NOT NULL DEFAULT 0,
    last_error text
);
CREATE INDEX timers_due ON timers (fires_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX timers_subject_pending ON timers (subject_type, subject_id) WHERE fired_at IS NULL AND cancelled_at IS NULL;

CREATE TABLE notifications (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    subject_label text NOT NULL,
    text_zh text NOT NULL,
    text_en text NOT NULL,
    created_at timestamptz NOT NULL,
    read_at timestamptz
);
CREATE INDEX notifications_user_page ON notifications (user_id, created_at, id);

-- A create with an Idempotency-Key stores its response here, in the same transaction, so that a replay
-- gets the same answer and a different body with the same key is refused.
CREATE TABLE idempotency_keys (
    user_id uuid NOT NULL REFERENCES users (id),
    key text NOT NULL,
    operation text NOT NULL,
    request_hash bytea NOT NULL,
    status integer NOT NULL,
    headers jsonb NOT NULL,
    body bytea NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- Credit records proposed by other capabilities (kind 6 from a case's reported non-performance),
-- waiting for a regulator to confirm or dismiss them.
CREATE TABLE credit_proposals (
    id uuid PRIMARY KEY,
    kind integer NOT NULL CHECK (kind BETWEEN 1 AND 7),
    organization_id uuid REFERENCES organizations (id),
    credit_code text NOT NULL,
    source_type text NOT NULL,
    source_id uuid NOT NULL,
    reason text NOT NULL,
    status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'dismissed')),
    proposed_at timestamptz NOT NULL
);
CREATE INDEX credit_proposals_status ON credit_proposals (status, proposed_at, id);
