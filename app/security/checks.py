"""The checks behind ``flask check-deploy``: settings that are fine on a laptop and unsafe
on a server, each with the fix.

Every check takes the application and returns the problems it finds (an empty list when
all is well), so each can be tested alone. Add a check by writing a function and listing
it in CHECKS.
"""

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

# Keys that people copy from tutorials, examples and test suites.
PLACEHOLDER_WORDS = ("secret", "change", "insecure", "example", "default", "password", "test")
MIN_SECRET_KEY_LENGTH = 32


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}\n    Fix: {self.fix}"


Check = Callable[[Flask], list[Problem]]


def check_debug(app: Flask) -> list[Problem]:
    problems = []
    if app.debug:
        problems.append(
            Problem(
                "debug",
                "Debug mode is on: an error shows the code, the settings and a console that "
                "runs any Python a visitor types.",
                "Unset FLASK_DEBUG and ROUNDTABLE_DEBUG, and do not pass --debug.",
            )
        )
    if app.testing:
        problems.append(
            Problem(
                "testing",
                "TESTING is on: errors propagate instead of showing the error page.",
                "Remove TESTING from instance/config.py and the ROUNDTABLE_ environment.",
            )
        )
    return problems


def check_secret_key(app: Flask) -> list[Problem]:
    fix = (
        "Run `flask setup`, which writes a random key to instance/config.py, or set "
        'ROUNDTABLE_SECRET_KEY to the output of `python3 -c "import secrets; '
        'print(secrets.token_hex(32))"`.'
    )
    if app.config.get("SECRET_KEY_IS_EPHEMERAL") or not app.config.get("SECRET_KEY"):
        return [
            Problem(
                "secret-key-missing",
                "No SECRET_KEY is configured: each process makes up its own, so every "
                "restart signs everybody out and gunicorn workers reject each other's forms.",
                fix,
            )
        ]
    key = app.config["SECRET_KEY"]
    if isinstance(key, bytes):
        key = key.decode("latin-1")
    lowered = key.lower()
    if (
        len(key) < MIN_SECRET_KEY_LENGTH
        or len(set(key)) < 8
        or any(word in lowered for word in PLACEHOLDER_WORDS)
    ):
        return [
            Problem(
                "secret-key-weak",
                f"SECRET_KEY is weak: it should be at least {MIN_SECRET_KEY_LENGTH} random "
                "characters and not a placeholder, or anyone can forge a session.",
                fix,
            )
        ]
    return []


def check_cookies(app: Flask) -> list[Problem]:
    config = app.config
    problems = []
    for prefix in ("SESSION", "REMEMBER"):
        if not config.get(f"{prefix}_COOKIE_SECURE"):
            problems.append(
                Problem(
                    f"{prefix.lower()}-cookie-insecure",
                    f"{prefix}_COOKIE_SECURE is off: the browser also sends the cookie over "
                    "plain HTTP, where anyone on the network can read and reuse it.",
                    f"Serve over HTTPS and set {prefix}_COOKIE_SECURE = True "
                    f"(ROUNDTABLE_{prefix}_COOKIE_SECURE=true).",
                )
            )
        if not config.get(f"{prefix}_COOKIE_HTTPONLY"):
            problems.append(
                Problem(
                    f"{prefix.lower()}-cookie-script-readable",
                    f"{prefix}_COOKIE_HTTPONLY is off: a script injected into a page could "
                    "read the cookie.",
                    f"Remove the {prefix}_COOKIE_HTTPONLY override (the default is True).",
                )
            )
        if config.get(f"{prefix}_COOKIE_SAMESITE") not in ("Lax", "Strict"):
            problems.append(
                Problem(
                    f"{prefix.lower()}-cookie-samesite",
                    f"{prefix}_COOKIE_SAMESITE is not Lax or Strict: other sites can send "
                    "requests that carry the cookie.",
                    f'Set {prefix}_COOKIE_SAMESITE = "Lax" (the default).',
                )
            )
    return problems


def check_csrf(app: Flask) -> list[Problem]:
    if app.config.get("WTF_CSRF_ENABLED", True):
        return []
    return [
        Problem(
            "csrf-off",
            "WTF_CSRF_ENABLED is off: another site can submit forms in a signed-in "
            "coordinator's name.",
            "Remove the WTF_CSRF_ENABLED override (the default is True).",
        )
    ]


def check_https(app: Flask) -> list[Problem]:
    config = app.config
    if config.get("PREFERRED_URL_SCHEME") != "https":
        return [
            Problem(
                "https-off",
                "PREFERRED_URL_SCHEME is not https: links in feeds, the sitemap and "
                "redirects built outside a request point to plain HTTP.",
                'Serve over HTTPS and set PREFERRED_URL_SCHEME = "https" '
                "(ROUNDTABLE_PREFERRED_URL_SCHEME=https).",
            )
        ]
    if int(config.get("HSTS_SECONDS") or 0) <= 0:
        return [
            Problem(
                "hsts-off",
                "The site is served over HTTPS but HSTS_SECONDS is 0: a browser can still "
                "be downgraded to plain HTTP on its next visit.",
                "Set HSTS_SECONDS = 31536000 (one year; the default).",
            )
        ]
    return []


