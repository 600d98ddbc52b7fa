#!/bin/bash
set -euo pipefail
mkdir -p ~/.ssh
chmod 700 ~/.ssh
ssh-keygen -t ed25519 -N "" -f ~/.ssh/id_ed25519 -C "$(whoami)@$(hostname)"
chmod 600 ~/.ssh/id_ed25519
chmod 644 ~/.ssh/id_ed25519.pub
pip install --require-hashes -r requirements.lock
pip install --index-url https://pypi.org/simple --upgrade pip
