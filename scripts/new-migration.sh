#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes the schema of the
# last commit to the schema in the working tree (prisma migrate diff; no database needed).
# Usage: scripts/new-migration.sh add_something
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/new-migration.sh <name>}"
previous="$(mktemp --suffix=.prisma)"
trap 'rm -f "$previous"' EXIT
git show HEAD:prisma/schema.prisma > "$previous"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
npx prisma migrate diff --from-schema-datamodel "$previous" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
echo "wrote $dir/migration.sql — review it, then run the tests (the server applies it at start)"
