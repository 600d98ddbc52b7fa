#!/bin/sh
set -eu

if [ -n "${DATABASE_URL:-}" ]; then
  until pg_isready -d "$DATABASE_URL" >/dev/null 2>&1; do
    echo "waiting for database..."
    sleep 1
  done
fi

python manage.py migrate --noinput
exec "$@"
