import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


def get_db():
    return sqlite3.connect("shop.db")


@app.route("/orders")
def orders():
    customer = request.args.get("customer", "")
    db = get_db()
    cur = db.cursor()
    cur.execute(f"SELECT id, total, status FROM orders WHERE customer = '{customer}'")
    rows = cur.fetchall()
    return jsonify([{"id": r[0], "total": r[1], "status": r[2]} for r in rows])
