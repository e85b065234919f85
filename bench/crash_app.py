"""Roundtable with two routes the benchmarks need, and nothing else changed.

    gunicorn --pythonpath bench crash_app:app

POST /bench/write/<key> stores a row in a table of its own (bench_save) and answers 200
only after the commit, as every real save does; GET /bench/keys lists the keys stored.
The table is kept apart from the app's own, so that the saves do not make its pages
slower than real saves would.
"""

from flask import request
from sqlalchemy import text

from app import create_app
from app.extensions import csrf, db

app = create_app()
with app.app_context():
    # IF NOT EXISTS: every gunicorn worker runs this at start, possibly at the same moment.
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS bench_save (key VARCHAR(200) PRIMARY KEY, body TEXT)"
        )
    db.engine.dispose()  # no connection inherited across gunicorn's fork


@csrf.exempt
def write(key: str):
    db.session.execute(
        text("INSERT INTO bench_save (key, body) VALUES (:key, :body)"),
        {"key": key, "body": request.get_data(as_text=True)},
    )
    db.session.commit()
    return "saved\n"


def keys():
    stored = db.session.scalars(text("SELECT key FROM bench_save"))
    return "\n".join(stored), {"Content-Type": "text/plain"}


app.add_url_rule("/bench/write/<key>", "bench_write", write, methods=["POST"])
app.add_url_rule("/bench/keys", "bench_keys", keys)
