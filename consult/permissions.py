"""Named permission rules, defined once and used by routes and templates alike."""

import logging

from flask import abort
from flask_login import current_user

from .visibility import in_public_place, is_live

log = logging.getLogger(__name__)

RULES = {}


def rule(name):
    """Register the decorated predicate `(user, obj) -> bool` under `name`."""

    def register(predicate):
        RULES[name] = predicate
        return predicate

    return register


def can(user, name, obj=None):
    """Whether `user` (possibly anonymous) may do `name` to `obj`."""
    return bool(RULES[name](user, obj))


def require(name, obj=None):
    """Stop the request with 403 unless the current user may do `name` to `obj`."""
    if not can(current_user, name, obj):
        log.warning("permission refused: %s on %s %s, user %s", name, type(obj).__name__,
                    getattr(obj, "id", ""), getattr(current_user, "id", "anonymous"))
        abort(403)


def _signed_in(user):
    return user.is_authenticated


def _may_take_part(user):
    """Signed in and not suspended by a moderator."""
    return _signed_in(user) and not user.is_suspended


def _has_role(user, role, organization_ids):
    return _signed_in(user) and role in user.roles_in(organization_ids)


def _staff_of(user, consultation):
    return _signed_in(user) and bool(user.roles_in(consultation.organization_ids))


def _is_author(user, contribution):
    return _signed_in(user) and contribution.author_id == user.id


def _live(contribution):
    """Published, not deleted, under nothing hidden (its idea and thread): see visibility.py."""
    return is_live(contribution) and in_public_place(contribution)


@rule("consultation.view")
def _view_consultation(user, consultation):
    return consultation.is_public or _staff_of(user, consultation)


@rule("consultation.create")
def _create_consultation(user, _):
    return _signed_in(user) and bool(user.organizations_with_role("designer"))


@rule("consultation.edit")
def _edit_consultation(user, consultation):
    return _has_role(user, "designer", consultation.organization_ids)


@rule("consultation.change_organizations")
def _change_organizations(user, consultation):
    """Changes the lead and the partners: a designer of the lead organisation, or a site admin."""
    return _signed_in(user) and (
        user.is_site_admin or "designer" in user.roles_in({consultation.lead_organization_id})
    )


@rule("service.create")
def _create_service(user, _):
    return _create_consultation(user, None)


@rule("service.edit")
def _edit_service(user, service):
    """Describes a service: a designer of the organisation that owns it, or a site admin."""
    return _signed_in(user) and (
        user.is_site_admin
        or (service.organization_id is not None
            and "designer" in user.roles_in({service.organization_id}))
    )


@rule("manage.access")
def _manage_access(user, _):
    return _create_consultation(user, None)


@rule("comment.create")
def _create_comment(user, consultation):
    return _may_take_part(user) and consultation.allows("comment")


@rule("idea.comment")
def _comment_on_idea(user, idea):
    """Comments under an idea: only a live one (a held, rejected or hidden idea takes none)."""
    return _create_comment(user, idea.consultation) and _live(idea)


@rule("idea.create")
def _create_idea(user, consultation):
    return _may_take_part(user) and consultation.allows("idea")


@rule("comment.reply")
def _reply(user, comment):
    return _create_comment(user, comment.consultation) and _live(comment)


@rule("idea.vote")
def _vote(user, idea):
    return _may_take_part(user) and is_live(idea) and idea.consultation.allows("vote")


@rule("contribution.flag")
def _flag(user, contribution):
    return (
        _may_take_part(user)
        and not _is_author(user, contribution)
        and _live(contribution)
        and contribution.consultation.allows("flag")
    )


@rule("contribution.edit")
def _edit_contribution(user, contribution):
    return (
        _is_author(user, contribution)
        and not contribution.is_deleted
        and contribution.consultation.allows("edit")
    )


@rule("contribution.delete")
def _delete_contribution(user, contribution):
    return _edit_contribution(user, contribution)


