"""Every model, imported here so that Alembic and the app see them all."""

from .audit import AuditEvent
from .consultations import Consultation, consultation_partners
from .contributions import Comment, Contribution, Idea, IntakeContact
from .engagement import Flag, Vote
from .moderation import Appeal, Hold, ModerationDecision
from .organizations import Membership, Organization
from .services import Service, ServiceTag
from .users import User

__all__ = [
    "Appeal", "AuditEvent", "Comment", "Hold", "ModerationDecision", "Consultation", "Contribution", "Flag", "Idea", "IntakeContact", "Membership",
    "Organization", "Service", "ServiceTag", "User", "Vote", "consultation_partners",
]
