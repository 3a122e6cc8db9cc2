#!/usr/bin/env bash
# Regenerate the initial migration from the models (allowed until the first deployment).
# Afterwards, re-add by hand the PostgreSQL-only block (pg_trgm and ix_release_name_trgm):
# autogenerate skips objects declared with .ddl_if(dialect="postgresql").
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
rm -f app/migrations/versions/0001_initial_schema.py
REGISTRY_DATABASE_URL="sqlite:///$tmp/m.sqlite3" REGISTRY_DEBUG=1 \
  .venv/bin/flask --app app db migrate -m "initial schema" --rev-id 0001
rm -rf "$tmp"
