"""Roundtable with two routes the crash benchmark needs, and nothing else changed.

    gunicorn --pythonpath bench crash_app:app

POST /bench/write/<key> stores a Setting row and answers 200 only after the commit, as
every real save does; GET /bench/keys lists the keys stored so far.
"""

from flask import request
from sqlalchemy import select

from app import create_app
from app.extensions import csrf, db
from app.site.models import Setting

app = create_app()


@csrf.exempt
def write(key: str):
    db.session.add(Setting(key=f"crash-{key}", value=request.get_data(as_text=True)[:200]))
    db.session.commit()
    return "saved\n"


def keys():
    stored = db.session.scalars(select(Setting.key).where(Setting.key.like("crash-%")))
    return "\n".join(key.removeprefix("crash-") for key in stored), {"Content-Type": "text/plain"}


app.add_url_rule("/bench/write/<key>", "bench_write", write, methods=["POST"])
app.add_url_rule("/bench/keys", "bench_keys", keys)
