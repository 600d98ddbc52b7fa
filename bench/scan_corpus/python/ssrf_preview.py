import requests
from fastapi import FastAPI

api = FastAPI()


@api.get("/preview")
def preview(url: str):
    resp = requests.get(url, timeout=10)
    title = ""
    if "<title>" in resp.text:
        title = resp.text.split("<title>", 1)[1].split("</title>", 1)[0]
    return {"status": resp.status_code, "title": title}


@api.post("/webhooks/test")
def test_webhook(target: str, payload: dict):
    r = requests.post(f"http://{target}/hook", json=payload, timeout=5)
    return {"status": r.status_code}
