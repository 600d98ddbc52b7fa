"""Small internal service that exports sales reports as CSV.

Endpoints:
    GET /reports?region=EMEA&since=2024-01-01   -> JSON rows
    GET /reports/download/<name>                -> a previously generated CSV
"""

import csv
import io
import os
import sqlite3
from datetime import date

from flask import Flask, abort, jsonify, request, send_file

app = Flask(__name__)
DB_PATH = os.environ.get("REPORTS_DB", "reports.db")
EXPORT_DIR = os.path.join(os.path.dirname(__file__), "exports")


def get_conn() -> sqlite3.Connection:
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


@app.get("/reports")
def list_reports():
    region = request.args.get("region", "EMEA")
    since = request.args.get("since", date.today().replace(day=1).isoformat())
    order = request.args.get("order", "total DESC")

    query = (
        "SELECT region, product, SUM(amount) AS total FROM sales "
        f"WHERE region = '{region}' AND sold_on >= '{since}' "
        f"GROUP BY region, product ORDER BY {order}"
    )
    with get_conn() as conn:
        rows = conn.execute(query).fetchall()
    return jsonify([dict(r) for r in rows])


@app.post("/reports/export")
def export_report():
    payload = request.get_json(force=True)
    name = payload.get("name", "report") + ".csv"
    with get_conn() as conn:
        rows = conn.execute(
            "SELECT region, product, amount, sold_on FROM sales WHERE region = ?",
            (payload.get("region", "EMEA"),),
        ).fetchall()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["region", "product", "amount", "sold_on"])
    writer.writerows([tuple(r) for r in rows])
    os.makedirs(EXPORT_DIR, exist_ok=True)
    with open(os.path.join(EXPORT_DIR, os.path.basename(name)), "w", encoding="utf-8") as fh:
        fh.write(buf.getvalue())
    return jsonify({"file": os.path.basename(name)}), 201


@app.get("/reports/download/<path:filename>")
def download(filename: str):
    full_path = os.path.join(EXPORT_DIR, filename)
    if not os.path.exists(full_path):
        abort(404)
    return send_file(full_path, mimetype="text/csv", as_attachment=True)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8050, debug=True)
