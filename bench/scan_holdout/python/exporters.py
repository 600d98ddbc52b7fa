"""Pluggable exporters: the format name picks a module from a fixed table."""

from __future__ import annotations

import ast
import importlib
import json
from typing import Any

EXPORTERS = {
    "csv": "reports.exporters.csv_exporter",
    "xlsx": "reports.exporters.xlsx_exporter",
    "parquet": "reports.exporters.parquet_exporter",
}


def get_exporter(fmt: str) -> Any:
    try:
        module_name = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {sorted(EXPORTERS)}") from None
    return importlib.import_module(module_name)


def parse_filter_value(text: str) -> Any:
    """Filters arrive as Python literals from the saved-report table, e.g. "[1, 2, 3]" or "('a', 'b')"."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return json.loads(text)


def export(rows: list[dict], fmt: str, dest: str) -> str:
    exporter = get_exporter(fmt)
    return exporter.write(rows, dest)
