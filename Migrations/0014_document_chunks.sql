-- An upload is written in pieces of at most 256 KiB as it arrives, while its SHA-256 is computed, so that no
-- document is ever held whole in memory. The pieces of a document are kept as its rows are: never changed,
-- never removed. Pieces whose document row never came (an upload refused after its bytes arrived, a crash)
-- may be removed, and are, an hour on. Documents stored before this migration keep their bytes in
-- documents.content; new uploads leave it NULL.
CREATE TABLE document_chunks (
    document_id uuid NOT NULL,
    seq integer NOT NULL CHECK (seq >= 0),
    bytes bytea NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX document_chunks_written_at ON document_chunks (written_at);

ALTER TABLE documents ALTER COLUMN content DROP NOT NULL;

CREATE FUNCTION document_chunks_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM documents WHERE id = OLD.document_id) THEN
        RAISE EXCEPTION 'the pieces of a stored document are append-only';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER document_chunks_kept BEFORE UPDATE OR DELETE ON document_chunks
    FOR EACH ROW EXECUTE FUNCTION document_chunks_kept();
CREATE TRIGGER document_chunks_no_truncate BEFORE TRUNCATE ON document_chunks
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The service writes pieces and removes abandoned ones; it never changes one.
REVOKE UPDATE ON document_chunks FROM ipcase_service;
