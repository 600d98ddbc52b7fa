import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
UPLOAD_DIR = "/srv/app/uploads"


@app.route("/download")
def download():
    filename = request.args.get("file", "")
    path = os.path.join(UPLOAD_DIR, filename)
    if not os.path.exists(path):
        abort(404)
    return send_file(path)


@app.route("/logs/<name>")
def logs(name):
    with open("/var/log/app/" + name) as fh:
        return fh.read()
