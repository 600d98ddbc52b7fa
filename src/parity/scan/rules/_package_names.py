"""Package names for the ``dependencies`` family: the popular PyPI and npm names that look-alikes imitate, known
malicious packages and compromised versions, and ``look_alike``, the bounded edit-distance search that says which
popular name a misspelt one copies. The lists are long and change on their own schedule (new incidents, new
popular packages), so they live apart from the install-command parsing in ``dependencies.py``, which also keeps
that file within the project's size limit."""

from __future__ import annotations

import re
from functools import cache, lru_cache


def _names(text: str) -> list[str]:
    return text.split()


# Popular names (and real packages that sit one edit from one, so they are not called look-alikes).
PYPI_POPULAR = frozenset(re.sub(r"[-_.]+", "-", n).lower() for n in _names("""
boto3 botocore urllib3 requests setuptools certifi charset-normalizer idna typing-extensions python-dateutil packaging
s3transfer aiobotocore six pyyaml numpy s3fs fsspec pip cryptography google-api-core pydantic pydantic-core cffi attrs
cattrs pycparser pandas importlib-metadata protobuf jmespath rsa zipp click pyasn1 pyasn1-modules wheel platformdirs
jinja2 jinja markupsafe pytz awscli colorama filelock pluggy virtualenv pytest tomli tomlkit toml cachetools pyjwt
wrapt google-auth jsonschema googleapis-common-protos annotated-types iniconfig requests-oauthlib oauthlib authlib
exceptiongroup sqlalchemy docutils aiohttp pyarrow yarl multidict frozenlist aiosignal psutil tzdata tzlocal soupsieve
beautifulsoup4 bs4 pygments decorator greenlet scipy scapy grpcio grpcio-tools grpcio-status isodate distlib pyparsing
openpyxl et-xmlfile werkzeug lxml h11 httpx httpcore httpie anyio sniffio more-itertools requests-toolbelt grequests
pillow rich markdown-it-py mdurl async-timeout regex tqdm deprecated coverage flask flax jax jaxlib optax itsdangerous
blinker gunicorn uvicorn unicorn fastapi fastai starlette websockets websocket-client sqlparse django
djangorestframework psycopg psycopg2 psycopg2-binary psycopg-binary pymysql mysqlclient mysql-connector-python redis
celery kombu billiard vine amqp matplotlib kiwisolver cycler fonttools contourpy scikit-learn scikit-image joblib
threadpoolctl seaborn statsmodels patsy sympy simpy mpmath networkx tensorflow tensorflow-gpu tensorflow-cpu
tensorboard tensorboardx keras torch torchx torchvision torchaudio transformers tokenizers huggingface-hub safetensors
datasets dataset accelerate sentencepiece openai anthropic tiktoken langchain langchain-core langchain-community
langchain-openai llama-index ollama cohere mistralai groq pytest-cov pytest-mock pytest-asyncio pytest-xdist
pytest-timeout mock tox nox black flake8 pyflakes pycodestyle mccabe isort mypy mypy-extensions pylint astroid ruff
pre-commit identify nodeenv cfgv sphinx babel alabaster imagesize snowballstemmer jedi parso ipython ipykernel
ipywidgets jupyter notebook jupyterlab nbformat nbconvert traitlets tornado pyzmq prompt-toolkit wcwidth pexpect
ptyprocess paramiko bcrypt scrypt pynacl pyopenssl asn1crypto ecdsa pycryptodome pycryptodomex pycrypto passlib
argon2-cffi selenium playwright scrapy twisted html5lib bleach markdown markdown2 mistune ruamel.yaml pyaml simplejson
ujson orjson msgpack marshmallow jsonpointer python-dotenv dnspython email-validator boto google-cloud-storage
google-cloud-core google-cloud-bigquery google-generativeai azure-core azure-storage-blob azure-identity msal docker
kubernetes pymongo motor elasticsearch alembic mako peewee asyncpg aiofiles typer loguru structlog sentry-sdk
prometheus-client opentelemetry-api opentelemetry-sdk xlrd xlsxwriter python-docx pypdf2 pypdf reportlab
opencv-python opencv-python-headless imageio numba llvmlite xgboost lightgbm catboost plotly dash dask distributed
bokeh altair streamlit gradio nltk spacy gensim textblob jellyfish fuzzywuzzy rapidfuzz levenshtein
python-levenshtein arrow pendulum dateparser humanize termcolor tabulate prettytable colorlog coloredlogs emoji
pyperclip pyautogui pynput keyboard pygame pyglet pyserial pyusb paho-mqtt pika thrift hypothesis faker factory-boy
freezegun responses httpretty vcrpy requests-mock moto types-requests discord.py python-telegram-bot tweepy slack-sdk
twilio stripe pyodbc cx-oracle oracledb snowflake-connector-python pyspark polars duckdb sqlmodel httplib2
google-api-python-client uritemplate pysocks tldextract validators shapely geopandas pyproj folium pyinstaller cython
pybind11 cmake ninja setuptools-scm poetry poetry-core hatchling flit build twine pipenv pipx uv python-nmap impacket
pwntools pyqt5 pyqt6 pyside2 pyside6 wand wandb mlflow onnx onnxruntime shap optuna ray sentence-transformers
faiss-cpu chromadb pinecone pinecone-client qdrant-client pydub pytube yt-dlp moviepy pyttsx3 pytesseract tenacity
retrying backoff invoke fabric ansible ansible-core jsonpath-ng python-jose flask-cors flask-login flask-sqlalchemy
flask-wtf flask-migrate flask-restful flask-socketio django-cors-headers gevent eventlet uvloop watchdog schedule
apscheduler python-multipart ctransformers pyshark frozendict"""))
NPM_POPULAR = frozenset(_names("""
lodash express react react-dom preact axios chalk request moment commander debug webpack webpack-cli
webpack-dev-server typescript eslint tslint prettier vue vuex vue-router pinia nuxt next svelte jquery underscore async
bluebird uuid nanoid dotenv cors body-parser cookie-parser cookie cookies morgan helmet jsonwebtoken bcrypt bcryptjs
mongoose mongodb mysql mysql2 mssql sequelize typeorm prisma knex redis ioredis redux react-redux react-router
react-router-dom react-dnd react-native styled-components tailwindcss postcss autoprefixer sass node-sass less jest
mocha chai sinon nyc nodemon pm2 ts-node tsx vite vitest rollup esbuild parcel gulp grunt grunt-cli browserify
babel-core babel-cli babel-loader css-loader style-loader file-loader url-loader ts-loader html-webpack-plugin dayjs
date-fns luxon moment-timezone rxjs core-js regenerator-runtime tslib immer zustand mobx graphql apollo-server
express-session passport passport-local passport-jwt multer nodemailer sharp jimp canvas puppeteer playwright cheerio
jsdom marked highlight.js markdown-it handlebars ejs pug mustache nunjucks qs query-string path-to-regexp joi yup zod
ajv validator class-validator winston pino bunyan log4js chokidar cross-env concurrently npm-run-all husky
lint-staged lerna yarn pnpm npm electron electron-builder expo firebase aws-sdk stripe twilio openai langchain
discord.js telegraf node-cron cron bull bullmq kafkajs amqplib shortid colors color cli-color kleur picocolors figlet
boxen inquirer ora yargs args minimist glob rimraf mkdirp fs-extra semver server serve classnames prop-types
event-stream through2 readable-stream safe-buffer buffer inherits util process progress http-proxy
http-proxy-middleware http-server live-server serve-static compression csurf express-validator express-rate-limit
koa koa-router fastify hapi restify d3 three chart.js leaflet fabric fluent-ffmpeg sqlite3 better-sqlite3 oracledb
tedious node-gyp nan bindings xml2js fast-xml-parser csv-parser papaparse xlsx exceljs pdfkit pdf-lib jszip archiver
adm-zip unzipper tar yauzl form-data formidable busboy mime mime-types ms lru-cache node-cache config convict ini yaml
js-yaml toml json json5 deepmerge clone immutable ramda escape-html sanitize-html dompurify xss he entities iconv-lite
bootstrap popper.js crypto-js node-forge jose argon2 speakeasy otplib qrcode shelljs execa cross-spawn which open
ts-jest cypress supertest nock msw storybook react-scripts gatsby astro nx turbo node-fetch cross-fetch got superagent
ws socket.io socket.io-client pg pg-promise webpack-merge dotenv-expand npm-run-all2 enquirer"""))
_HACKTASK = "one of the 2017 'hacktask' typosquats that sent environment variables (tokens, keys) to the attacker"
MALICIOUS_NPM = {name: _HACKTASK for name in _names("""
crossenv cross-env.js d3.js fabric-js ffmepg gruntcli http-proxy.js jquery.js mongose mssql.js mssql-node mysqljs
node-fabric node-opencv node-opensl node-openssl node-tkinter nodecaffe nodefabric nodeffmpeg nodemailer-js
nodemailer.js
nodemssql noderequest nodesass nodesqlite opencv.js openssl.js proxy.js shadowsock sqlite.js sqliter sqlserver tkinter
babelcli""")} | {
    "flatmap-stream": "the payload of the 2018 event-stream compromise, which stole bitcoin wallets",
    "electorn": "a 2020 typosquat of electron that collected data from the machines that installed it"}
