"""What a gateway costs: direct to the upstream vs through Parity vs through LiteLLM, side by side, on this machine.

A gateway sits on every request, so what matters is what it *adds* to talking to the upstream directly: latency
when idle, requests per second under load, CPU per request, and memory. This script measures all three paths in
one run, against the same fake upstream process (`fake_upstream.py`, answers in well under a millisecond), with the
same load client (`loadprobe.py`, run as a subprocess), one worker each:

  (a) latency at concurrency 1, non-streaming (closed loop): p50/p90/p99, and p50 minus direct's p50 = added latency
  (b) throughput at concurrency 64, non-streaming (closed loop): req/s, latency, gateway CPU ms per request
  (c) throughput at concurrency 64, streaming 16 chunks: req/s, time to first token, gateway CPU ms per request
  (d) RSS of each gateway process tree after startup and after the run (VmRSS from /proc)
  plus the time of `python -c "import parity"` (and of `import litellm`), best of N, whole and the import alone,
  and a check that Parity's capture store holds every request it was sent.

`--soak N` is a separate mode for Parity alone: N requests, RSS sampled every 10k, to show growth or its absence.
Only 127.0.0.1 is ever contacted; every process started here is killed (its whole process group) on the way out.
Run with Parity's venv: `.venv/bin/python bench/gateway.py --help`; see bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
MODEL = "fake-model"
HOST = "127.0.0.1"
TARGETS = ("direct", "bare", "parity", "litellm")
LABELS = {"direct": "direct", "bare": "bare proxy", "parity": "Parity", "litellm": "LiteLLM"}
LOADPROBE_WARMUP = 20  # loadprobe sends this many untimed requests before each measured run
# LiteLLM fetches cost maps and other catalogs from GitHub unless told otherwise; keep it offline and quiet
# (LITELLM_LOG=ERROR also turns off uvicorn's per-request access log, as LiteLLM's production guide advises).
LITELLM_ENV = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS": "True",
    "LITELLM_LOCAL_POLICY_TEMPLATES": "True",
    "LITELLM_LOCAL_AUTOROUTER_PRESETS": "True",
    "LITELLM_LOCAL_BLOG_POSTS": "True",
    "LITELLM_LOG": "ERROR",
}
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only: never via a proxy


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and why."""


@dataclass(frozen=True)
class Scenario:
    """One loadprobe run shape."""

    key: str
    title: str
    concurrency: int
    stream: bool


@dataclass
class Service:
    """A process started in its own session, so that its whole process group can be stopped."""

    name: str
    proc: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 25) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # the leader or anything it left behind in the group
        self.proc.wait()


def ensure_port_free(port: int, flag: str) -> None:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT leftovers are no conflict
        try:
            s.bind((HOST, port))
        except OSError as e:
            raise BenchError(f"port {port} is in use; pick another with {flag}") from e


@contextlib.contextmanager
def service(name: str, cmd: list[str], log: Path, env: dict[str, str], port: int, flag: str) -> Iterator[Service]:
    ensure_port_free(port, flag)
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
    svc = Service(name, proc, log)
    try:
        yield svc
    finally:
        svc.stop()


def http_status(url: str) -> int | None:
    try:
        with _HTTP.open(url, timeout=2) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return e.code
    except (OSError, http.client.HTTPException):
        return None


def wait_ready(svc: Service, url: str, timeout: float) -> float:
    """Poll a readiness URL until it answers 200; return the seconds since the process started."""
    start = time.perf_counter()
    deadline = start + timeout
    while time.perf_counter() < deadline:
        if not svc.alive():
            raise BenchError(f"{svc.name} exited with {svc.proc.returncode} before it was ready:\n{svc.log_tail()}")
        if http_status(url) == 200:
            return time.perf_counter() - start
        time.sleep(0.1)  # poll interval, bounded by the deadline
    raise BenchError(f"{svc.name} not ready at {url} after {timeout:.0f}s:\n{svc.log_tail()}")


