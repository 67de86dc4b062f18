-- The partner feed (docs/domain.md#ip-credit): every change partners must mirror, in order: a published
-- record added, amended (an objection opened or settled), or removed with its reason (repaired, revoked,
-- expired), so that a partner can purge what it holds. Append-only, like the event chains.
CREATE TABLE credit_feed (
    seq bigserial PRIMARY KEY,
    record_id uuid NOT NULL REFERENCES credit_records (id),
    credit_code text NOT NULL,
    change text NOT NULL CHECK (change IN ('added', 'amended', 'removed')),
    reason text CHECK (reason IN ('repaired', 'revoked', 'expired')),
    disputed boolean NOT NULL DEFAULT false,
    -- The record in the national 双公示 administrative-penalty columns, as it stood at the change.
    entry jsonb NOT NULL,
    at timestamptz NOT NULL,
    CHECK ((change = 'removed') = (reason IS NOT NULL))
);
CREATE INDEX credit_feed_record ON credit_feed (record_id, seq);
CREATE TRIGGER credit_feed_append_only BEFORE UPDATE OR DELETE ON credit_feed
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER credit_feed_no_truncate BEFORE TRUNCATE ON credit_feed
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- API tokens an admin issues to a regulator-kind organisation for partner access: shown once, only their
-- SHA-256 kept, scoped to one use (credit.feed), revocable.
CREATE TABLE api_tokens (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    scope text NOT NULL CHECK (scope IN ('credit.feed')),
    token_digest bytea NOT NULL UNIQUE,
    created_by_user_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX api_tokens_created ON api_tokens (created_at, id);
