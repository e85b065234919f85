"""The smallest Flask app, the yardstick of bench/live_pages.py: what gunicorn, Flask and
the load generator cost on this machine before Roundtable does anything."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello, World!"
