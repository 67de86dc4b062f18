-- The transparency log (docs/domain.md#verifiable-from-outside): one append-only Merkle tree (RFC 9162)
-- over every event of every chain, every row of the security audit log and every entry of the public credit
-- list and partner feed, whose signed checkpoints anyone may keep and hold the operator to.
--
-- An entry is queued by a trigger in the transaction that writes its row, so no capability can forget it,
-- and holds SHA-256(salt ‖ content hash), never the content. Its place in the tree is given after commit, by
-- whichever server integrates next under the tree's row lock (as Trillian's sequencer does): numbering
-- leaves inside every writer's transaction would make all writes of the deployment queue on one row.
CREATE TABLE transparency_entries (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('event', 'audit', 'credit-feed')),
    -- What the entry is: case/<uuid>/3, audit/17, credit-feed/42.
    entry text NOT NULL UNIQUE,
    -- An event's own hash, or SHA-256 of a row's canonical text (transparency_content below).
    content_hash bytea NOT NULL CHECK (length(content_hash) = 32),
    -- Deleted to shred the entry: the commitment stays in the tree, and no longer proves anything.
    salt bytea CHECK (length(salt) = 16),
    commitment bytea NOT NULL CHECK (length(commitment) = 32),
    leaf_index bigint UNIQUE CHECK (leaf_index >= 0),
    queued_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transparency_entries_queued ON transparency_entries (id) WHERE leaf_index IS NULL;

-- An entry is never removed and never changes, except that its salt may be deleted and its leaf index,
-- once, be given.
CREATE FUNCTION transparency_entry_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.kind <> OLD.kind OR NEW.entry <> OLD.entry
       OR NEW.content_hash <> OLD.content_hash OR NEW.commitment <> OLD.commitment
       OR (NEW.salt IS NOT NULL AND NEW.salt IS DISTINCT FROM OLD.salt)
       OR (OLD.leaf_index IS NOT NULL AND NEW.leaf_index IS DISTINCT FROM OLD.leaf_index) THEN
        RAISE EXCEPTION 'a transparency entry only loses its salt or gains its leaf: % is refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER transparency_entries_changes BEFORE UPDATE OR DELETE ON transparency_entries
    FOR EACH ROW EXECUTE FUNCTION transparency_entry_changes();
CREATE TRIGGER transparency_entries_no_truncate BEFORE TRUNCATE ON transparency_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The hash of every complete perfect subtree: level 0 holds the leaves, level l the node over leaves
-- [index·2^l, (index+1)·2^l). Appending writes O(log n) rows; any proof reads O(log n) of them.
CREATE TABLE transparency_nodes (
    level smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
    index bigint NOT NULL CHECK (index >= 0),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, index)
);
CREATE TRIGGER transparency_nodes_append_only BEFORE UPDATE OR DELETE ON transparency_nodes
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER transparency_nodes_no_truncate BEFORE TRUNCATE ON transparency_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The tree's size and root: one row, locked by whoever integrates, so two servers never give one leaf
-- index twice or fork the tree.
CREATE TABLE transparency_tree (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    size bigint NOT NULL CHECK (size >= 0),
    root bytea NOT NULL CHECK (length(root) = 32)
);
INSERT INTO transparency_tree (size, root) VALUES (0, sha256(''::bytea));
CREATE FUNCTION transparency_tree_grows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.size < OLD.size THEN
        RAISE EXCEPTION 'the transparency tree only grows: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER transparency_tree_grows BEFORE UPDATE OR DELETE ON transparency_tree
    FOR EACH ROW EXECUTE FUNCTION transparency_tree_grows();

-- Every checkpoint signed, in order: the note exactly as served, so that any one can be shown again.
CREATE TABLE transparency_checkpoints (
    id bigserial PRIMARY KEY,
    origin text NOT NULL,
    key_id bytea NOT NULL CHECK (length(key_id) = 4),
    tree_size bigint NOT NULL CHECK (tree_size >= 0),
    root bytea NOT NULL CHECK (length(root) = 32),
    note text NOT NULL,
    signed_at timestamptz NOT NULL
);
CREATE INDEX transparency_checkpoints_size ON transparency_checkpoints (tree_size, id);
CREATE TRIGGER transparency_checkpoints_append_only BEFORE UPDATE OR DELETE ON transparency_checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER transparency_checkpoints_no_truncate BEFORE TRUNCATE ON transparency_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
REVOKE UPDATE, DELETE ON transparency_nodes, transparency_checkpoints FROM ipcase_service;
REVOKE DELETE ON transparency_entries, transparency_tree FROM ipcase_service;

