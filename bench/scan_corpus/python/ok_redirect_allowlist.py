from urllib.parse import urlparse

from flask import Flask, redirect, request, url_for

app = Flask(__name__)
ALLOWED_HOSTS = {"app.example.com", "docs.example.com"}


def safe_next(target: str | None) -> str:
    if not target:
        return url_for("home")
    parts = urlparse(target)
    if "\\" in target or target.startswith("//"):
        return url_for("home")
    if parts.scheme in ("", "https") and (not parts.netloc or parts.netloc in ALLOWED_HOSTS):
        return target
    return url_for("home")


@app.post("/login")
def login():
    return redirect(safe_next(request.args.get("next")))


@app.route("/")
def home():
    return "home"
