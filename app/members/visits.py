"""When a person last opened the members' area."""

from datetime import datetime

from app.accounts.models import User, utcnow
from app.extensions import db
from app.members.models import MemberVisit


def record_visit(user: User) -> datetime | None:
    """Note that ``user`` opens the area now, and commit; return their previous visit."""
    visit = db.session.get(MemberVisit, user.id)
    previous = visit.visited_at if visit else None
    if visit is None:
        visit = MemberVisit(user_id=user.id)
        db.session.add(visit)
    visit.visited_at = utcnow()
    db.session.commit()
    return previous
