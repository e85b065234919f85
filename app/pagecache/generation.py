"""The content generation: a token in the instance folder that changes with public pages.

Reading it is one small file read (microseconds), at most once per request; every worker
on the machine reads the same file. A random token rather than a counter or the file's
modification time: two workers changing it at once never write the same value, and two
changes within the file system's clock tick are still two values.
"""

import os
import secrets
from pathlib import Path

from flask import Flask

FILE_NAME = "page-generation"


def generation_file(app: Flask) -> Path:
    return Path(app.instance_path) / FILE_NAME


def current_generation(app: Flask) -> str:
    """The token now; "" before the first public change of this instance."""
    try:
        return generation_file(app).read_text()
    except FileNotFoundError:
        return ""


def new_generation(app: Flask) -> None:
    """Replace the token: every page kept before is out of date from now on."""
    path = generation_file(app)
    temporary = path.with_name(f"{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    temporary.write_text(secrets.token_hex(16))
    # A rename replaces the file whole: a reader sees the old token or the new one.
    os.replace(temporary, path)
