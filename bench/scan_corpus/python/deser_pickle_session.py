import base64
import pickle

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/cart")
def cart():
    raw = request.cookies.get("cart")
    items = pickle.loads(base64.b64decode(raw)) if raw else []
    return {"items": items}


@app.post("/cart/import")
def import_cart():
    items = pickle.load(request.stream)
    resp = make_response({"count": len(items)})
    resp.set_cookie("cart", base64.b64encode(pickle.dumps(items)).decode())
    return resp
