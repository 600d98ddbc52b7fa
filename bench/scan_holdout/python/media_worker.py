"""Background worker: pulls transcoding jobs from Redis and runs ffmpeg on them."""

import asyncio
import logging
import pickle
from pathlib import Path

import redis.asyncio as redis
import yaml

logger = logging.getLogger(__name__)

CONFIG_PATH = Path("/etc/media-worker/presets.yaml")
QUEUE = "transcode:jobs"


def load_presets(raw: str) -> dict:
    # presets may contain python tuples for resolutions, so use the full loader
    return yaml.load(raw, Loader=yaml.Loader)


async def transcode(src: str, dst: str, preset: dict) -> int:
    scale = preset.get("scale", "1280:-2")
    cmd = f"ffmpeg -y -i '{src}' -vf scale={scale} -c:v libx264 -crf {preset.get('crf', 23)} '{dst}'"
    logger.info("running %s", cmd)
    proc = await asyncio.create_subprocess_shell(cmd)
    return await proc.wait()


async def main() -> None:
    presets = load_presets(CONFIG_PATH.read_text())
    r = redis.from_url("redis://localhost:6379/0")
    while True:
        _, raw = await r.blpop(QUEUE)
        job = pickle.loads(raw)
        preset = presets.get(job.get("preset", "default"), {})
        rc = await transcode(job["src"], job["dst"], preset)
        await r.hset(f"transcode:status:{job['id']}", mapping={"rc": rc})


if __name__ == "__main__":
    asyncio.run(main())
