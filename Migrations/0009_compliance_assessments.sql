-- Trade-secret compliance self-assessments (docs/domain.md#trade-secret-compliance), moved by
-- Policies/workflows/compliance-assessments.yaml (subject type complianceAssessment). The snapshot keeps the
-- template's version, hash and scoring scheme it started on; the columns are what lists filter on.
CREATE TABLE compliance_assessments (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    template_id text NOT NULL,
    template_version text NOT NULL,
    snapshot jsonb NOT NULL,
    state text NOT NULL,
    outcome text,
    level text,
    due_on date,
    started_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 1
);
CREATE INDEX compliance_assessments_by_state ON compliance_assessments (state, started_at, id);
CREATE INDEX compliance_assessments_by_organization ON compliance_assessments (organization_id, started_at, id);