COMPROMISED_NPM = {"event-stream": {"3.3.6"}, "ua-parser-js": {"0.7.29", "0.8.0", "1.0.0"},
                   "coa": {"2.0.3", "2.0.4", "2.1.1", "2.1.3", "3.0.1", "3.1.3"}, "rc": {"1.2.9", "1.3.9", "2.3.9"},
                   "eslint-scope": {"3.7.2"}, "node-ipc": {"10.1.1", "10.1.2"}, "faker": {"6.6.6"}}
_SKCSIRT = "one of the typosquats removed from PyPI in 2017 (skcsirt advisory) that reported the host to the attacker"
_JFROG = "a malicious package removed from PyPI in 2021 that stole credit-card data and Discord tokens"
MALICIOUS_PYPI = {name: _SKCSIRT for name in _names("urlib3 acqusition apidev-coop bzip crypt django-server pwd "
                                                   "setup-tools telnet urllib")} | {
                  name: _JFROG for name in _names("noblesse noblesse2 noblessev2 genesisbot aryi suffer pytagora2 "
                                                  "pytagora")} | {
    "python3-dateutil": "a 2019 typosquat of python-dateutil that stole SSH and GPG keys",
    "jeilyfish": "a 2019 typosquat of jellyfish (capital I for l) that stole SSH and GPG keys",
    "colourama": "a 2018 typosquat of colorama that swapped cryptocurrency addresses in the clipboard",
    "torchtriton": "the 2022 dependency-confusion package that shadowed PyTorch nightly's and stole host data",
    "pymafka": "a 2022 typosquat of pykafka that dropped a Cobalt Strike beacon"}
