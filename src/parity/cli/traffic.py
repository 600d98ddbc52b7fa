"""``parity logs``, ``stats`` and ``export``: what went through the gateway."""

from __future__ import annotations

import sys
import time
from typing import Any

import click
import orjson
from rich.console import Console
from rich.table import Table

from parity.cli.main import config_option, open_config
from parity.durations import parse_duration
from parity.store import export, queries
from parity.store.db import connect

console = Console()


def _since(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return time.time() - parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc


def _json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


def _num(value: float | int | None, fmt: str = "{:,}") -> str:
    return "-" if value is None else fmt.format(value)


@click.command("logs")
@config_option
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1))
@click.option("--model", default=None, help="Only this public model name.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array on stdout, bodies included.")
def logs_command(config_path: str, limit: int, model: str | None, as_json: bool) -> None:
    """Captured traffic, newest first."""
    config = open_config(config_path)
    conn = connect(config.store_path(), readonly=True)
    records = queries.recent(conn, limit=limit, model=model, bodies=as_json)
    if as_json:
        return _json(records)
    table = Table(title=f"last {len(records)} requests", title_justify="left")
    for column, justify in [("time", "left"), ("id", "left"), ("api", "left"), ("model", "left"),
                            ("served by", "left"), ("status", "right"), ("tokens in/out", "right"),
                            ("cost $", "right"), ("latency ms", "right"), ("ttft ms", "right"), ("error", "left")]:
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in records:
        status = str(r["status"])
        style = "red" if r["status"] >= 400 or r["error"] else "green"
        tokens = f"{_num(r['prompt_tokens'])}/{_num(r['completion_tokens'])}" + ("~" if r["tokens_estimated"] else "")
        shadow = f" +{len(r['shadow'])} shadow" if r["shadow"] else ""
        table.add_row(r["ts"][11:23], r["id"], r["api"], r["model"] or "-", (r["served_by"] or "-") + shadow,
                      f"[{style}]{status}[/]", tokens, _num(r["cost_usd"], "{:.6f}"), _num(r["latency_ms"], "{:.1f}"),
                      _num(r["ttft_ms"], "{:.1f}"), (r["error"] or "")[:80])
    console.print(table)
    if any(r["tokens_estimated"] for r in records):
        console.print("~ tokens estimated: the upstream reported no usage")


@click.command("stats")
@config_option
@click.option("--since", default="7d", show_default=True, help="A duration: 30m, 24h, 7d, ...")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
def stats_command(config_path: str, since: str, as_json: bool) -> None:
    """Requests, errors, tokens, cost and latency percentiles per model."""
    config = open_config(config_path)
    conn = connect(config.store_path(), readonly=True)
    rows = queries.stats(conn, since=_since(since))
    if as_json:
        return _json(rows)
    table = Table(title=f"traffic in the last {since}", title_justify="left")
    for column in ("model", "requests", "errors", "tokens in", "tokens out", "cost $", "p50 ms", "p95 ms",
                   "p99 ms", "ttft p50 ms"):
        table.add_column(column, justify="left" if column == "model" else "right")
    for s in rows:
        cost = _num(s["cost_usd"], "{:.4f}") + (f" (+{s['unpriced_requests']} unpriced)"
                                                 if s["unpriced_requests"] else "")
        table.add_row(s["model"], f"{s['requests']:,}", f"{s['errors']:,} ({s['error_rate']:.1%})",
                      f"{s['prompt_tokens']:,}", f"{s['completion_tokens']:,}", cost,
                      _num(s["latency_p50_ms"], "{:.1f}"), _num(s["latency_p95_ms"], "{:.1f}"),
                      _num(s["latency_p99_ms"], "{:.1f}"), _num(s["ttft_p50_ms"], "{:.1f}"))
    console.print(table)


@click.command("export")
@config_option
@click.option("--since", default=None, help="Only records newer than this duration (e.g. 7d).")
@click.option("--model", default=None, help="Only this public model name.")
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
def export_command(config_path: str, since: str | None, model: str | None, out: str) -> None:
    """Captured traffic as OpenAI chat JSONL (the bakeoff and fine-tuning format); '-' for stdout."""
    config = open_config(config_path)
    conn = connect(config.store_path(), readonly=True)
    if out == "-":
        count = export.export_jsonl(conn, sys.stdout.buffer, model=model, since=_since(since))
    else:
        with open(out, "wb") as handle:
            count = export.export_jsonl(conn, handle, model=model, since=_since(since))
    Console(stderr=True).print(f"exported {count} exchanges to {out}")


COMMANDS = [logs_command, stats_command, export_command]
