"""Mailing notices: each at once, or a user's pending ones in their daily digest."""

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from app.accounts.models import User, utcnow
from app.extensions import db
from app.mail import send_mail
from app.notifications.kinds import Delivery
from app.notifications.models import Notice


def claim(notices: list[Notice], now: datetime) -> list[Notice]:
    """Those of ``notices`` this process is to mail, marked sent and committed.

    Each is taken by a conditional update, so that two workers at once (the job queued
    after a commit, and the hourly round) never mail one notice twice.
    """
    claimed = []
    for notice in notices:
        taken = db.session.execute(
            update(Notice)
            .where(Notice.id == notice.id, Notice.sent_at.is_(None))
            .values(sent_at=now)
        )
        if taken.rowcount == 1:
            claimed.append(notice)
    db.session.commit()
    return claimed


def send_waiting_notices() -> int:
    """Mail every notice waiting to be sent at once, one mail each; returns how many."""
    waiting = db.session.scalars(
        select(Notice)
        .where(Notice.delivery == Delivery.IMMEDIATELY.value, Notice.sent_at.is_(None))
        .order_by(Notice.id)
    ).all()
    claimed = claim(list(waiting), utcnow())
    for notice in claimed:
        user = db.session.get(User, notice.user_id)
        send_mail(user.email, "notifications/notice", language=user.language, notice=notice)
    return len(claimed)


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def digests_due(now: datetime) -> list[int]:
    """The users with notices pending for their digest who have had none today, once the
    day's digest hour (``NOTIFICATION_DIGEST_HOUR``, UTC) has come."""
    if now.hour < current_app.config["NOTIFICATION_DIGEST_HOUR"]:
        return []
    pending = set(
        db.session.scalars(
            select(Notice.user_id).where(
                Notice.delivery == Delivery.DAILY.value, Notice.sent_at.is_(None)
            )
        )
    )
    last_sent = dict(
        db.session.execute(
            select(Notice.user_id, func.max(Notice.sent_at))
            .where(Notice.delivery == Delivery.DAILY.value, Notice.user_id.in_(pending))
            .group_by(Notice.user_id)
        ).all()
    )
    today = _naive(now).date()
    return sorted(
        user_id
        for user_id in pending
        if last_sent.get(user_id) is None or _naive(last_sent[user_id]).date() < today
    )


def send_digest(user: User, now: datetime) -> int:
    """Mail ``user`` one message listing their pending digest notices (marked sent, and
    committed); returns how many it listed."""
    pending = db.session.scalars(
        select(Notice)
        .where(
            Notice.user_id == user.id,
            Notice.delivery == Delivery.DAILY.value,
            Notice.sent_at.is_(None),
        )
        .order_by(Notice.id)
    ).all()
    notices = claim(list(pending), now)
    if notices:
        send_mail(user.email, "notifications/digest", language=user.language, notices=notices)
    return len(notices)


def send_due_digests(now: datetime | None = None) -> int:
    """Send the digests due at ``now``; returns how many mails were sent."""
    now = now or utcnow()
    sent = 0
    for user_id in digests_due(now):
        user = db.session.get(User, user_id)
        if user is not None and send_digest(user, now):
            sent += 1
    return sent
