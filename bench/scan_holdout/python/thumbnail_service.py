"""Thumbnail microservice: give it an image URL, get back a 256px JPEG."""

from __future__ import annotations

import logging
import os
import tempfile

import httpx
from fastapi import FastAPI, HTTPException
from fastapi.responses import Response
from PIL import Image
from pydantic import BaseModel

log = logging.getLogger("thumbs")
app = FastAPI(title="thumbnailer")

MAX_BYTES = 10 * 1024 * 1024


class ThumbRequest(BaseModel):
    image_url: str
    size: int = 256


async def fetch_image(url: str) -> bytes:
    # Some of our partners use self-signed certs on their CDN, so skip verification here.
    async with httpx.AsyncClient(timeout=10, verify=False, follow_redirects=True) as client:
        resp = await client.get(url)
        resp.raise_for_status()
        if len(resp.content) > MAX_BYTES:
            raise HTTPException(413, "image too large")
        return resp.content


@app.post("/thumbnail")
async def thumbnail(req: ThumbRequest) -> Response:
    data = await fetch_image(req.image_url)

    tmp_path = tempfile.mktemp(suffix=".img")
    with open(tmp_path, "wb") as fh:
        fh.write(data)
    try:
        with Image.open(tmp_path) as img:
            img.thumbnail((req.size, req.size))
            out_path = tmp_path + ".jpg"
            img.convert("RGB").save(out_path, "JPEG", quality=85)
        with open(out_path, "rb") as fh:
            body = fh.read()
    finally:
        for p in (tmp_path, tmp_path + ".jpg"):
            if os.path.exists(p):
                os.remove(p)
    log.info("thumbnail for %s: %d bytes", req.image_url, len(body))
    return Response(content=body, media_type="image/jpeg")
