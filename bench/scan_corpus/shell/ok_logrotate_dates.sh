#!/bin/bash
set -euo pipefail
LOG_DIR=/var/log/acme
today=$(date +%Y-%m-%d)

for f in "$LOG_DIR"/*.log; do
  [ -e "$f" ] || continue
  mv -- "$f" "${f%.log}-${today}.log"
  gzip -- "${f%.log}-${today}.log"
done
find "$LOG_DIR" -name '*.gz' -mtime +30 -delete
if [ "$(date +%u)" -eq 1 ]; then
  echo "weekly: $(du -sh "$LOG_DIR" | cut -f1) in $LOG_DIR" | logger -t logrotate
fi
