"""How fast the bakeoff runner is when the models are not the bottleneck.

A suite of N items (default 10,000) against two models served by the shared fake upstream
(/work/shared/bench/fake_upstream.py, streamed answers), scored by two deterministic scorers (exact and contains),
run through the real CLI (``parity bakeoff``) in a subprocess: wall time, items/s, peak RSS. Then the same bakeoff
again, when every answer comes from the store's cache (what a re-score or a resumed run costs). A smaller run
(N/10) gives the memory baseline: flat memory means the peak RSS barely moves from N/10 to N items.

    .venv/bin/python bench/bakeoff.py [--items 10000] [--chunks 16] [--json bench/results-bakeoff.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gateway import child_env, service, wait_ready

HOST = "127.0.0.1"


def reply(chunks: int) -> str:
    """What the fake upstream streams: ``tok0 tok1 ...``."""
    return " ".join(f"tok{i}" for i in range(chunks))


def write_inputs(work: Path, items: int, port: int, name: str, chunks: int) -> tuple[Path, Path]:
    config = work / f"{name}.yaml"
    config.write_text(
        f"store: {work / name}.db\n"
        "router: {retries: 0}\n"
        "models:\n"
        + "".join(f"  - name: {m}\n    provider: openai\n    base_url: http://{HOST}:{port}/v1\n    api_key: sk-bench\n"
                  f"    price: {{input_per_mtok: {p}, output_per_mtok: {p * 3}}}\n"
                  for m, p in (("incumbent", 2.0), ("candidate", 0.2))))
    suite = work / f"{name}.jsonl"
    with suite.open("w") as f:
        for n in range(items):
            f.write(json.dumps({"id": n, "prompt": f"Item {n}: say the tokens.", "reference": reply(chunks)}) + "\n")
    return config, suite


def run_bakeoff(parity: str, config: Path, suite: Path, out: Path, concurrency: int, chunks: int) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([parity, "bakeoff", "--config", str(config), "--incumbent", "incumbent", "--candidate",
                           "candidate", "--suite", str(suite), "--scorer", "exact",
                           "--scorer", f"contains:{reply(chunks)}", "--concurrency", str(concurrency),
                           "--json", str(out)],
                          env=child_env(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"parity bakeoff failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    result = json.loads(out.read_text())
    inc = next(m for m in result["models"] if m["model"] == "incumbent")
    assert inc["errors"] == 0, inc["error_examples"]
    assert inc["scores"][0]["mean"] == 1.0, "the answers did not reach the scorers intact"
    return {"wall_s": round(wall, 2), "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime
                                                    - before.ru_stime, 2),
            "peak_rss_mb": round(after.ru_maxrss / 1024, 1), "called": inc["called"], "cached": inc["cached"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--chunks", type=int, default=16, help="streamed chunks per answer (the fake's default)")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--port", type=int, default=18931)
    ap.add_argument("--parity", default=str(Path(sys.executable).parent / "parity"))
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/bench"))
    ap.add_argument("--json", type=Path, help="write the numbers here too")
    args = ap.parse_args()
    runs: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cmd = [sys.executable, "-m", "uvicorn", "fake_upstream:app", "--app-dir", str(args.shared), "--host", HOST,
               "--port", str(args.port), "--loop", "uvloop", "--http", "httptools", "--no-access-log",
               "--log-level", "warning"]
        env = child_env({"CHUNKS": str(args.chunks), "DELAY_MS": "0", "FAULT": "none"})
        with service("fake upstream", cmd, work / "upstream.log", env, args.port, "--port") as upstream:
            wait_ready(upstream, f"http://{HOST}:{args.port}/v1/models", 30)
            for name, items in (("small", args.items // 10), ("full", args.items)):
                config, suite = write_inputs(work, items, args.port, name, args.chunks)
                # each run is its own child process, so RUSAGE_CHILDREN's max RSS is the largest child so far:
                # the small run goes first, so the full run's number is its own unless it used less
                runs[f"{name} ({items} items)"] = run_bakeoff(args.parity, config, suite, work / f"{name}.json",
                                                              args.concurrency, args.chunks)
                print(name, runs[f"{name} ({items} items)"], flush=True)
            runs[f"full again, all cached ({args.items} items)"] = run_bakeoff(
                args.parity, config, suite, work / "again.json", args.concurrency, args.chunks)
    full = runs[f"full ({args.items} items)"]
    report = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}", "items": args.items, "models": 2, "scorers": 2,
              "chunks": args.chunks, "concurrency": args.concurrency,
              "items_per_s": round(args.items / full["wall_s"], 1), "runs": runs}
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
