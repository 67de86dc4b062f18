-- Credit proposals come from more than cases: an approved compliance assessment at demonstration level
-- proposes a positive record (docs/domain.md#trade-secret-compliance). A kind is any kind of
-- Policies/credit-model.yaml, checked by the model when a regulator confirms it. A proposal whose source
-- lapsed before anyone decided it (the assessment expired or a later one replaced it) is withdrawn; a
-- positive record confirmed from it ends.
ALTER TABLE credit_proposals DROP CONSTRAINT credit_proposals_kind_check;
ALTER TABLE credit_proposals ALTER COLUMN kind TYPE text USING kind::text;
ALTER TABLE credit_proposals ADD CONSTRAINT credit_proposals_kind_check CHECK (length(kind) BETWEEN 1 AND 40);
ALTER TABLE credit_proposals DROP CONSTRAINT credit_proposals_status_check,
    ADD CONSTRAINT credit_proposals_status_check CHECK (status IN ('proposed', 'confirmed', 'dismissed', 'withdrawn'));
CREATE INDEX credit_proposals_by_source ON credit_proposals (source_type, credit_code, source_id);
ALTER TABLE credit_records DROP CONSTRAINT credit_records_status_check,
    ADD CONSTRAINT credit_records_status_check CHECK (status IN ('active', 'revoked', 'repaired', 'ended'));

-- The park (园区) an organisation is in, for the regulators' park summary.
ALTER TABLE organizations ADD COLUMN park text CHECK (length(park) BETWEEN 1 AND 100);
CREATE INDEX organizations_by_park ON organizations (park) WHERE park IS NOT NULL;

-- What lists of assessments filter on besides state: the level an approval fixed and when it lapses.
ALTER TABLE compliance_assessments ADD COLUMN valid_until date;
CREATE INDEX compliance_assessments_by_template ON compliance_assessments (template_id, started_at, id);
