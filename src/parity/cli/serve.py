"""``parity serve``: the gateway on uvicorn (uvloop + httptools, one worker)."""

from __future__ import annotations

import gc
import ipaddress
import logging

import click
from rich.console import Console

from parity.cli.main import config_option, open_config
from parity.cli.setup import budget_warnings, describe
from parity.config import Config

console = Console(stderr=True)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(config: Config, host: str, port: int, log_level: str = "warning") -> None:
    """Run the gateway until SIGINT/SIGTERM; on the way out in-flight requests finish and captures are flushed."""
    import uvicorn

    from parity.gateway.app import create_app

    if not config.keys and not is_loopback(host):
        raise click.ClickException(f"refusing to listen on {host} without gateway keys: add 'keys:' to the config "
                                   "or listen on 127.0.0.1")
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(config)
    try:
        import uvloop  # noqa: F401

        loop = "uvloop"
    except ImportError:
        loop = "asyncio"
    uv_config = uvicorn.Config(app, host=host, port=port, loop=loop, http="httptools", lifespan="on",
                               access_log=False, log_level=log_level, server_header=False, date_header=False,
                               proxy_headers=False)
    server = uvicorn.Server(uv_config)
    # The request path allocates many short-lived objects and few cycles: collect less often, and leave the
    # objects made at start-up out of every collection.
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
    url = f"http://{host}:{port}"
    names = ", ".join(dict.fromkeys(m.name for m in config.models)) or "(no models configured)"
    console.print(f"[bold]Parity gateway[/] on [cyan]{url}[/]  models: {names}")
    console.print(f"OpenAI SDK: base_url={url}/v1   Anthropic SDK: base_url={url}   store: {config.store_path()}")
    for warning in budget_warnings(config, describe(config)):
        console.print(f"[yellow]warning:[/] {warning}")
    server.run()


@click.command("serve")
@config_option
@click.option("--host", default=None, help="Interface to listen on (default from config, 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default from config, 4141).")
@click.option("--log-level", default="warning", type=click.Choice(["debug", "info", "warning", "error"]))
def serve_command(config_path: str, host: str | None, port: int | None, log_level: str) -> None:
    """Run the OpenAI- and Anthropic-compatible gateway."""
    config = open_config(config_path)
    serve(config, host or config.server.host, port or config.server.port, log_level)


COMMANDS = [serve_command]
