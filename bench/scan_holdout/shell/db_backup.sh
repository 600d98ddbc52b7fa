#!/usr/bin/env bash
# Nightly PostgreSQL backup to S3. Credentials come from ~/.pgpass and the instance role.
set -euo pipefail
umask 077

DB_NAME="${1:?usage: db_backup.sh <database> [bucket]}"
BUCKET="${2:-s3://acme-db-backups}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"

if [[ ! "$DB_NAME" =~ ^[a-z][a-z0-9_]{0,62}$ ]]; then
  echo "invalid database name: $DB_NAME" >&2
  exit 2
fi

tmp="$(mktemp --suffix=.dump)"
trap 'rm -f "$tmp"' EXIT

pg_dump --format=custom --no-owner --dbname="$DB_NAME" --file="$tmp"
aws s3 cp "$tmp" "${BUCKET}/${DB_NAME}/${DB_NAME}-${STAMP}.dump" --sse aws:kms --only-show-errors

# keep the last 14 local logs readable by the backup group only
find /var/log/pg-backup -name '*.log' -mtime +14 -delete
chmod 640 /var/log/pg-backup/*.log 2>/dev/null || true
echo "backup of ${DB_NAME} done at ${STAMP}"
