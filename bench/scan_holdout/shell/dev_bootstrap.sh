#!/bin/sh
# One-time setup for a new developer laptop: Python deps for the billing monorepo.
set -eu

python3 -m venv .venv
. .venv/bin/activate
python -m pip install --upgrade pip wheel

# Our private packages (acme-billing-core, acme-ledger) live on the internal index;
# everything else still comes from PyPI.
pip install --extra-index-url https://pypi.acme-internal.example/simple/ acme-billing-core acme-ledger

pip install -r requirements-dev.txt
pre-commit install
echo "done - run 'make test' to check everything works"
