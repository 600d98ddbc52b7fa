from flask import Flask, make_response, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    html = f"<h2>Results for {q}</h2><p>No results.</p>"
    resp = make_response(html)
    resp.headers["Content-Type"] = "text/html"
    return resp


def render_comment(comment):
    return Markup("<div class='c'>" + comment.body + "</div>")
