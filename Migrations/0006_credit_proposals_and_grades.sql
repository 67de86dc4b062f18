-- Every organisation has a unified social credit code, and only an enterprise must give it: a regulator's
-- own code is what keeps it from grading or recording against itself.
ALTER TABLE organizations DROP CONSTRAINT organizations_check,
    ADD CONSTRAINT organizations_enterprise_has_credit_code CHECK (kind <> 'enterprise' OR credit_code IS NOT NULL);

-- A regulator decides each credit proposal (docs/domain.md#credit-proposals-from-cases): confirming it
-- records the finding, dismissing it needs a reason. The row keeps who decided, when, why and which
-- record came of it.
ALTER TABLE credit_proposals
    ADD COLUMN decided_by_user_id uuid REFERENCES users (id),
    ADD COLUMN decided_at timestamptz,
    ADD COLUMN decision_reason text CHECK (length(decision_reason) BETWEEN 1 AND 2000),
    ADD COLUMN record_id uuid REFERENCES credit_records (id),
    ADD CONSTRAINT credit_proposals_decided CHECK ((status = 'proposed') = (decided_at IS NULL));
ALTER TABLE credit_records ADD COLUMN proposal_id uuid REFERENCES credit_proposals (id);

-- Grades a regulator issues (docs/domain.md#ip-credit). A grade that is the computed one is published at
-- once; an override waits, pending, for a second regulator. Each row is a grade notice: it keeps the
-- model's hash and the records it rests on, so that it can be explained and recomputed later.
CREATE TABLE credit_grades (
    id uuid PRIMARY KEY,
    credit_code text NOT NULL CHECK (length(credit_code) = 18),
    grade text NOT NULL,
    computed_grade text NOT NULL,
    score integer NOT NULL,
    score_minimum integer,
    score_maximum integer,
    seriously_dishonest boolean NOT NULL,
    reasons jsonb NOT NULL,
    record_ids uuid[] NOT NULL,
    as_of date NOT NULL,
    model_version text NOT NULL,
    model_hash text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'published', 'rejected', 'superseded')),
    override_reason text CHECK (length(override_reason) BETWEEN 1 AND 2000),
    issued_by_user_id uuid NOT NULL REFERENCES users (id),
    issuing_organization_id uuid NOT NULL REFERENCES organizations (id),
    issued_at timestamptz NOT NULL,
    reviewed_by_user_id uuid REFERENCES users (id),
    review_reason text CHECK (length(review_reason) BETWEEN 1 AND 2000),
    published_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    -- An override says why; four eyes: whoever reviews it is not whoever issued it.
    CHECK (grade = computed_grade OR override_reason IS NOT NULL),
    CHECK (reviewed_by_user_id IS NULL OR reviewed_by_user_id <> issued_by_user_id)
);
-- A subject's grade history, newest first; and at most one published grade per subject.
CREATE INDEX credit_grades_subject ON credit_grades (credit_code, issued_at DESC, id DESC);
CREATE UNIQUE INDEX credit_grades_one_published ON credit_grades (credit_code) WHERE status = 'published';
CREATE INDEX credit_grades_published ON credit_grades (grade, credit_code) WHERE status = 'published';
