"""Notification emails: drawn in each person's language, sent after the commit over one connection."""

from collections import defaultdict

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mail import Message

from ..mail import external_url, send_messages
from ..web.language import localized
from . import services


def _by_language(recipients):
    """{language: [email, ...]}: each person's own language, else the site's default."""
    languages = current_app.config["LANGUAGES"]
    grouped = defaultdict(list)
    for email, locale in recipients:
        grouped[locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]].append(email)
    return grouped


def _messages(recipients, draw):
    """One message per person; subject and body drawn once per language by `draw()`."""
    messages = []
    for language, emails in _by_language(recipients).items():
        with force_locale(language):
            subject, body = draw()
        messages.extend(Message(subject=subject, recipients=[email], body=body) for email in emails)
    return messages


def _in_both_languages(draw):
    """(subject, body) in every language of the site, for someone whose language we do not know."""
    drawn = []
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            drawn.append(draw())
    return " / ".join(subject for subject, _body in drawn), "\n\n----------\n\n".join(body for _s, body in drawn)


def send_outcome_published(consultation):
    """Email the consultation's participants that its outcome is published, and the people
    recorded by intake who gave an email address (in both languages); failures are logged."""
    link = external_url("outcomes.outcome_detail", slug=consultation.slug)

    def draw(template="notifications/email/outcome_published.txt"):
        title = str(localized(consultation, "title"))
        return (_("What we did with what you said: %(title)s", title=title),
                render_template(template, title=title, link=link))

    messages = _messages(services.outcome_recipients(consultation), draw)
    contacts = services.outcome_contact_emails(consultation)
    if contacts:
        subject, body = _in_both_languages(lambda: draw("notifications/email/outcome_published_intake.txt"))
        messages.extend(Message(subject=subject, recipients=[email], body=body) for email in contacts)
    return send_messages(messages)


def send_idea_response(idea):
    """Email the idea's author that a designer answered it; failures are logged."""
    recipient = services.response_recipient(idea)
    if recipient is None:
        return 0
    link = external_url("contributions.idea_detail", slug=idea.consultation.slug, idea_id=idea.id)

    def draw():
        return (_("Your idea has a response: %(title)s", title=idea.title),
                render_template("notifications/email/idea_response.txt", idea=idea, link=link))

    return send_messages(_messages([recipient], draw))
