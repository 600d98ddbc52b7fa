from __future__ import annotations

import time

import pytest

from parity.scan import Severity

ON, DEBUGGER = ("debug-mode-enabled", "CWE-489"), ("debugger-exposed", "CWE-94")
ERRORS, ENDPOINT = ("error-details-exposed", "CWE-209"), ("debug-endpoint-exposed", "CWE-215")
HOSTS, BREAK = ("allowed-hosts-wildcard", "CWE-183"), ("debug-breakpoint-left", "CWE-489")

DJANGO = "INSTALLED_APPS = ['django.contrib.admin']\n"

POSITIVE = [
    ("python", "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(debug=True)\n",
     ON, 4),
    ("python", "app = Flask(__name__)\napp.debug = True\n", ON, 2),
    ("python", "app.config['DEBUG'] = True\n", ON, 1),
    ("python", "app.config.update(SECRET_KEY=key, DEBUG=True)\n", ON, 1),
    ("python", DJANGO + "DEBUG = True\nALLOWED_HOSTS = ['*']\n", ON, 2),
    ("python", DJANGO + "DEBUG = False\nALLOWED_HOSTS = ['*']\n", HOSTS, 3),
    ("python", "class ProductionConfig(Config):\n    DEBUG = True\n", ON, 2),
    ("python", "api = FastAPI(debug=True)\n", ON, 1),
    ("python", "import os\nos.environ['FLASK_DEBUG'] = '1'\n", ON, 2),
    ("python", "app.run(host='0.0.0.0', port=5000, debug=True)\n", DEBUGGER, 1),
    ("python", "from werkzeug.serving import run_simple\nrun_simple('0.0.0.0', 5000, app, use_debugger=True)\n",
     DEBUGGER, 2),
    ("python", "app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)\n", DEBUGGER, 1),
    ("python", "import debugpy\ndebugpy.listen(('0.0.0.0', 5678))\n", DEBUGGER, 2),
    ("python", "def handler(event):\n    import pdb; pdb.set_trace()\n    return event\n", BREAK, 2),
    ("python", "def f(x):\n    breakpoint()\n    return x\n", BREAK, 2),
    ("python", "try:\n    work()\nexcept Exception:\n    return jsonify(error=traceback.format_exc()), 500\n",
     ERRORS, 4),
    ("javascript", "const app = express();\napp.set('env', 'development');", ON, 2),
    ("javascript", "const errorhandler = require('errorhandler');\napp.use(errorhandler());", ERRORS, 2),
    ("typescript", "app.use((err, req, res, next) => {\n  res.status(500).send(err.stack);\n});", ERRORS, 2),
    ("javascript", "function f(x) {\n  debugger;\n  return x;\n}", BREAK, 2),
    ("php", "<?php\nini_set('display_errors', 1);\nerror_reporting(E_ALL);\n", ERRORS, 2),
    ("php", "<?php\nphpinfo();\n", ENDPOINT, 2),
    ("java", "class C { void f(HttpServletResponse response, Exception e) throws Exception {\n"
             "  e.printStackTrace(response.getWriter());\n} }", ERRORS, 2),
    ("java", 'class C { public static void main(String[] a) {\n'
             '  System.setProperty("management.endpoints.web.exposure.include", "*");\n} }', ENDPOINT, 2),
    ("go", 'package main\nimport (\n\t"net/http"\n\t_ "net/http/pprof"\n)\n', ENDPOINT, 4),
    ("go", "package main\nfunc main() {\n\tgin.SetMode(gin.DebugMode)\n}", ON, 3),
    ("shell", "export FLASK_DEBUG=1\nflask run", ON, 1),
    ("shell", "flask run --debug --host=0.0.0.0", DEBUGGER, 1),
    ("shell", "node --inspect=0.0.0.0:9229 server.js", DEBUGGER, 1),
    (None, "management.endpoints.web.exposure.include=*\n", ENDPOINT, 1),
    (None, "JAVA_TOOL_OPTIONS: -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005\n", DEBUGGER, 1),
    (None, "APP_ENV=production\nAPP_DEBUG=true\n", ON, 2),
]

NEGATIVE = [
    ("python", "import os\napp.run(host='127.0.0.1', debug=os.environ.get('FLASK_DEBUG') == '1')\n"),
    ("python", "app.run(debug=False)\nDEBUG = os.getenv('DEBUG', 'false').lower() == 'true'\n"),
    ("python", "DEBUG = True  # print extra progress lines\nif DEBUG:\n    print('starting')\n"),
    ("python", "class DevelopmentConfig(Config):\n    DEBUG = True\nclass TestingConfig(Config):\n    DEBUG = True\n"),
    ("python", DJANGO + "DEBUG = False\nALLOWED_HOSTS = ['example.com', 'www.example.com']\n"),
    ("python", "import asyncio\nasyncio.run(main(), debug=True)\nuvicorn.run('main:app', reload=True)\n"),
    ("python", "import logging\nlogging.basicConfig(level=logging.DEBUG)\nlog.debug('x')\nself.debug = True\n"),
    ("python", "try:\n    work()\nexcept Exception:\n    log.error(traceback.format_exc())\n"
               "    return jsonify(error='internal error'), 500\n"),
    ("javascript", "if (process.env.NODE_ENV === 'development') {\n  app.use(errorhandler());\n}\n"
                   "app.set('env', process.env.NODE_ENV);\nconsole.error(err.stack);\nres.status(500).json({ error: "
                   "'internal' });"),
    ("javascript", "const errorHandler = () => (err, req, res, next) => res.status(500).json({ error: 'x' });\n"
                   "app.use(errorHandler());"),
    ("php", "<?php\nini_set('display_errors', 0);\nini_set('log_errors', 1);\n"),
    ("java", "class C { void f(Exception e) {\n  log.error(\"failed\", e);\n  e.printStackTrace();\n} }"),
    ("go", 'package main\nimport "net/http"\nfunc main() {\n\tgin.SetMode(gin.ReleaseMode)\n}'),
    ("shell", "uvicorn main:app --reload\nflask run --host=127.0.0.1\nnode --inspect server.js\n"),
]


@pytest.mark.parametrize(("language", "code", "rule", "line"), POSITIVE)
def test_flags_debug_left_on(scan_with, language, code, rule, line):
    found = scan_with("debug")(code, language=language)
    assert (rule[0], rule[1], line) in [(f.rule, f.cwe, f.line) for f in found], found


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_environment_driven_and_dev_only_config_alone(scan_with, language, code):
    assert scan_with("debug")(code, language=language) == []


def test_werkzeug_debugger_on_all_interfaces_is_critical(scan_with):
    found = scan_with("debug")("app.run(host='0.0.0.0', debug=True)\n", language="python")
    assert [(f.rule, f.severity) for f in found] == [("debugger-exposed", Severity.CRITICAL)]
    local = scan_with("debug")("app.run(debug=True)\n", language="python")
    assert [(f.rule, f.severity) for f in local] == [("debug-mode-enabled", Severity.MEDIUM)]


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    answer = "Run it:\n```python\nif __name__ == '__main__':\n    app.run(debug=True\n"
    found = scan_with("debug")(answer)
    assert [(f.rule, f.line) for f in found] == [("debug-mode-enabled", 4)]


def test_hostile_input_is_fast(scan_with):
    scan = scan_with("debug")
    for text in ("a" * 100_000, "app.run(" * 10_000, "--inspect=" * 10_000, "jdwp=" * 20_000):
        start = time.perf_counter()
        scan(text, language="python")
        scan(text)
        assert time.perf_counter() - start < 2.0
