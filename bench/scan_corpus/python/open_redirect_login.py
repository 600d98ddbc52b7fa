from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.post("/login")
def login():
    user = authenticate(request.form["username"], request.form["password"])
    if user is None:
        return redirect("/login?error=1")
    session["uid"] = user.id
    return redirect(request.args.get("next", "/"))


def authenticate(username, password):
    ...
