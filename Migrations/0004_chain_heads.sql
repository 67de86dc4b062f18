-- The event chain owns its heads: one row per chain with its last sequence number and hash, written
-- in the transaction that appends. Appending locks the row, so two appends to one chain run one after
-- the other whatever else the caller locked; `audit verify` walks every chain from here, so events
-- cut from the end of any subject's chain are found, not only a case's.
CREATE TABLE chain_heads (
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    -- 0 only for the instant between taking the lock on a new chain and writing its first event.
    last_seq integer NOT NULL CHECK (last_seq >= 0),
    last_hash bytea NOT NULL CHECK (length(last_hash) = 32),
    PRIMARY KEY (subject_type, subject_id)
);

-- A head only moves forward: deleting one, moving it back or to another chain would hide a cut end, so
-- the database refuses all three, whoever holds the connection.
CREATE FUNCTION chain_head_moves_forward() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.subject_type <> OLD.subject_type OR NEW.subject_id <> OLD.subject_id
       OR NEW.last_seq < OLD.last_seq THEN
        RAISE EXCEPTION 'chain heads only move forward: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER chain_heads_forward BEFORE UPDATE OR DELETE ON chain_heads
    FOR EACH ROW EXECUTE FUNCTION chain_head_moves_forward();
CREATE TRIGGER chain_heads_no_truncate BEFORE TRUNCATE ON chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Cases recorded their head on their own row; that record is kept, so a chain already cut stays found.
INSERT INTO chain_heads (subject_type, subject_id, last_seq, last_hash)
SELECT 'case', c.id,
       coalesce((SELECT e.seq FROM events e WHERE e.subject_type = 'case' AND e.subject_id = c.id AND e.hash = c.chain_head),
                (SELECT max(e.seq) + 1 FROM events e WHERE e.subject_type = 'case' AND e.subject_id = c.id),
                1),
       c.chain_head
FROM cases c WHERE c.chain_head IS NOT NULL;

INSERT INTO chain_heads (subject_type, subject_id, last_seq, last_hash)
SELECT DISTINCT ON (subject_type, subject_id) subject_type, subject_id, seq, hash
FROM events WHERE subject_type <> 'case'
ORDER BY subject_type, subject_id, seq DESC;

ALTER TABLE cases DROP COLUMN chain_head;

-- Credit proposals may come from any capability; the source names it.
COMMENT ON COLUMN credit_proposals.source_type IS 'the subject type of the proposing chain: case, assessment …';