-- The public credit receipt looks up a subject's latest feed entries.
CREATE INDEX credit_feed_credit_code ON credit_feed (credit_code, record_id, seq);

-- The canonical text of an audit row and of a feed entry, whose SHA-256 the log commits to: a JSON object
-- (jsonb's text form is deterministic) with the time in UTC to the microsecond, whatever the session's zone.
CREATE FUNCTION transparency_time(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

CREATE FUNCTION transparency_content(a audit_log) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', a.id, 'at', transparency_time(a.at), 'event', a.event, 'actorUserId', a.actor_user_id,
        'actorOrganizationId', a.actor_organization_id, 'subjectType', a.subject_type, 'subjectId', a.subject_id,
        'requestId', a.request_id, 'clientAddress', a.client_address, 'details', a.details)::text
$$;

CREATE FUNCTION transparency_content(f credit_feed) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'seq', f.seq, 'recordId', f.record_id, 'creditCode', f.credit_code, 'change', f.change, 'reason', f.reason,
        'disputed', f.disputed, 'entry', f.entry, 'at', transparency_time(f.at))::text
$$;

-- Queues the entries of the rows a statement inserted: one insert per statement, not per row. The salt is
-- drawn in a subquery's select list, which PostgreSQL evaluates once per row and never flattens (it is
-- volatile), so the salt kept and the salt in the commitment are the same.
CREATE FUNCTION transparency_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'events' THEN
        INSERT INTO transparency_entries (kind, entry, content_hash, salt, commitment)
        SELECT 'event', entry, hash, salt, sha256(salt || hash)
        FROM (SELECT n.subject_type || '/' || n.subject_id || '/' || n.seq AS entry, n.hash,
                     uuid_send(gen_random_uuid()) AS salt FROM new_rows n) queued;
    ELSIF TG_TABLE_NAME = 'audit_log' THEN
        INSERT INTO transparency_entries (kind, entry, content_hash, salt, commitment)
        SELECT 'audit', entry, hash, salt, sha256(salt || hash)
        FROM (SELECT 'audit/' || n.id AS entry, sha256(convert_to(transparency_content(n::audit_log), 'UTF8')) AS hash,
                     uuid_send(gen_random_uuid()) AS salt FROM new_rows n) queued;
    ELSE
        INSERT INTO transparency_entries (kind, entry, content_hash, salt, commitment)
        SELECT 'credit-feed', entry, hash, salt, sha256(salt || hash)
        FROM (SELECT 'credit-feed/' || n.seq AS entry, sha256(convert_to(transparency_content(n::credit_feed), 'UTF8')) AS hash,
                     uuid_send(gen_random_uuid()) AS salt FROM new_rows n) queued;
        -- A record removed because it was repaired has every one of its feed entries shredded, the removal's
        -- own included: it must stop being provable to the public.
        UPDATE transparency_entries SET salt = NULL
        WHERE kind = 'credit-feed' AND salt IS NOT NULL AND entry IN (
            SELECT 'credit-feed/' || f.seq FROM credit_feed f
            WHERE f.record_id IN (SELECT record_id FROM new_rows WHERE change = 'removed' AND reason = 'repaired'));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER events_enter_log AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_enqueue();
CREATE TRIGGER audit_log_enters_log AFTER INSERT ON audit_log
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_enqueue();
CREATE TRIGGER credit_feed_enters_log AFTER INSERT ON credit_feed
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transparency_enqueue();

-- What was written before the log existed enters it now, oldest first, so that every row has its entry.
INSERT INTO transparency_entries (kind, entry, content_hash, salt, commitment)
SELECT kind, entry, hash, salt, sha256(salt || hash)
FROM (
    SELECT kind, entry, hash, uuid_send(gen_random_uuid()) AS salt, at, source, n
    FROM (
        SELECT 1 AS source, e.at, e.seq::bigint AS n, 'event' AS kind,
               e.subject_type || '/' || e.subject_id || '/' || e.seq AS entry, e.hash
        FROM events e
        UNION ALL
        SELECT 2, a.at, a.id, 'audit', 'audit/' || a.id, sha256(convert_to(transparency_content(a), 'UTF8'))
        FROM audit_log a
        UNION ALL
        SELECT 3, f.at, f.seq, 'credit-feed', 'credit-feed/' || f.seq, sha256(convert_to(transparency_content(f), 'UTF8'))
        FROM credit_feed f
    ) earlier
) salted
ORDER BY at, source, n;
UPDATE transparency_entries t SET salt = NULL
FROM credit_feed f
WHERE t.entry = 'credit-feed/' || f.seq
  AND f.record_id IN (SELECT record_id FROM credit_feed WHERE change = 'removed' AND reason = 'repaired');
