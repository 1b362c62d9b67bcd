"""The fixed vocabularies of the domain, with their translated labels."""

from flask_babel import lazy_gettext as _l

LEVELS = {
    "federal": _l("Federal"),
    "provincial": _l("Provincial"),
    "territorial": _l("Territorial"),
    "municipal": _l("Municipal"),
    "indigenous": _l("Indigenous"),
    "community": _l("Community"),
}

ROLES = {
    "designer": _l("Service designer"),
    "moderator": _l("Moderator"),
    "intake": _l("Intake staff"),
    "admin": _l("Organisation administrator"),
}

LIFE_EVENTS = {
    "having_a_child": _l("Having a child"),
    "starting_a_business": _l("Starting a business"),
    "moving": _l("Moving"),
    "retiring": _l("Retiring"),
    "arriving_in_canada": _l("Arriving in Canada"),
    "learning_to_drive": _l("Learning to drive"),
    "losing_a_loved_one": _l("Losing a loved one"),
    "finding_work": _l("Finding work"),
}

SEGMENTS = {
    "newcomers": _l("Newcomers"),
    "parents": _l("Parents"),
    "seniors": _l("Seniors"),
    "youth": _l("Youth"),
    "businesses": _l("Businesses"),
    "indigenous_peoples": _l("Indigenous peoples"),
    "rural_remote": _l("Rural and remote residents"),
    "people_with_disabilities": _l("People with disabilities"),
}

CHANNELS = {
    "web": _l("Online"),
    "phone": _l("By phone"),
    "in_person": _l("In person"),
    "mail": _l("By mail"),
    "email": _l("By email"),
    "workshop": _l("At a workshop"),
}

#: Channels through which a service itself is delivered (not how input arrived).
SERVICE_CHANNELS = {
    "online": _l("Online"),
    "phone": _l("Phone"),
    "in_person": _l("In person"),
    "mail": _l("Mail"),
}

TAG_KINDS = {"life_event": LIFE_EVENTS, "segment": SEGMENTS, "channel": SERVICE_CHANNELS}

STATUSES = {
    "draft": _l("Draft"),
    "open": _l("Open"),
    "closed": _l("Closed"),
    "reported": _l("Reported"),
}

MODERATION_MODES = {
    "post": _l("Post-moderation: published at once, reviewed when flagged"),
    "pre": _l("Pre-moderation: reviewed before anyone else sees it"),
}

FLAG_REASONS = {
    "spam": _l("Spam or advertising"),
    "abusive": _l("Abusive or hateful"),
    "personal_information": _l("Contains personal information"),
    "off_topic": _l("Off topic"),
}

CONTRIBUTION_STATUSES = {
    "published": _l("Published"),
    "pending": _l("Awaiting review"),
    "rejected": _l("Rejected"),
    "hidden": _l("Hidden by a moderator"),
}
