"""``parity init`` and ``parity check``: start a config, and see what each entry resolves to."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from parity.cli.main import config_option, open_config
from parity.config import Config

console = Console()


def starter_config() -> str:
    return files("parity.cli").joinpath("starter.yaml").read_text(encoding="utf-8")


@click.command("init")
@click.argument("file", default="parity.yaml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_command(file: str, force: bool) -> None:
    """Write a commented starter config that works at once with the mock provider."""
    path = Path(file)
    if path.exists() and not force:
        raise click.ClickException(f"{file} exists; pass --force to overwrite it")
    path.write_text(starter_config(), encoding="utf-8")
    console.print(f"wrote [bold]{file}[/]. Next: [cyan]parity serve --config {file}[/]")


def describe(config: Config) -> list[dict[str, str]]:
    """What each entry resolves to, for people (``check``) and machines alike."""
    from parity.pricing.prices import resolve
    from parity.providers.base import provider_class  # imported here: aiohttp is slow to import for --version

    rows = []
    for entry in config.models:
        provider = provider_class(entry.provider)(entry, config.router, None)
        rates = resolve(entry, provider.name, provider.base_url)
        routes = []
        if entry.fallbacks:
            routes.append("fallbacks: " + ", ".join(entry.fallbacks))
        if entry.canary:
            routes.append(f"canary: {entry.canary.percent:g}% to {entry.canary.model}")
        routes.extend(f"shadow: {s.percent:g}% to {s.model}" for s in entry.shadow)
        rows.append({"id": entry.id, "resolves_to": provider.describe(), "profile": provider.profile.name,
                     "price": (f"${rates.input:g}/${rates.output:g} per Mtok in/out ({rates.source})"
                               if rates and rates.tiered is None else rates.source if rates else
                               "unknown: cost will be recorded as null"),
                     "routing": "; ".join(routes) or "-"})
    return rows


@click.command("check")
@config_option
def check_command(config_path: str) -> None:
    """Validate the config and show what each model entry resolves to."""
    config = open_config(config_path)
    table = Table(title=f"{config_path}: valid", title_justify="left")
    for column in ("entry", "resolves to", "profile", "price", "routing"):
        table.add_column(column, overflow="fold")
    rows = describe(config)
    for row in rows:
        table.add_row(row["id"], row["resolves_to"], row["profile"], row["price"], row["routing"])
    console.print(table)
    console.print(f"store: {config.store_path()}   keys: {len(config.keys) or 'none (loopback only)'}   "
                  f"capture: {config.capture}")
    for warning in budget_warnings(config, rows):
        console.print(f"[yellow]warning:[/] {warning}")


def budget_warnings(config: Config, rows: list[dict[str, str]]) -> list[str]:
    """A budget cannot hold on a model whose cost is unknown: say so before traffic finds out."""
    unpriced = {r["id"] for r in rows if r["price"].startswith("unknown")}
    out = []
    for key in config.keys:
        if key.budget_usd is None:
            continue
        names = key.models if key.models is not None else [m.name for m in config.models]
        blind = sorted({m.id for m in config.models if m.name in names and m.id in unpriced})
        if blind:
            out.append(f"key {key.name!r} has a budget, but requests to {', '.join(blind)} have no known price and "
                       "are not counted against it (add price: or self_hosted: to those entries)")
    return out


COMMANDS = [init_command, check_command]
