from flask import Response, abort, render_template

from app.export.state import depends_on
from app.opendata import bp
from app.opendata.registry import MEDIA_TYPES, all_datasets


@bp.route("/")
def index():
    # The list names the datasets only; it changes with the code, not with the records.
    return render_template("opendata/index.html", datasets=all_datasets().values())


@bp.route("/<name>.<any(csv, json):file_format>")
def download(name: str, file_format: str):
    dataset = all_datasets().get(name)
    if dataset is None or file_format not in dataset.files:
        abort(404)
    # A table of every published record of its kinds.
    for record_type in dataset.shows or ("*",):
        depends_on(record_type)
    response = Response(dataset.files[file_format](), mimetype=MEDIA_TYPES[file_format])
    # Shown as text by browsers, saved under a sensible name by "save link as".
    response.headers["Content-Disposition"] = f'inline; filename="{name}.{file_format}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