@rule("admin.access")
def _admin_access(user, _):
    return _signed_in(user) and (user.is_site_admin or bool(user.organizations_with_role("admin")))


@rule("organization.create")
def _create_organization(user, _):
    return _signed_in(user) and user.is_site_admin


@rule("organization.edit")
def _edit_organization(user, organization):
    return _signed_in(user) and (
        user.is_site_admin or organization.id in user.organizations_with_role("admin")
    )


@rule("organization.activity")
def _read_activity(user, organization):
    """Reads an organisation's activity log: its admins and site admins."""
    return _edit_organization(user, organization)


@rule("membership.manage")
def _manage_memberships(user, organization):
    return _edit_organization(user, organization)


@rule("membership.delete")
def _delete_membership(user, membership):
    """Who manages the organisation's roles may remove one, but not their own administrator role."""
    own_admin_role = _signed_in(user) and membership.user_id == user.id and membership.role == "admin"
    return _manage_memberships(user, membership.organization) and (
        user.is_site_admin or not own_admin_role
    )


@rule("moderation.access")
def _moderation_access(user, _):
    """Sees the moderation queue: a moderator of at least one organisation."""
    return _signed_in(user) and bool(user.organizations_with_role("moderator"))


@rule("contribution.moderate")
def _moderate(user, contribution):
    """Decides on a contribution: a moderator of its consultation's lead or partner organisation,
    other than its author (another moderator decides on a moderator's own words, as on appeals)."""
    return (_has_role(user, "moderator", contribution.consultation.organization_ids)
            and not _is_author(user, contribution))


@rule("appeal.decide")
def _decide_appeal(user, appeal_and_rejecter):
    """An appeal goes to a moderator other than the one who rejected the contribution.

    `appeal_and_rejecter` is (contribution, id of the moderator whose decision is appealed).
    """
    contribution, rejecter_id = appeal_and_rejecter
    return _moderate(user, contribution) and user.id != rejecter_id


@rule("moderation.audit")
def _read_audit(user, organization):
    """Reads an organisation's moderation audit trail: its moderators and admins, site admins."""
    return _signed_in(user) and (
        user.is_site_admin or bool(user.roles_in({organization.id}) & {"moderator", "admin"})
    )


@rule("contribution.appeal")
def _appeal(user, contribution):
    """The author may appeal a rejection once."""
    return _is_author(user, contribution) and contribution.status == "rejected" and not contribution.is_deleted


@rule("intake.access")
def _intake_access(user, _):
    """Sees the intake area: intake staff of at least one organisation."""
    return _signed_in(user) and bool(user.organizations_with_role("intake"))


@rule("intake.record")
def _intake_record(user, consultation):
    """Records off-line input into a consultation of their organisation while it is open."""
    return _has_role(user, "intake", consultation.organization_ids) and consultation.is_open


@rule("intake.follow_up")
def _intake_follow_up(user, consultation):
    """Sees who left contact details on the consultation's intake, to tell them of its outcome:
    its intake staff and designers (lead or partner), whatever its status."""
    ids = consultation.organization_ids
    return _has_role(user, "intake", ids) or _has_role(user, "designer", ids)


@rule("consultation.summary")
def _read_summary(user, consultation):
    """Reads the summary dashboard and downloads the exports: the consultation's designers."""
    return _edit_consultation(user, consultation)


@rule("idea.respond")
def _respond_to_idea(user, idea):
    """Answers an idea publicly ("you said, we did"): a designer of its consultation."""
    return _edit_consultation(user, idea.consultation)


@rule("outcome.publish")
def _publish_outcome(user, consultation):
    """Writes and publishes the outcome report: a designer, once the consultation is closed or reported."""
    return _edit_consultation(user, consultation) and consultation.status in {"closed", "reported"}


@rule("notification.read")
def _read_notification(user, notification):
    return _signed_in(user) and notification.user_id == user.id
