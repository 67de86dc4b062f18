-- Where an organisation is (a district or city), shown in the directories parties look neutrals up in.
ALTER TABLE organizations ADD COLUMN region text CHECK (length(region) BETWEEN 1 AND 100);
-- The directories find mediation bodies, arbitration commissions and courts by kind and part of the name.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX organizations_directory ON organizations USING gin (name gin_trgm_ops)
    WHERE kind IN ('mediation_body', 'arbitration_commission', 'court');

-- `GET /v1/cases?q=` finds cases by number, party name or credit code, on a trigram index (which works on
-- Chinese text, unlike a word index): one text column derived from the row, kept by PostgreSQL itself.
ALTER TABLE cases ADD COLUMN search_text text GENERATED ALWAYS AS (
    lower(number || ' ' || coalesce(snapshot->'complainant'->>'name', '') || ' ' || coalesce(snapshot->'complainant'->>'creditCode', '')
          || ' ' || coalesce(snapshot->'respondent'->>'name', '') || ' ' || respondent_credit_code)
) STORED;
CREATE INDEX cases_search ON cases USING gin (search_text gin_trgm_ops);
