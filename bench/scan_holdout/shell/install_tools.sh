#!/usr/bin/env bash
# Install the toolchain for CI images: Rust via the official rustup installer, and
# a pinned, checksum-verified release of shellcheck.
set -euo pipefail

SHELLCHECK_VERSION="v0.10.0"
SHELLCHECK_SHA256="6c881ab0698e4e6ea235245f22832860544f17ba386442fe7e9d629f8cbedf87"

# Rust: the documented installer, over HTTPS only, TLS 1.2+.
curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

url="https://github.com/koalaman/shellcheck/releases/download/${SHELLCHECK_VERSION}/shellcheck-${SHELLCHECK_VERSION}.linux.x86_64.tar.xz"
curl -fsSL "$url" -o "$workdir/shellcheck.tar.xz"
echo "${SHELLCHECK_SHA256}  $workdir/shellcheck.tar.xz" | sha256sum -c -

tar -xJf "$workdir/shellcheck.tar.xz" -C "$workdir"
install -m 0755 "$workdir/shellcheck-${SHELLCHECK_VERSION}/shellcheck" /usr/local/bin/shellcheck

# Tokens come from the CI secret store, never from this file.
: "${CARGO_REGISTRY_TOKEN:?set CARGO_REGISTRY_TOKEN in the CI secrets}"
echo "toolchain ready: $(rustc --version 2>/dev/null || echo 'open a new shell for rustc')"
