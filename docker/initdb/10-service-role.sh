#!/bin/sh
# Run once by the postgres image when its volume is new: the login role the service runs as, which may only
# read and write rows (the owner's first migration grants it them; see Migrations/0013_service_role.sql).
set -eu
psql -v ON_ERROR_STOP=1 -v password="${IPCASE_SERVICE_PASSWORD:?set IPCASE_SERVICE_PASSWORD in .env}" \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE ipcase_service LOGIN PASSWORD :'password';
SQL
