-- Credit records (docs/domain.md#ip-credit): findings a regulator records against an enterprise, named by
-- its unified social credit code (it may have no account). Every change is an event in the record's own
-- chain (subject type creditRecord); this row holds what lists and the score read.
CREATE TABLE credit_records (
    id uuid PRIMARY KEY,
    credit_code text NOT NULL CHECK (length(credit_code) = 18),
    kind text NOT NULL,
    tier text CHECK (tier IN ('minor', 'general', 'serious')),
    decision_number text NOT NULL CHECK (length(decision_number) BETWEEN 1 AND 100),
    legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 500),
    facts text NOT NULL CHECK (length(facts) BETWEEN 1 AND 10000),
    decision_date date NOT NULL,
    -- The last day the public sees it; NULL when its tier is not published.
    published_until date,
    -- 两书同达: when repair may be applied for is fixed, and told, with the decision.
    repair_from date NOT NULL,
    objection_until date NOT NULL,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked', 'repaired')),
    recorded_by_user_id uuid NOT NULL REFERENCES users (id),
    recording_organization_id uuid NOT NULL REFERENCES organizations (id),
    recorded_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 1
);
-- A subject's records, in the order they were recorded.
CREATE INDEX credit_records_subject ON credit_records (credit_code, recorded_at, id);
