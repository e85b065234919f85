"""`flask check-deploy`: each check alone, then the command as a host runs it."""

import os
from pathlib import Path

import pytest

from app.security import checks
from tests.conftest import make_app

GOOD_KEY = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d1f"

# Settings that pass every check: what a careful host sets in production.
PRODUCTION = {
    "TESTING": False,
    "SECRET_KEY": GOOD_KEY,
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "PREFERRED_URL_SCHEME": "https",
    "SITE_URL": "https://partnership.example.org",
}


def production_app(tmp_path, **overrides):
    return make_app(tmp_path / "instance", **{**PRODUCTION, **overrides})


def codes(problems) -> list[str]:
    return [problem.code for problem in problems]


def test_production_settings_pass_every_check(tmp_path):
    assert checks.run_checks(production_app(tmp_path)) == []


@pytest.mark.parametrize(
    ("check", "overrides", "expected"),
    [
        (checks.check_debug, {"DEBUG": True}, ["debug"]),
        (checks.check_debug, {"TESTING": True}, ["testing"]),
        (checks.check_secret_key, {"SECRET_KEY": "short"}, ["secret-key-weak"]),
        (checks.check_secret_key, {"SECRET_KEY": "a" * 64}, ["secret-key-weak"]),
        (
            checks.check_secret_key,
            {"SECRET_KEY": "test secret key, not for production"},
            ["secret-key-weak"],
        ),
        (checks.check_secret_key, {"SECRET_KEY": "change-me-" + GOOD_KEY}, ["secret-key-weak"]),
        (checks.check_secret_key, {"SECRET_KEY": GOOD_KEY.encode()}, []),
        (checks.check_cookies, {"SESSION_COOKIE_SECURE": False}, ["session-cookie-insecure"]),
        (checks.check_cookies, {"REMEMBER_COOKIE_SECURE": False}, ["remember-cookie-insecure"]),
        (
            checks.check_cookies,
            {"SESSION_COOKIE_HTTPONLY": False},
            ["session-cookie-script-readable"],
        ),
        (checks.check_cookies, {"REMEMBER_COOKIE_SAMESITE": "None"}, ["remember-cookie-samesite"]),
        (checks.check_cookies, {"SESSION_COOKIE_SAMESITE": "Strict"}, []),
        (checks.check_csrf, {"WTF_CSRF_ENABLED": False}, ["csrf-off"]),
        (checks.check_https, {"PREFERRED_URL_SCHEME": "http"}, ["https-off"]),
        (checks.check_https, {"HSTS_SECONDS": 0}, ["hsts-off"]),
        (checks.check_site_address, {"SITE_URL": ""}, ["site-url-missing"]),
        (checks.check_site_address, {"TRUSTED_HOSTS": []}, ["trusted-hosts-off"]),
        (
            checks.check_content_security_policy,
            {"CONTENT_SECURITY_POLICY": "script-src 'self' 'unsafe-inline'"},
            ["csp-weak"],
        ),
        (checks.check_content_security_policy, {"CONTENT_SECURITY_POLICY": ""}, ["csp-weak"]),
        (checks.check_rate_limits, {"RATELIMIT_ENABLED": False}, ["throttling-off"]),
        (checks.check_request_size, {"MAX_CONTENT_LENGTH": 0}, ["request-size-unlimited"]),
        (checks.check_sqlite_file, {"DATABASE_URL": "sqlite://"}, ["sqlite-in-memory"]),
        (
            checks.check_sqlite_file,
            {"DATABASE_URL": "sqlite:////no/such/folder/rt.sqlite3"},
            ["sqlite-folder"],
        ),
        (checks.check_sqlite_file, {"DATABASE_URL": "postgresql://u@h/db"}, []),
        (
            checks.check_upload_folder,
            {"UPLOAD_FOLDER": "/no/such/folder/uploads"},
            ["upload-folder"],
        ),
    ],
)
def test_each_check_finds_its_problem_alone(tmp_path, check, overrides, expected):
    app = production_app(tmp_path, **overrides)
    assert codes(check(app)) == expected
    # ...and the same setting trips no other check.
    others = [c for c in checks.CHECKS if c is not check]
    assert [code for other in others for code in codes(other(app))] == []


def test_a_missing_secret_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("ROUNDTABLE_SECRET_KEY", raising=False)
    app = production_app(tmp_path, SECRET_KEY=None)
    assert app.config["SECRET_KEY_IS_EPHEMERAL"]
    assert codes(checks.check_secret_key(app)) == ["secret-key-missing"]


def test_a_sqlite_database_this_user_cannot_write_is_refused(tmp_path, monkeypatch):
    app = production_app(tmp_path)
    database = tmp_path / "instance" / "roundtable.sqlite3"
    database.write_bytes(b"")
    real_access = os.access
    # The tests may run as root, who can write anything: pretend to be another user.
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path) != database and real_access(path, mode)
    )
    assert codes(checks.check_sqlite_file(app)) == ["sqlite-file"]


def test_an_instance_config_others_can_read_is_refused(tmp_path):
    app = production_app(tmp_path)
    config_file = tmp_path / "instance" / "config.py"
    config_file.write_text(f'SECRET_KEY = "{GOOD_KEY}"\n')
    config_file.chmod(0o644)
    assert codes(checks.check_instance_config_permissions(app)) == ["instance-config-readable"]
    config_file.chmod(0o600)
    assert checks.check_instance_config_permissions(app) == []


def test_every_problem_says_how_to_fix_it(tmp_path):
    app = production_app(
        tmp_path, DEBUG=True, SECRET_KEY="x", SESSION_COOKIE_SECURE=False, HSTS_SECONDS=0
    )
    problems = checks.run_checks(app)
    assert len(problems) >= 3
    assert all(problem.message and problem.fix for problem in problems)


def test_the_command_fails_listing_each_problem_with_its_fix(tmp_path):
    app = production_app(tmp_path, SESSION_COOKIE_SECURE=False, SECRET_KEY="dev")
    result = app.test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 1
    assert "[secret-key-weak]" in result.output
    assert "[session-cookie-insecure]" in result.output
    assert "Fix: Serve over HTTPS and set SESSION_COOKIE_SECURE = True" in result.output
    assert "2 problem(s) found" in result.output


def test_the_command_passes_good_settings(tmp_path):
    result = production_app(tmp_path).test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 0, result.output
    assert "No problems found" in result.output
    # Sign-in counts are in the database, which every worker shares: nothing to add.
    assert "Note:" not in result.output


def test_the_development_defaults_are_refused(tmp_path, monkeypatch):
    """What `flask setup` leaves is right for a laptop, and not enough for a server."""
    monkeypatch.delenv("ROUNDTABLE_SECRET_KEY", raising=False)
    app = make_app(tmp_path, TESTING=False, SECRET_KEY=None)
    found = set(codes(checks.run_checks(app)))
    expected = {"secret-key-missing", "session-cookie-insecure", "https-off", "site-url-missing"}
    assert expected <= found
