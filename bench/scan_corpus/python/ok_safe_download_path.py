from pathlib import Path

from flask import Flask, abort, request, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = Path("/srv/app/uploads").resolve()


@app.route("/download")
def download():
    name = request.args.get("file", "")
    target = (UPLOAD_DIR / name).resolve()
    if not target.is_relative_to(UPLOAD_DIR) or not target.is_file():
        abort(404)
    return send_from_directory(UPLOAD_DIR, target.relative_to(UPLOAD_DIR).as_posix())


@app.post("/upload")
def upload():
    f = request.files["file"]
    f.save(UPLOAD_DIR / secure_filename(f.filename or "upload.bin"))
    return {"ok": True}
