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

#: What a consultation is today, its status read with its dates (Consultation.phase).
PHASES = {
    "draft": _l("Draft"),
    "upcoming": _l("Opening soon"),
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

#: Why a moderator rejected, hid or suspended: the reason codes of ModerationDecision.
DECISION_REASONS = {
    "personal_information": _l("Personal information"),
    "abusive": _l("Abusive or hateful"),
    "spam": _l("Spam or advertising"),
    "off_topic": _l("Off topic"),
    "duplicate": _l("Duplicate"),
    "other": _l("Other reason"),
}

#: What the audit trail calls each recorded moderation act: the actions of ModerationDecision.
DECISIONS = {
    "approve": _l("Approved"),
    "reject": _l("Rejected"),
    "hide": _l("Hidden"),
    "restore": _l("Restored"),
    "redact": _l("Redacted"),
    "suspend": _l("Author suspended"),
    "appeal_upheld": _l("Appeal refused"),
    "appeal_overturned": _l("Appeal granted"),
}

#: Why an item is in the moderation queue, in the order the queue lists and filters them.
QUEUE_REASONS = {
    "flagged": _l("Flagged by participants"),
    "pre_moderation": _l("Awaiting pre-moderation"),
    "personal_information": _l("Personal information"),
    "abuse": _l("Abuse"),
    "spam": _l("Spam"),
    "appeal": _l("Appealed by the author"),
}

#: What each rule of automatic screening found (the rules of models/moderation.py's HOLD_RULES).
HOLD_RULES = {
    "email": _l("An email address"),
    "phone": _l("A phone number"),
    "sin": _l("A social insurance number"),
    "credit_card": _l("A credit card number"),
    "street_address": _l("A street address"),
    "health_card": _l("A health card number"),
    "abusive_language": _l("Abusive language"),
    "too_many_links": _l("Too many links"),
    "repeated_text": _l("Text repeated from earlier contributions"),
    "too_fast": _l("Written faster than a person types"),
}

#: A designer's public answer to an idea ("you said, we did"), in the order the outcome lists them.
RESPONSE_STATUSES = {
    "implemented": _l("Implemented"),
    "accepted": _l("Accepted"),
    "under_consideration": _l("Under consideration"),
    "not_feasible": _l("Not feasible"),
}

CONTRIBUTION_STATUSES = {
    "published": _l("Published"),
    "pending": _l("Awaiting review"),
    "rejected": _l("Rejected"),
    "hidden": _l("Hidden by a moderator"),
}

#: What a participant may say about themselves, with consent, for aggregate figures only.
PARTICIPANT_SEGMENTS = {
    "newcomer": _l("Newcomer to Canada"),
    "parent": _l("Parent or guardian"),
    "senior": _l("Senior (65 or older)"),
    "youth": _l("Youth (under 25)"),
    "disability": _l("Person with a disability"),
    "indigenous": _l("Indigenous (First Nations, Inuit or Métis)"),
    "rural_remote": _l("Living in a rural or remote area"),
    "business_owner": _l("Business owner"),
}

REGIONS = {
    "AB": _l("Alberta"),
    "BC": _l("British Columbia"),
    "MB": _l("Manitoba"),
    "NB": _l("New Brunswick"),
    "NL": _l("Newfoundland and Labrador"),
    "NS": _l("Nova Scotia"),
    "NT": _l("Northwest Territories"),
    "NU": _l("Nunavut"),
    "ON": _l("Ontario"),
    "PE": _l("Prince Edward Island"),
    "QC": _l("Quebec"),
    "SK": _l("Saskatchewan"),
    "YT": _l("Yukon"),
    "outside": _l("Outside Canada"),
}
