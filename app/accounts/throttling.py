"""Sign-in throttling: a growing wait after failed sign-ins, never a lockout of the owner.

Failures are counted under keys of three kinds:

- ``address:<ip>``: one client address (an IPv6 /64 as one), whichever accounts it tries;
- ``account:<email>``: one email, whether an account has it or not, from browsers that
  have not signed in to it;
- ``device:<nonce>``: one browser holding a device cookie for the account it tries.

A known browser answers only for its own failures, so a stranger guessing at an account
slows down everyone but the owner's own browsers. After a key's free failures, each further
failure makes it wait ``LOGIN_DELAY_SECONDS``, doubled at each failure up to
``LOGIN_DELAY_MAX_SECONDS``. Counts live in the database, or in Redis when configured, so
that every worker sees the same ones.
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from app.accounts.failure_stores import failure_store
from app.accounts.models import utcnow


class TooManyAttempts(Exception):
    """An attempt came before the wait its failures imposed was over."""

    def __init__(self, seconds: int):
        super().__init__(f"wait {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class Key:
    name: str
    free: int  # failures before the first wait

    @property
    def kind(self) -> str:
        return self.name.partition(":")[0]


def is_enabled() -> bool:
    return current_app.config["RATELIMIT_ENABLED"]


def address_key(address: str) -> Key:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        name = address[:64]
    else:
        # One IPv6 subscriber usually holds a whole /64: counting each address apart would
        # give them 2**64 fresh starts.
        name = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    return Key(f"address:{name}", current_app.config["LOGIN_DELAY_AFTER_ADDRESS"])


def account_key(email: str) -> Key:
    return Key(f"account:{email[:254]}", current_app.config["LOGIN_DELAY_AFTER_ACCOUNT"])


def device_key(nonce: str) -> Key:
    return Key(f"device:{nonce}", current_app.config["LOGIN_DELAY_AFTER_DEVICE"])


def growing_delay(beyond: int, first_seconds: int, most_seconds: int) -> int:
    """Seconds to wait after the ``beyond``-th failure past the free ones (0 = the first):
    ``first_seconds``, doubled at each failure, never more than ``most_seconds``."""
    exponent = min(beyond, 32)  # 2**32 seconds is past any sensible maximum
    return min(first_seconds * 2**exponent, most_seconds)


def wait_after(failures: int, free: int) -> timedelta:
    """How long a key waits after its last failure, once it has ``failures`` of them."""
    if failures < free:
        return timedelta(0)
    config = current_app.config
    seconds = growing_delay(
        failures - free, config["LOGIN_DELAY_SECONDS"], config["LOGIN_DELAY_MAX_SECONDS"]
    )
    return timedelta(seconds=seconds)


def seconds_to_wait(keys: list[Key], now: datetime | None = None) -> int:
    """Whole seconds until every key in ``keys`` may try again; 0 if they may now."""
    if not is_enabled():
        return 0
    now = now or utcnow()
    counts = failure_store().read([key.name for key in keys])
    waits = [
        last + wait_after(failures, key.free) - now
        for key in keys
        if key.name in counts
        for failures, last in [counts[key.name]]
    ]
    longest = max(waits, default=timedelta(0))
    return max(0, math.ceil(longest.total_seconds()))


def count_failure(keys: list[Key]) -> list[tuple[Key, int, int]]:
    """Count one failure under each key; the keys that must now wait, with their failure
    count and wait in seconds (for the audit log)."""
    if not is_enabled():
        return []
    store = failure_store()
    waiting = []
    for key in keys:
        failures = store.count(key.name, utcnow())
        wait = wait_after(failures, key.free)
        if wait:
            waiting.append((key, failures, int(wait.total_seconds())))
    return waiting


def forget_failures(keys: list[Key]) -> None:
    failure_store().forget([key.name for key in keys])
