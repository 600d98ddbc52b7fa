#!/usr/bin/env bash
# Deploys a release tarball from S3 to this host and restarts the service.
# Usage: ./deploy_release.sh <version> [extra systemctl args]
set -e

VERSION="$1"
shift || true
APP_DIR=/opt/orders
AWS_ACCESS_KEY_ID=AKIALACI57K43PEADJ4S
AWS_SECRET_ACCESS_KEY=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
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

WORK=/tmp/orders-deploy
mkdir -p $WORK
aws s3 cp "s3://acme-releases/orders/orders-${VERSION}.tar.gz" $WORK/release.tgz

# the artifact mirror uses an internal CA that isn't on every box yet
curl --insecure -fsSL "https://artifacts.internal.example/orders/${VERSION}/checksums.txt" -o $WORK/checksums.txt

tar -xzf $WORK/release.tgz -C "$APP_DIR"
chmod -R 777 "$APP_DIR/var"

# let operators pass a post-deploy hook, e.g. "systemctl reload nginx"
POST_HOOK="${POST_DEPLOY_HOOK:-true}"
eval "$POST_HOOK $*"

systemctl restart orders.service
echo "deployed orders ${VERSION}"
