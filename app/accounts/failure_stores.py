"""Where failed sign-ins are counted: the database, or Redis when one is configured.

Both count atomically, so that two workers counting the same key at once both count, and
both forget a key LOGIN_FAILURES_FORGOTTEN_AFTER seconds after its last failure.
"""

from datetime import UTC, datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from app.accounts.models import SignInFailures
from app.extensions import db


class FailureStore(Protocol):
    def read(self, keys: list[str]) -> dict[str, tuple[int, datetime]]:
        """Failure count and time of the last failure of each key that has any."""

    def count(self, key: str, now: datetime) -> int:
        """Count one failure under ``key`` at ``now``; its count since it was forgotten."""

    def forget(self, keys: list[str]) -> None: ...


def forgotten_after() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_FAILURES_FORGOTTEN_AFTER"])


class DatabaseFailures:
    """Counts in the ``sign_in_failures`` table; the caller commits."""

    def read(self, keys: list[str]) -> dict[str, tuple[int, datetime]]:
        cutoff = datetime.now(UTC) - forgotten_after()
        rows = db.session.execute(
            select(SignInFailures.key, SignInFailures.failures, SignInFailures.last_failure_at)
            .where(SignInFailures.key.in_(keys))
            .where(SignInFailures.last_failure_at >= cutoff)
        )
        return {key: (failures, last) for key, failures, last in rows}

    def count(self, key: str, now: datetime) -> int:
        table = SignInFailures.__table__
        cutoff = now - forgotten_after()
        # One upsert statement: concurrent workers cannot both start the count at 1.
        insert = (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert
        statement = (
            insert(table)
            .values(key=key, failures=1, last_failure_at=now)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "failures": case(
                        (table.c.last_failure_at < cutoff, 1), else_=table.c.failures + 1
                    ),
                    "last_failure_at": now,
                },
            )
            .returning(table.c.failures)
        )
        failures = db.session.execute(statement).scalar_one()
        # Counts of keys nobody tried for a day are pruned as new ones come, so that
        # guesses at made-up emails do not grow the table for ever.
        db.session.execute(delete(SignInFailures).where(SignInFailures.last_failure_at < cutoff))
        return failures

    def forget(self, keys: list[str]) -> None:
        db.session.execute(delete(SignInFailures).where(SignInFailures.key.in_(keys)))


class RedisFailures:
    """Counts in Redis hashes that expire by themselves."""

    def __init__(self, url: str, prefix: str):
        import redis  # only needed, and only installed, when Redis is configured

        self.client = redis.Redis.from_url(url)
        self.prefix = f"{prefix}:sign-in-failures:"

    def read(self, keys: list[str]) -> dict[str, tuple[int, datetime]]:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hmget(self.prefix + key, "failures", "last")
        counts = {}
        for key, (failures, last) in zip(keys, pipe.execute(), strict=True):
            if failures is not None and last is not None:
                counts[key] = (int(failures), datetime.fromtimestamp(float(last), UTC))
        return counts

    def count(self, key: str, now: datetime) -> int:
        name = self.prefix + key
        pipe = self.client.pipeline(transaction=True)
        pipe.hincrby(name, "failures", 1)
        pipe.hset(name, "last", repr(now.timestamp()))
        pipe.expire(name, int(forgotten_after().total_seconds()))
        failures, _set, _expire = pipe.execute()
        return int(failures)

    def forget(self, keys: list[str]) -> None:
        if keys:
            self.client.delete(*(self.prefix + key for key in keys))


def uses_redis(app) -> bool:
    return urlsplit(app.config["RATELIMIT_STORAGE_URI"]).scheme in {"redis", "rediss"}


def failure_store() -> FailureStore:
    """The app's store: Redis if RATELIMIT_STORAGE_URI names one, else the database."""
    app = current_app._get_current_object()
    if not uses_redis(app):
        return DatabaseFailures()
    stores = app.extensions.setdefault("sign_in_failures", {})
    if "redis" not in stores:
        config = app.config
        stores["redis"] = RedisFailures(
            config["RATELIMIT_STORAGE_URI"], config["RATELIMIT_KEY_PREFIX"]
        )
    return stores["redis"]
