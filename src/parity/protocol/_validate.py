"""Turns pydantic's validation errors into one ``RequestError`` whose ``param`` is the client's own field path.

Pydantic's ``loc`` mixes real keys with union member and discriminator tags (``str``, ``user``,
``list[...]``); clients need ``messages.0.content``, so the path is re-walked against the input itself.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from parity.errors import RequestError

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_body(model: type[ModelT], body: object) -> ModelT:
    """Validate ``body`` as ``model`` or raise ``RequestError`` (status 400) naming the most specific bad field."""
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object.", status=400)
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise _to_request_error(exc, body) from exc


def _to_request_error(exc: ValidationError, body: dict[str, Any]) -> RequestError:
    errors = exc.errors(include_url=False)
    # A union reports one error per member; the deepest path is the member the client meant.
    best = max(errors, key=lambda e: len(_client_path(e, body)))
    path = _client_path(best, body)
    param = ".".join(str(p) for p in path) or None
    message = best["msg"].removeprefix("Value error, ")
    if best["type"] in ("missing", "union_tag_not_found"):
        message = "Field required"
    text = f"Invalid value for '{param}': {message}" if param else f"Invalid request: {message}"
    return RequestError(text, status=400, param=param)


def _client_path(error: ErrorDetails, body: dict[str, Any]) -> list[str | int]:
    """Keep the ``loc`` parts that exist in the input; the last one may be a missing key."""
    path: list[str | int] = []
    node: Any = body
    loc = error["loc"]
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and i == len(loc) - 1 and _is_field_name(part, error):
            path.append(part)
    if isinstance(node, dict) and error["type"] in _TAG_ERRORS:
        # The discriminator itself is what is wrong: name it.
        path.append(str((error.get("ctx") or {}).get("discriminator", "'type'")).strip("'"))
    return path


_TAG_ERRORS = frozenset({"union_tag_invalid", "union_tag_not_found", "invalid_part", "invalid_block"})
_FIELD = re.compile(r"^[a-z_][a-z0-9_]*$")
_TYPE_NAMES = frozenset({"str", "int", "float", "bool", "list", "dict", "none", "bytes"})


def _is_field_name(part: str, error: ErrorDetails) -> bool:
    """A trailing loc part absent from the input: a missing field, or one a validator reported on."""
    return error["type"] == "missing" or (_FIELD.match(part) is not None and part not in _TYPE_NAMES)
