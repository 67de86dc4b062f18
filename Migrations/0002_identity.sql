-- Organisations, users, sessions, login attempts and the append-only audit log.

CREATE TABLE organizations (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('enterprise', 'mediation_body', 'arbitration_commission', 'court', 'regulator', 'platform')),
    -- The 18-character unified social credit code; enterprises only, unique among them.
    credit_code text UNIQUE,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK ((kind = 'enterprise') = (credit_code IS NOT NULL))
);
-- Lists page by (created_at, id), newest last.
CREATE INDEX organizations_page ON organizations (created_at, id);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    roles text[] NOT NULL CHECK (cardinality(roles) > 0),
    status text NOT NULL CHECK (status IN ('active', 'disabled')),
    password_hash text NOT NULL,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
-- Emails are unique whatever their case.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_page ON users (created_at, id);
CREATE INDEX users_organization_page ON users (organization_id, created_at, id);

CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    -- SHA-256 of the bearer token; the token itself is never stored.
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    client_address text,
    user_agent text
);
CREATE INDEX sessions_user_page ON sessions (user_id, created_at, id);

CREATE TABLE login_attempts (
    id bigserial PRIMARY KEY,
    email_key text NOT NULL,
    client_address text,
    succeeded boolean NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email_key, at);
CREATE INDEX login_attempts_address ON login_attempts (client_address, at);

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    -- e.g. auth.login.succeeded, auth.login.failed, auth.logout, admin.user.updated, access.denied
    event text NOT NULL,
    actor_user_id uuid,
    actor_organization_id uuid,
    subject_type text,
    subject_id text,
    request_id text,
    client_address text,
    details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
