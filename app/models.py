"""Every model of every feature, imported in one place.

The factory imports this module so that SQLAlchemy's metadata (and so Alembic's
autogenerate and the tests' ``create_all``) always knows the whole schema.
"""

from app.accounts.link_models import OneTimeLink
from app.accounts.models import SignInFailures, SignInSession, User
from app.accounts.second_factor_models import RecoveryCode, SecondFactor
from app.audit.models import AuditEvent
from app.decisions.models import Action, Decision
from app.editing.models import Revision
from app.editing.sharing import MemberShare
from app.export.publishing import PublishRun
from app.funding.models import FundingSource
from app.guideline.models import GuidelinePage, ProgressEntry
from app.jobs.models import FailedJob
from app.meetings.models import GovernanceBody, Meeting, Minutes, MinutesAmendment
from app.members.models import MemberVisit
from app.notifications.models import Notice, NotificationPreference, ReminderSent
from app.pages.models import Page
from app.partners.models import JoinApplication, Partner, PartnerSdg
from app.reports.models import Report
from app.site.models import Setting
from app.subscriptions.models import Subscriber
from app.translating.models import Translation
from app.uploads.models import Attachment

__all__ = [
    "Action",
    "Attachment",
    "AuditEvent",
    "Decision",
    "FailedJob",
    "FundingSource",
    "GovernanceBody",
    "GuidelinePage",
    "JoinApplication",
    "Meeting",
    "MemberShare",
    "MemberVisit",
    "Minutes",
    "MinutesAmendment",
    "OneTimeLink",
    "Notice",
    "NotificationPreference",
    "Partner",
    "PartnerSdg",
    "Page",
    "ProgressEntry",
    "PublishRun",
    "RecoveryCode",
    "ReminderSent",
    "Report",
    "Revision",
    "SecondFactor",
    "Setting",
    "SignInFailures",
    "SignInSession",
    "Subscriber",
    "Translation",
    "User",
]
