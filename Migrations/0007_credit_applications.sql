-- Objections, repair applications and credit commitments (docs/domain.md#ip-credit): what a subject brings
-- before the credit authority, each moved by its workflow in Policies/workflows/ (subject types
-- creditObjection, creditRepair, creditCommitment). The snapshot is the workflow's subject; the columns
-- are what lists filter on, derived from it on every write.
CREATE TABLE credit_applications (
    id uuid PRIMARY KEY,
    subject_type text NOT NULL CHECK (subject_type IN ('creditObjection', 'creditRepair', 'creditCommitment')),
    record_id uuid REFERENCES credit_records (id),
    credit_code text NOT NULL CHECK (length(credit_code) = 18),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    authority_id uuid REFERENCES organizations (id),
    purpose text,
    snapshot jsonb NOT NULL,
    state text NOT NULL,
    outcome text,
    due_on date,
    submitted_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 1,
    CHECK ((subject_type = 'creditCommitment') = (record_id IS NULL))
);
-- Regulators' work lists, oldest first; an enterprise's own; a record's open objection or repair.
CREATE INDEX credit_applications_by_state ON credit_applications (subject_type, state, submitted_at, id);
CREATE INDEX credit_applications_by_organization ON credit_applications (organization_id, subject_type, submitted_at, id);
CREATE INDEX credit_applications_by_record ON credit_applications (record_id, subject_type, state) WHERE record_id IS NOT NULL;
-- One open objection and one open repair per record at a time.
CREATE UNIQUE INDEX credit_applications_one_open ON credit_applications (record_id, subject_type)
    WHERE record_id IS NOT NULL AND outcome IS NULL;

-- When a record stopped counting by a decision (revoked or repaired): the partner feed and the public view
-- read it.
ALTER TABLE credit_records ADD COLUMN ended_at timestamptz,
    ADD CONSTRAINT credit_records_ended CHECK ((status = 'active') = (ended_at IS NULL));