TYPOS: dict[str, dict[str, str]] = {"pypi": {"tdqm": "tqdm"}, "npm": {}}  # too short for the edit-distance rule


def _deletes(word: str, depth: int) -> set[str]:
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


@cache
def _neighbour_index(ecosystem: str) -> dict[str, frozenset[str]]:
    """One-deletion neighbourhoods of the popular names, built once (a few ms): a name one edit from a popular one
    shares a variant with it, so candidates come from dict lookups instead of a scan. Querying with two deletions
    finds most two-edit look-alikes of long names as well (not two substitutions or two insertions)."""
    index: dict[str, set[str]] = {}
    for name in PYPI_POPULAR if ecosystem == "pypi" else NPM_POPULAR:
        for variant in _deletes(name, 1):
            index.setdefault(variant, set()).add(name)
    return {k: frozenset(v) for k, v in index.items()}


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: edits, with a swap of neighbours counting as one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=4096)
def look_alike(name: str, ecosystem: str) -> tuple[str, int] | None:
    """The popular package ``name`` imitates and how far it is, or None (popular itself, or like nothing). One edit
    counts against names of 5+ characters, two against 8+: shorter names have too many honest neighbours."""
    if name in (PYPI_POPULAR if ecosystem == "pypi" else NPM_POPULAR) or not 4 <= len(name) <= 64:
        return None
    if name in TYPOS[ecosystem]:
        return TYPOS[ecosystem][name], 1
    index = _neighbour_index(ecosystem)
    candidates: set[str] = set()
    for variant in _deletes(name, 2 if len(name) >= 7 else 1):
        candidates |= index.get(variant, frozenset())
    scored = [(_distance(name, t), t) for t in candidates]
    best = min(((d, t) for d, t in scored if (d == 1 and len(t) >= 5) or (d == 2 and len(t) >= 8 and
                                                                           not _other_word(name, t))), default=None)
    return (best[1], best[0]) if best else None


def _other_word(a: str, b: str) -> bool:
    """``python-ldap``/``python-nmap``, ``sass-loader``/``css-loader``: a different short word in a shared frame is
    another package, not a typo."""
    pa, pb = a.split("-"), b.split("-")
    diff = [(x, y) for x, y in zip(pa, pb, strict=False) if x != y] if len(pa) == len(pb) > 1 else []
    return len(diff) == 1 and max(len(diff[0][0]), len(diff[0][1])) <= 5
