"""JSON scorers: ``json`` (the answer parses) and ``json_schema`` (it parses and validates against a schema).

Models often wrap JSON in a Markdown fence even when asked not to; a client would strip it, so the scorers do too.
Parsing is strict (``orjson``: no NaN, no trailing commas), since that is what a downstream parser will accept.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import orjson
import yaml
from jsonschema import Draft202012Validator, SchemaError, validators
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator

from parity.bakeoff.items import Answer, Item
from parity.bakeoff.scorers.base import Score, Scorer, register
from parity.errors import ConfigError

_FENCE = re.compile(r"\A\s*```[A-Za-z0-9_-]*[ \t]*\n(.*?)\n?[ \t]*```\s*\Z", re.DOTALL)
_DETAIL_CHARS = 200


class InvalidJSON(ValueError):
    """The answer is not JSON; the message says where parsing stopped."""


def parse_answer_json(text: str) -> Any:
    """The JSON value in an answer, after removing one surrounding Markdown code fence."""
    if text.lstrip().startswith("```"):
        fenced = _FENCE.match(text)
        if fenced:
            text = fenced.group(1)
    if not text.strip():
        raise InvalidJSON("empty answer")
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidJSON(f"invalid JSON: {exc}") from exc


def _kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


@register("json")
class JsonValid(Scorer):
    """1 when the answer is a JSON document (optionally fenced), else 0 with the parser's complaint."""

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        try:
            value = parse_answer_json(answer.text)
        except InvalidJSON as exc:
            return Score(0.0, str(exc)[:_DETAIL_CHARS])
        return Score(1.0, f"valid JSON {_kind(value)}")


def _validator(schema: Any) -> Validator:
    """A validator for ``schema``: the draft its ``$schema`` names, else 2020-12. Raises SchemaError."""
    cls = validators.validator_for(schema, default=Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema)


@functools.lru_cache(maxsize=256)
def _cached_validator(canonical: str) -> Validator:
    """Per-item schemas repeat across models and reruns; checking a schema costs far more than using it."""
    return _validator(orjson.loads(canonical))


def load_schema(path: str) -> Any:
    """A schema from a ``.json`` file, or a YAML file (any other suffix). Raises ConfigError naming the file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"json_schema: cannot read schema file {path}: {exc.strerror or exc}") from exc
    try:
        schema = json.loads(text) if file.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"json_schema: {path} is not valid {file.suffix.lstrip('.').upper() or 'YAML'}: {exc}") \
            from exc
    if not isinstance(schema, dict | bool):
        raise ConfigError(f"json_schema: {path} must hold an object (a JSON Schema), not {type(schema).__name__}")
    return schema


@register("json_schema")
class JsonSchema(Scorer):
    """The answer is JSON that validates against a schema: ``json_schema:PATH`` (JSON or YAML file), or the check's
    value (the schema itself). The detail is the most relevant validation error, with its JSON path."""

    needs_reference = True

    def __init__(self, arg: str | None = None, **kwargs: Any) -> None:
        super().__init__(arg, **kwargs)
        self._validator: Validator | None = None
        if arg:
            schema = load_schema(arg)
            try:
                self._validator = _validator(schema)
            except SchemaError as exc:
                raise ConfigError(f"json_schema: {arg} is not a valid JSON Schema: {_where(exc)}") from exc

    def applies(self, item: Item, expected: Any) -> bool:
        return self._validator is not None or expected is not None

    def score(self, item: Item, answer: Answer, expected: Any) -> Score:
        validator = self._validator
        if validator is None:
            if not isinstance(expected, dict | bool):
                return Score(None, f"json_schema needs a schema object, got {type(expected).__name__}")
            try:
                validator = _cached_validator(orjson.dumps(expected, option=orjson.OPT_SORT_KEYS).decode())
            except (SchemaError, orjson.JSONEncodeError) as exc:
                return Score(None, f"invalid schema: {_where(exc) if isinstance(exc, SchemaError) else exc}")
        try:
            instance = parse_answer_json(answer.text)
        except InvalidJSON as exc:
            return Score(0.0, str(exc)[:_DETAIL_CHARS])
        error = best_match(validator.iter_errors(instance))
        if error is None:
            return Score(1.0, "valid")
        return Score(0.0, _where(error))


def _where(error: Any) -> str:
    """``$.path: message``, cut to fit a report cell (messages quote the offending value, which may be large)."""
    text = f"{error.json_path}: {error.message}"
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 1] + "…"
