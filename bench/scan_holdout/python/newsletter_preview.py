"""Newsletter editor: lets marketing preview a template with a sample subscriber."""

import os

from jinja2 import Environment
from markupsafe import Markup
from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]
jinja_env = Environment()

SAMPLE = {"first_name": "Ada", "last_name": "Lovelace", "plan": "Pro"}


@app.post("/preview")
def preview():
    body = request.form.get("template", "Hello {{ first_name }}!")
    rendered = jinja_env.from_string(body).render(**SAMPLE)
    return {"html": rendered}


@app.get("/search")
def search():
    term = request.args.get("q", "")
    results = [n for n in ("Spring sale", "Winter sale", "Launch") if term.lower() in n.lower()]
    heading = Markup(f"<h2>Results for <em>{term}</em></h2>")
    items = "".join(f"<li>{Markup.escape(r)}</li>" for r in results)
    return heading + Markup(f"<ul>{items}</ul>")


@app.get("/login/done")
def after_login():
    session["seen_welcome"] = True
    next_url = request.args.get("next") or url_for("search")
    return redirect(next_url)
