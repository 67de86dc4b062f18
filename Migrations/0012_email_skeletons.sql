-- An email's skeleton: NFKC, lower case, look-alike letters of other scripts folded to Latin
-- (IPCaseDomain/Identity/EmailAddress.swift). Two accounts may not share one, so that an address that differs
-- from another only by confusable characters cannot be created. Existing addresses were checked as ASCII-only
-- emails, whose skeleton is their lower case.
ALTER TABLE users ADD COLUMN email_skeleton text;
UPDATE users SET email_skeleton = lower(email);
ALTER TABLE users ALTER COLUMN email_skeleton SET NOT NULL;
CREATE UNIQUE INDEX users_email_skeleton ON users (email_skeleton);
