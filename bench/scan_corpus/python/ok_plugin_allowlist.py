import importlib

EXPORTERS = {"csv": "acme.export.csv_writer", "xlsx": "acme.export.xlsx_writer", "json": "acme.export.json_writer"}


def exporter(fmt: str):
    try:
        module_name = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {sorted(EXPORTERS)}") from None
    return importlib.import_module(module_name).Writer()
