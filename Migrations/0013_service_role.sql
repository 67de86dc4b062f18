-- The service runs as ipcase_service, which may only read and write rows. Migrations run as the owner.
-- ipcase_service owns nothing, so it cannot disable a trigger, alter, drop or truncate a table; it is not a
-- superuser, so it cannot set session_replication_role; and the append-only tables (the audit log, the
-- event chain, documents, the credit feed) grant it SELECT and INSERT alone, behind their triggers.
-- A later migration that adds an append-only table revokes UPDATE and DELETE on it the same way.
-- Where the owner may not create roles, a database administrator creates ipcase_service first (README).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ipcase_service') THEN
        CREATE ROLE ipcase_service NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO ipcase_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ipcase_service;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ipcase_service;
REVOKE UPDATE, DELETE ON audit_log, events, documents, credit_feed FROM ipcase_service;
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ipcase_service;

-- Tables and sequences later migrations create (as the owner) are open to the service the same way.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ipcase_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ipcase_service;
