#!/usr/bin/env bash
set -euo pipefail

BUILD_DIR="${BUILD_DIR:-./build}"
VERSION="$(git describe --tags --abbrev=0)"
workdir="$(mktemp -d)"
trap 'rm -rf -- "$workdir"' EXIT

rm -rf -- "${BUILD_DIR:?}/"*
mkdir -p "$BUILD_DIR"

git archive --format=tar --prefix="app-${VERSION}/" HEAD | tar -x -C "$workdir"
tar -czf "$BUILD_DIR/app-${VERSION}.tar.gz" -C "$workdir" "app-${VERSION}"
sha256sum "$BUILD_DIR/app-${VERSION}.tar.gz" > "$BUILD_DIR/app-${VERSION}.tar.gz.sha256"
chmod +x scripts/*.sh
echo "built $VERSION on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
