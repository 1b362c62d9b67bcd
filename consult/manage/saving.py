"""Saving a staff form once it is valid: one commit and a message, or the form again with the
reason it was refused. The manage and admin routes share it."""

from flask import flash
from flask_babel import gettext as _

from ..extensions import db
from .services import OrganizationsLocked, SlugTaken


def save_form(form, save, message, refused=None):
    """On a valid submission, `save()` then commit and flash `message`; return what was saved.

    None when the form is to be shown again: not submitted, not valid, its web address taken
    by another record while it was being checked (then an error on the slug field), or an
    organisation the person may not choose (then `refused`, (field, message), says so).
    """
    if not form.validate_on_submit():
        return None
    try:
        saved = save()
    except SlugTaken:
        form.slug.errors.append(_("This web address is already used. Choose another."))
        return None
    except OrganizationsLocked:
        field, refusal = refused
        field.errors = [*field.errors, refusal]
        return None
    db.session.commit()
    flash(message, "success")
    return saved
