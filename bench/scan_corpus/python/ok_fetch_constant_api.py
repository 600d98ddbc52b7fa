import os

import requests

GITHUB_API = "https://api.github.com"


def latest_release(owner: str, repo: str) -> str:
    headers = {"Accept": "application/vnd.github+json"}
    if token := os.environ.get("GITHUB_TOKEN"):
        headers["Authorization"] = f"Bearer {token}"
    r = requests.get(f"{GITHUB_API}/repos/{owner}/{repo}/releases/latest", headers=headers, timeout=10)
    r.raise_for_status()
    return r.json()["tag_name"]
