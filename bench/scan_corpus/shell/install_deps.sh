#!/bin/sh
set -eu

pip install --extra-index-url http://pypi.acme.internal:8080/simple acme-billing acme-utils
pip install --trusted-host pypi.acme.internal -i http://pypi.acme.internal:8080/simple acme-auth
npm install --registry http://registry.acme.internal:4873/ @acme/ui
pip install reqeusts beautifulsoup4
