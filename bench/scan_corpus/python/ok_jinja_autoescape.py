from flask import Flask, render_template, render_template_string, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

app = Flask(__name__)
env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))

GREETING = "<h1>Hello {{ name }}!</h1>"


@app.route("/hello")
def hello():
    return render_template_string(GREETING, name=request.args.get("name", "world"))


@app.route("/profile/<int:uid>")
def profile(uid: int):
    return render_template("profile.html", uid=uid)


def render_email(user) -> str:
    return env.get_template("welcome.html").render(user=user)