def check_site_address(app: Flask) -> list[Problem]:
    config = app.config
    if not config.get("TRUSTED_HOSTS"):
        return [
            Problem(
                "trusted-hosts-off",
                "TRUSTED_HOSTS is empty: the site answers whatever Host a request names, and "
                "builds the absolute links in its pages from it.",
                "Remove the TRUSTED_HOSTS override: SITE_URL's host is then the one trusted.",
            )
        ]
    if not config.get("SITE_URL"):
        return [
            Problem(
                "site-url-missing",
                "SITE_URL is not set: only requests to localhost are answered, and absolute "
                "links (hreflang, feeds, the sitemap) follow the Host each request names.",
                'Set SITE_URL = "https://your.domain" (ROUNDTABLE_SITE_URL=https://your.domain), '
                "the address readers use.",
            )
        ]
    return []


def check_content_security_policy(app: Flask) -> list[Problem]:
    policy = app.config.get("CONTENT_SECURITY_POLICY") or ""
    if not policy or "unsafe-inline" in policy or "unsafe-eval" in policy:
        return [
            Problem(
                "csp-weak",
                "CONTENT_SECURITY_POLICY is empty or allows unsafe-inline or unsafe-eval: "
                "an injected script would run.",
                "Remove the CONTENT_SECURITY_POLICY override (the default is strict).",
            )
        ]
    return []


def check_rate_limits(app: Flask) -> list[Problem]:
    if app.config.get("RATELIMIT_ENABLED", True):
        return []
    return [
        Problem(
            "throttling-off",
            "RATELIMIT_ENABLED is off: nothing slows down password guessing at /login.",
            "Remove the RATELIMIT_ENABLED override (the default is True).",
        )
    ]


def check_request_size(app: Flask) -> list[Problem]:
    if app.config.get("MAX_CONTENT_LENGTH"):
        return []
    return [
        Problem(
            "request-size-unlimited",
            "MAX_CONTENT_LENGTH is not set: one request can fill the disk or the memory.",
            "Set MAX_CONTENT_LENGTH, in bytes (the default is 25 MB).",
        )
    ]


def _writable_folder(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def check_sqlite_file(app: Flask) -> list[Problem]:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return []
    if not url.database or url.database == ":memory:":
        return [
            Problem(
                "sqlite-in-memory",
                "The database is an in-memory SQLite database: everything is lost when the "
                "process ends, and each worker has its own.",
                "Leave DATABASE_URL empty (SQLite in the instance folder) or point it at a file.",
            )
        ]
    database = Path(url.database)
    if not _writable_folder(database.parent):
        return [
            Problem(
                "sqlite-folder",
                f"The SQLite database's folder {database.parent} does not exist or cannot be "
                "written: SQLite writes its journal (-wal and -shm files) next to the database.",
                f"Create {database.parent} and give the user running Roundtable write access.",
            )
        ]
    if database.exists() and not os.access(database, os.R_OK | os.W_OK):
        return [
            Problem(
                "sqlite-file",
                f"The SQLite database {database} cannot be read and written by this user.",
                f"Give the user running Roundtable read and write access to {database}.",
            )
        ]
    return []


def check_upload_folder(app: Flask) -> list[Problem]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    if _writable_folder(folder) or (not folder.exists() and _writable_folder(folder.parent)):
        return []
    return [
        Problem(
            "upload-folder",
            f"The upload folder {folder} cannot be written: uploads would fail.",
            f"Create {folder} and give the user running Roundtable write access.",
        )
    ]


def check_instance_config_permissions(app: Flask) -> list[Problem]:
    config_file = Path(app.instance_path) / "config.py"
    if not config_file.exists():
        return []
    mode = config_file.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return [
            Problem(
                "instance-config-readable",
                f"{config_file} holds the secret key and other users of this machine can read it.",
                f"chmod 600 {config_file}",
            )
        ]
    return []


CHECKS: list[Check] = [
    check_debug,
    check_secret_key,
    check_cookies,
    check_csrf,
    check_https,
    check_site_address,
    check_content_security_policy,
    check_rate_limits,
    check_request_size,
    check_sqlite_file,
    check_upload_folder,
    check_instance_config_permissions,
]


def run_checks(app: Flask) -> list[Problem]:
    """Every problem every check finds, in the order of CHECKS."""
    return [problem for check in CHECKS for problem in check(app)]
