"""Every model, imported here so that Alembic and the app see them all."""

from .audit import AuditEvent, AuditEventOrganization
from .consultations import Consultation, consultation_partners
from .contributions import Comment, Contribution, Idea, IntakeContact
from .engagement import Flag, Participant, Vote
from .jobs import JobRun
from .moderation import Appeal, Hold, ModerationDecision
from .notifications import EmailOptOut, Notification
from .organizations import Membership, Organization
from .outcomes import Outcome, Response
from .services import Service, ServiceTag
from .summaries import SummaryCache
from .users import User

__all__ = [
    "Appeal", "AuditEvent", "AuditEventOrganization", "Comment", "Hold", "ModerationDecision", "Consultation", "Participant", "Contribution", "Flag", "Idea", "IntakeContact", "Membership",
    "Organization", "Service", "ServiceTag", "SummaryCache", "User", "Vote", "consultation_partners",
    "EmailOptOut", "JobRun", "Notification", "Outcome", "Response",
]
