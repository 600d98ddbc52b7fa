#!/bin/bash
DB_USER=root
DB_PASS='Sup3rS3cret!Prod'
export AWS_SECRET_ACCESS_KEY=Sa9dbC8Inygbyy1ZRntF4N+xTWupiHe8jFr5ZaIM
export AWS_ACCESS_KEY_ID=AKIADGFGSOFFXMGJNH2D

OUT=/tmp/backup.$$.sql
mysqldump -u"$DB_USER" -p"$DB_PASS" --all-databases > $OUT
curl -k -T $OUT https://backup.acme.internal/upload/
wget --no-check-certificate -q https://backup.acme.internal/rotate
rm -f $OUT
