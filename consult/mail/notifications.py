"""Notification emails: drawn in each person's language, sent after the commit over one connection.

Who is told is the notifications area's rule: it passes the recipients in."""

from collections import defaultdict

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mail import Message

from ..web.language import localized
from .sending import external_url, send_messages


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


def send_outcome_published(consultation, recipients, contacts):
    """Email the participants, (email, locale) `recipients`, that the consultation's outcome is
    published, and the people recorded by intake who gave an email address, `contacts` (in both
    languages); failures are logged."""
    link = external_url("outcomes.outcome_detail", slug=consultation.slug)

    def draw(template="notifications/email/outcome_published.txt"):
        title = str(localized(consultation, "title"))
        return (_("What we did with what you said: %(title)s", title=title),
                render_template(template, title=title, link=link))

    messages = _messages(recipients, draw)
    if contacts:
        subject, body = _in_both_languages(lambda: draw("notifications/email/outcome_published_intake.txt"))
        messages.extend(Message(subject=subject, recipients=[email], body=body) for email in contacts)
    return send_messages(messages)


def send_idea_response(idea, recipient):
    """Email the idea's author, (email, locale) `recipient` or None, that a designer answered it;
    failures are logged."""
    if recipient is None:
        return 0
    link = external_url("contributions.idea_detail", slug=idea.consultation.slug, idea_id=idea.id)

    def draw():
        return (_("Your idea has a response: %(title)s", title=idea.title),
                render_template("notifications/email/idea_response.txt", idea=idea, link=link))

    return send_messages(_messages([recipient], draw))
