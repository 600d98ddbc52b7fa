import html

from flask import Flask, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return f"<h2>Results for {escape(q)}</h2>"


def render_comment(body: str) -> Markup:
    return Markup("<div class='c'>{}</div>").format(body)


def plain(text: str) -> str:
    return html.escape(text, quote=True)
