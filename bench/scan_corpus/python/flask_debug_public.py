from flask import Flask, jsonify

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"


@app.route("/api/health")
def health():
    return jsonify(status="ok")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