def smoke(base: str, key: str) -> None:
    """One chat completion, so that a routing or auth mistake fails loudly instead of as a column of errors."""
    body = json.dumps({"model": MODEL, "messages": [{"role": "user", "content": "Say hello."}]}).encode()
    req = urllib.request.Request(f"{base}/chat/completions", data=body, method="POST",
                                 headers={"content-type": "application/json", "authorization": f"Bearer {key}"})
    try:
        with _HTTP.open(req, timeout=30) as r:
            answer = json.loads(r.read())
    except urllib.error.HTTPError as e:
        raise BenchError(f"smoke request to {base} got {e.code}: {e.read()[:500]!r}") from e
    except (OSError, http.client.HTTPException, ValueError) as e:
        raise BenchError(f"smoke request to {base} failed: {e}") from e
    if not answer.get("choices"):
        raise BenchError(f"smoke request to {base} answered without choices: {answer}")


def probe(args: argparse.Namespace, base: str, key: str, *, concurrency: int, seconds: float,
          stream: bool = False) -> dict[str, Any]:
    """Run loadprobe once, closed loop, and return its JSON line."""
    cmd = [args.bench_python, str(args.shared / "loadprobe.py"), base, MODEL, "--key", key,
           "--concurrency", str(concurrency), "--seconds", f"{seconds:.3f}"]
    if stream:
        cmd.append("--stream")
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=3 * seconds + 180, check=False)
    except subprocess.TimeoutExpired as e:
        raise BenchError(f"loadprobe against {base} did not finish in {e.timeout:.0f}s") from e
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise BenchError(f"loadprobe against {base} failed ({done.returncode}): {done.stderr[-1500:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def tree_pids(root: int) -> list[int]:
    """The root process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(stat.parent.name))
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def tree_rss_kib(root: int) -> int:
    total = 0
    for pid in tree_pids(root):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def tree_cpu_s(root: int) -> float:
    ticks = 0
    for pid in tree_pids(root):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", **(extra or {})}


def start_upstream(args: argparse.Namespace, work: Path) -> contextlib.AbstractContextManager[Service]:
    cmd = [args.bench_python, "-m", "uvicorn", "fake_upstream:app", "--app-dir", str(args.shared), "--host", HOST,
           "--port", str(args.upstream_port), "--loop", "uvloop", "--http", "httptools", "--no-access-log",
           "--log-level", "warning"]
    env = child_env({"CHUNKS": str(args.chunks), "DELAY_MS": "0", "FAULT": "none"})
    return service("fake upstream", cmd, work / "upstream.log", env, args.upstream_port, "--upstream-port")


def start_parity(args: argparse.Namespace, work: Path) -> contextlib.AbstractContextManager[Service]:
    if not Path(args.parity_bin).exists():
        raise BenchError(f"{args.parity_bin} not found; create Parity's venv first")
    check = subprocess.run([args.parity_bin, "serve", "--help"], capture_output=True, text=True, timeout=60,
                           check=False)
    if check.returncode != 0:
        raise BenchError(f"`parity serve` is not available yet: {(check.stderr or check.stdout).strip()[-400:]}")
    config = work / "parity-bench.yaml"
    config.write_text(yaml.safe_dump({
        "store": str(work / "parity-bench.db"),
        "models": [{"name": MODEL, "provider": "openai", "base_url": f"http://{HOST}:{args.upstream_port}/v1",
                    "api_key": "sk-upstream"}],
    }, sort_keys=False))
    cmd = [args.parity_bin, "serve", "--config", str(config), "--host", HOST, "--port", str(args.parity_port)]
    return service("parity", cmd, work / "parity.log", child_env(), args.parity_port, "--parity-port")


def start_bare(args: argparse.Namespace, work: Path) -> contextlib.AbstractContextManager[Service]:
    """The floor: bench/bare_proxy.py, a pass-through on Parity's stack with none of its features."""
    cmd = [args.bench_python, "-m", "uvicorn", "bare_proxy:app", "--app-dir", str(BENCH_DIR), "--host", HOST,
           "--port", str(args.bare_port), "--loop", "uvloop", "--http", "httptools", "--no-access-log",
           "--log-level", "warning"]
    env = child_env({"UPSTREAM": f"http://{HOST}:{args.upstream_port}/v1"})
    return service("bare proxy", cmd, work / "bare.log", env, args.bare_port, "--bare-port")


def litellm_config(args: argparse.Namespace, work: Path) -> Path:
    """The shared LiteLLM config, pointed at --upstream-port when that is not the default."""
    config: dict[str, Any] = yaml.safe_load(args.litellm_config.read_text())
    for entry in config["model_list"]:
        entry["litellm_params"]["api_base"] = f"http://{HOST}:{args.upstream_port}/v1"
    path = work / "litellm-bench.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def start_litellm(args: argparse.Namespace, work: Path) -> contextlib.AbstractContextManager[Service]:
    binary = Path(args.bench_python).parent / "litellm"
    if not binary.exists():
        raise BenchError(f"{binary} not found; set up the bench venv as bench/README.md says")
    cmd = [str(binary), "--config", str(litellm_config(args, work)), "--host", HOST,
           "--port", str(args.litellm_port), "--num_workers", "1"]
    return service("litellm", cmd, work / "litellm.log", child_env(LITELLM_ENV), args.litellm_port, "--litellm-port")


def endpoint(args: argparse.Namespace, name: str) -> tuple[str, str, str]:
    """(base URL, bearer key, readiness URL) of a target."""
    if name == "parity":
        root = f"http://{HOST}:{args.parity_port}"
        return f"{root}/v1", "sk-parity-bench", f"{root}/health"
    if name == "litellm":
        root = f"http://{HOST}:{args.litellm_port}"
        key = yaml.safe_load(args.litellm_config.read_text())["general_settings"]["master_key"]
        return f"{root}/v1", str(key), f"{root}/health/readiness"
    if name == "bare":
        root = f"http://{HOST}:{args.bare_port}"
        return f"{root}/v1", "sk-upstream", f"{root}/health"
    root = f"http://{HOST}:{args.upstream_port}"
    return f"{root}/v1", "sk-upstream", f"{root}/v1/models"


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    return [
        Scenario("latency_c1", "non-streaming, concurrency 1", 1, False),
        Scenario("throughput", f"non-streaming, concurrency {args.concurrency}", args.concurrency, False),
        Scenario("stream", f"streaming {args.chunks} chunks, concurrency {args.concurrency}", args.concurrency, True),
    ]


def bench_target(args: argparse.Namespace, name: str, work: Path, console: Console) -> dict[str, Any]:
    base, key, ready_url = endpoint(args, name)
    result: dict[str, Any] = {"base_url": base, "scenarios": {}}
    with contextlib.ExitStack() as stack:
        pid: int | None = None
        if name != "direct":
            starters = {"parity": start_parity, "litellm": start_litellm, "bare": start_bare}
            svc = stack.enter_context(starters[name](args, work))
            pid = svc.proc.pid
            result["startup_s"] = round(wait_ready(svc, ready_url, args.startup_timeout), 2)
            result["rss_idle_kib"] = tree_rss_kib(pid)
        smoke(base, key)
        for sc in scenarios(args):
            console.print(f"  {LABELS[name]}: {sc.title}, {args.seconds:g}s")
            cpu0 = tree_cpu_s(pid) if pid else 0.0
            run = probe(args, base, key, concurrency=sc.concurrency, seconds=args.seconds, stream=sc.stream)
            if pid:
                run["cpu_ms_per_req"] = round((tree_cpu_s(pid) - cpu0) * 1000 / (run["sent"] + LOADPROBE_WARMUP), 3)
            result["scenarios"][sc.key] = run
        if pid:
            result["rss_after_kib"] = tree_rss_kib(pid)
            result["processes"] = len(tree_pids(pid))
        if name == "parity":
            result["requests_sent"] = 1 + sum(r["sent"] + LOADPROBE_WARMUP for r in result["scenarios"].values())
            result["requests_captured"] = captured(args, work, result["requests_sent"])
    return result


def captured(args: argparse.Namespace, work: Path, expected: int, timeout: float = 30) -> int | None:
    """Requests in Parity's store per `parity stats --json`, polled until its batch writer has caught up."""
    cmd = [args.parity_bin, "stats", "--config", str(work / "parity-bench.yaml"), "--json"]
    count: int | None = None
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            count = sum(int(model["requests"]) for model in json.loads(done.stdout))
        if count is not None and count >= expected:
            break
        time.sleep(0.5)  # poll interval, bounded by the deadline
    return count


def import_time(python: str, module: str, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """Best of `runs`: wall time of `python -c "import MODULE"`, and the import alone, timed inside that process."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    wall, inside = float("inf"), float("inf")
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            done = subprocess.run([python, "-c", code], check=True, env=env, capture_output=True, text=True,
                                  timeout=120)
            wall = min(wall, time.perf_counter() - t0)
            inside = min(inside, float(done.stdout.split()[-1]))
    except (OSError, subprocess.SubprocessError, ValueError, IndexError) as e:
        return {"error": f"{python} -c 'import {module}' failed: {e}"}
    return {"python": python, "runs": runs, "total_ms": round(wall * 1000, 1), "import_ms": round(inside * 1000, 1)}


def dist_version(python: str, dist: str) -> str | None:
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60, check=True)
        return done.stdout.strip()
    return None


def machine(args: argparse.Namespace) -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cpus": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version(),
            "litellm": dist_version(args.bench_python, "litellm"),
            "parity": dist_version(str(Path(args.parity_bin).parent / "python"), "parity"),
            "seconds": args.seconds, "concurrency": args.concurrency, "chunks": args.chunks,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def run_compare(args: argparse.Namespace, console: Console) -> dict[str, Any]:
    results: dict[str, Any] = {"meta": machine(args), "targets": {}, "import_time": {}}
    with tempfile.TemporaryDirectory(prefix="parity-bench-") as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        upstream = stack.enter_context(start_upstream(args, work))
        wait_ready(upstream, endpoint(args, "direct")[2], 30)
        for name in args.only:
            console.print(f"[bold]{LABELS[name]}[/]")
            try:
                results["targets"][name] = bench_target(args, name, work, console)
            except BenchError as e:
                results["targets"][name] = {"error": str(e)}
                console.print(f"[red]{LABELS[name]} skipped:[/] {e}")
            if not upstream.alive():
                raise BenchError(f"the fake upstream died:\n{upstream.log_tail()}")
    if "parity" in args.only:
        console.print("[bold]import time[/]: parity")
        parity_python = str(Path(args.parity_bin).parent / "python")
        results["import_time"]["parity"] = import_time(parity_python, "parity", args.import_runs, child_env())
    if "litellm" in args.only:
        console.print("[bold]import time[/]: litellm")
        results["import_time"]["litellm"] = import_time(args.bench_python, "litellm", args.import_runs,
                                                        child_env(LITELLM_ENV))
    results["comparison"] = comparison(results)
    return results


def metric(target: dict[str, Any], scenario: str, field: str) -> float | None:
    value = target.get("scenarios", {}).get(scenario, {}).get(field)
    return None if value is None else float(value)


def added_p50(results: dict[str, Any], name: str) -> float | None:
    """p50 at concurrency 1 minus direct's p50: what the gateway adds to each request when idle."""
    direct = metric(results["targets"].get("direct", {}), "latency_c1", "p50_ms")
    own = metric(results["targets"].get(name, {}), "latency_c1", "p50_ms")
    return None if direct is None or own is None else round(own - direct, 3)


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or a <= 0 or b <= 0 else round(a / b, 3)


def comparison(results: dict[str, Any]) -> dict[str, Any]:
    parity, litellm = results["targets"].get("parity", {}), results["targets"].get("litellm", {})
    p, lite = added_p50(results, "parity"), added_p50(results, "litellm")
    return {
        "added_p50_ms": {"parity": p, "litellm": lite},
        "added_p50_parity_over_litellm": ratio(p, lite),
        "added_p50_litellm_over_parity": ratio(lite, p),
        "rps_parity_over_litellm": {s: ratio(metric(parity, s, "rps"), metric(litellm, s, "rps"))
                                    for s in ("latency_c1", "throughput", "stream")},
    }


def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def render_compare(results: dict[str, Any], args: argparse.Namespace, console: Console) -> None:
    meta, targets = results["meta"], results["targets"]
    names = [n for n in TARGETS if n in targets]
    ran = [n for n in names if "error" not in targets[n]]
    table = Table(title=f"Gateway overhead on {meta['cpus']}x {meta['cpu']}: {meta['seconds']:g}s per scenario, "
                        f"one worker each, LiteLLM {meta['litellm']}, Parity {meta['parity']}")
    table.add_column("metric")
    for n in names:
        table.add_column(LABELS[n], justify="right")
    both = "parity" in ran and "litellm" in ran
    if both:
        table.add_column("Parity ÷ LiteLLM", justify="right")
        table.add_column("LiteLLM ÷ Parity", justify="right")

    def row(label: str, values: dict[str, float | None], digits: int = 1) -> None:
        p, lite = values.get("parity"), values.get("litellm")
        cells = [fmt(values.get(n), digits) for n in names]
        if both:
            cells += ["—" if r is None else f"{r:.2f}x" for r in (ratio(p, lite), ratio(lite, p))]
        table.add_row(label, *cells)

    for sc in scenarios(args):
        table.add_section()
        table.add_row(f"[bold]{sc.title}[/]")
        lat = "TTFT" if sc.stream else "latency"
        for field in ("p50_ms", "p90_ms", "p99_ms"):
            row(f"{lat} {field[:3]} ms", {n: metric(targets[n], sc.key, field) for n in ran}, 2)
        if sc.key == "latency_c1":
            row("added p50 ms (vs direct)", {n: added_p50(results, n) for n in ran}, 2)
        row("req/s", {n: metric(targets[n], sc.key, "rps") for n in ran})
        row("gateway CPU ms / request", {n: metric(targets[n], sc.key, "cpu_ms_per_req") for n in ran}, 2)
        row("errors", {n: metric(targets[n], sc.key, "errors") for n in ran}, 0)
    table.add_section()
    row("startup to ready s", {n: targets[n].get("startup_s") for n in ran}, 2)
    for key, label in (("rss_idle_kib", "RSS after startup MiB"), ("rss_after_kib", "RSS after the run MiB")):
        row(label, {n: targets[n][key] / 1024 if key in targets[n] else None for n in ran})
    console.print(table)
    for name in names:
        if name not in ran:
            console.print(f"[red]{LABELS[name]} did not run:[/] {targets[name]['error']}")
    if "parity" in ran:
        parity = targets["parity"]
        console.print(f"Parity captured {parity['requests_captured']} of {parity['requests_sent']} requests to its "
                      "SQLite store while measured (capture on); LiteLLM ran with no database.")
    for name, imp in results["import_time"].items():
        if "error" in imp:
            console.print(f"[red]import {name}:[/] {imp['error']}")
        else:
            console.print(f"import {name}: {imp['import_ms']} ms for the import itself, {imp['total_ms']} ms for the "
                          f"whole `python -c 'import {name}'` (best of {imp['runs']})")


def run_soak(args: argparse.Namespace, console: Console) -> dict[str, Any]:
    """Parity alone: N requests in closed-loop batches of about --soak-every, RSS sampled after each batch.

    Closed loop keeps the number of requests in flight fixed (--concurrency), so RSS growth means retained memory,
    not a backlog: an open loop past capacity would pile up connections and raise the high-water mark instead.
    """
    base, key, ready_url = endpoint(args, "parity")
    samples: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="parity-soak-") as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        upstream = stack.enter_context(start_upstream(args, work))
        wait_ready(upstream, endpoint(args, "direct")[2], 30)
        svc = stack.enter_context(start_parity(args, work))
        wait_ready(svc, ready_url, args.startup_timeout)
        smoke(base, key)
        pid, served = svc.proc.pid, 1
        samples.append({"requests": served, "rss_kib": tree_rss_kib(pid), "note": "after startup"})
        run = probe(args, base, key, concurrency=args.concurrency, seconds=3)
        served += run["sent"] + LOADPROBE_WARMUP
        samples.append({"requests": served, "rss_kib": tree_rss_kib(pid), **run, "note": "warm-up"})
        console.print(f"soak: {args.soak:,} requests to Parity, concurrency {args.concurrency}, closed loop")
        while served < args.soak:
            want = min(args.soak_every, args.soak - served) - LOADPROBE_WARMUP
            seconds = max(0.5, want / max(run["rps"], 1.0))  # sized from the last batch's rate
            run = probe(args, base, key, concurrency=args.concurrency, seconds=seconds)
            served += run["sent"] + LOADPROBE_WARMUP
            samples.append({"requests": served, "rss_kib": tree_rss_kib(pid), **run})
            console.print(f"  {served:>9,} requests  RSS {samples[-1]['rss_kib'] / 1024:6.1f} MiB  "
                          f"{run['rps']} req/s  p50 {run['p50_ms']} ms  p99 {run['p99_ms']} ms  errors {run['errors']}")
            if not svc.alive():
                raise BenchError(f"parity died during the soak:\n{svc.log_tail()}")
        store_bytes = sum(p.stat().st_size for p in work.glob("parity-bench.db*"))
        stored = captured(args, work, served)
    warm, mid, last = samples[1], samples[1 + (len(samples) - 1) // 2], samples[-1]

    def per_10k(a: dict[str, Any], b: dict[str, Any]) -> float:
        growth, requests = int(b["rss_kib"] - a["rss_kib"]), int(b["requests"] - a["requests"])
        return round(growth * 10_000 / max(1, requests), 1)

    return {"meta": machine(args), "soak": {
        "requests": served, "concurrency": args.concurrency, "samples": samples,
        "growth_after_warmup_kib": last["rss_kib"] - warm["rss_kib"], "growth_kib_per_10k": per_10k(warm, last),
        "second_half_growth_kib_per_10k": per_10k(mid, last), "store_bytes": store_bytes, "captured": stored}}


def render_soak(results: dict[str, Any], console: Console) -> None:
    soak = results["soak"]
    table = Table(title=f"Parity soak: {soak['requests']:,} requests, concurrency {soak['concurrency']}, one worker")
    for col in ("requests", "RSS MiB", "Δ vs warm-up MiB", "req/s", "p50 ms", "p99 ms", "errors", "note"):
        table.add_column(col, justify="right")
    warm = soak["samples"][1]["rss_kib"]
    for s in soak["samples"]:
        table.add_row(f"{s['requests']:,}", fmt(s["rss_kib"] / 1024), fmt((s["rss_kib"] - warm) / 1024),
                      fmt(s.get("rps")), fmt(s.get("p50_ms"), 2), fmt(s.get("p99_ms"), 2), fmt(s.get("errors"), 0),
                      s.get("note", ""))
    console.print(table)
    console.print(f"RSS growth after warm-up: {soak['growth_after_warmup_kib'] / 1024:+.1f} MiB "
                  f"({soak['growth_kib_per_10k']:+.1f} KiB per 10k requests; second half "
                  f"{soak['second_half_growth_kib_per_10k']:+.1f} KiB per 10k); "
                  f"store: {soak['captured']} requests captured, {soak['store_bytes'] / 2**20:.1f} MiB on disk")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10, help="measured seconds per scenario (default 10)")
    ap.add_argument("--only", default=",".join(TARGETS), help="comma list of direct,bare,parity,litellm (default all)")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write all results to this JSON file")
    ap.add_argument("--concurrency", type=int, default=64, help="concurrency of the throughput scenarios")
    ap.add_argument("--chunks", type=int, default=16, help="SSE chunks per streamed answer")
    ap.add_argument("--upstream-port", type=int, default=9100)
    ap.add_argument("--parity-port", type=int, default=4150)
    ap.add_argument("--bare-port", type=int, default=4160)
    ap.add_argument("--litellm-port", type=int, default=4000)
    ap.add_argument("--startup-timeout", type=float, default=120, help="seconds a gateway may take to be ready")
    ap.add_argument("--import-runs", type=int, default=5, help="import time is the best of this many runs")
    ap.add_argument("--soak", type=int, metavar="N", help="instead: send N requests to Parity, sample RSS")
    ap.add_argument("--soak-every", type=int, default=10_000, help="soak: requests between RSS samples")
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/bench"), help="fake_upstream.py, loadprobe.py")
    ap.add_argument("--litellm-config", type=Path, help="default: SHARED/litellm_config.yaml")
    ap.add_argument("--bench-python", default=str(BENCH_DIR / ".venv-litellm" / "bin" / "python"),
                    help="python of the bench venv (loadprobe, fake upstream, litellm)")
    ap.add_argument("--parity-bin", default=str(REPO / ".venv" / "bin" / "parity"))
    args = ap.parse_args(argv)
    args.only = [n.strip() for n in args.only.split(",") if n.strip()]
    if unknown := set(args.only) - set(TARGETS):
        ap.error(f"--only: unknown target(s) {', '.join(sorted(unknown))}; choose from {', '.join(TARGETS)}")
    args.litellm_config = args.litellm_config or args.shared / "litellm_config.yaml"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, 120)  # logs and pipes: keep table rows on one line
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind, so that every started process is stopped
    try:
        if args.soak:
            results = run_soak(args, console)
            render_soak(results, console)
        else:
            results = run_compare(args, console)
            render_compare(results, args, console)
    except BenchError as e:
        console.print(f"[red]benchmark failed:[/] {e}")
        return 1
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        console.print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
