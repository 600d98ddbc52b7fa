from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    try:
        result = eval(expr)
    except Exception as exc:
        return {"error": str(exc)}, 400
    return {"result": result}
