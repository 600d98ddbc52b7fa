"""GET /v1/models: Anthropic's list shape when the client sends ``anthropic-version``, else OpenAI's."""

from __future__ import annotations

from typing import Any

from parity.errors import RequestError
from parity.gateway.asgi import Request, respond_json
from parity.gateway.errors import send_error
from parity.providers.exchange import Api

CREATED = 1735689600  # a fixed date: the gateway does not know when an upstream model was made
CREATED_ISO = "2025-01-01T00:00:00Z"


async def handle(gw: Any, req: Request, path: str) -> None:
    api: Api = "anthropic" if "anthropic-version" in req.headers else "openai"
    try:
        key = gw.keys.authenticate(req.bearer())
    except RequestError as exc:
        return await send_error(req.send, api, exc.status, exc.message, {})
    names = gw.visible_models(key)
    if path.startswith("/models/"):
        wanted = path[len("/models/"):]
        if wanted not in names:
            return await send_error(req.send, api, 404, f"model {wanted!r} not found", {}, param="model")
        names = [wanted]
        return await respond_json(req.send, 200, _one(api, wanted))
    if api == "anthropic":
        data = [_one(api, n) for n in names]
        return await respond_json(req.send, 200, {"data": data, "has_more": False,
                                                  "first_id": names[0] if names else None,
                                                  "last_id": names[-1] if names else None})
    await respond_json(req.send, 200, {"object": "list", "data": [_one(api, n) for n in names]})


def _one(api: str, name: str) -> dict[str, Any]:
    if api == "anthropic":
        return {"type": "model", "id": name, "display_name": name, "created_at": CREATED_ISO}
    return {"id": name, "object": "model", "created": CREATED, "owned_by": "parity"}
