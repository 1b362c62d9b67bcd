"""The account area's rules: language, name, password, and the person's own contributions."""

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import joinedload, lazyload

from ..audit import record
from ..auth.services import hasher, set_password
from ..extensions import db
from ..models import Consultation, Contribution

#: Contributions listed per page of the account page.
PER_PAGE = 20


def set_locale(user, locale):
    """Remember the language on the account, so every device of the person uses it."""
    user.locale = locale


def rename(user, display_name):
    """Change the name shown with the person's contributions."""
    user.display_name = display_name.strip()
    record(user, "user.rename", user)
    db.session.flush()


def change_password(user, current_password, new_password):
    """Set a new password if the current one is right (ending every session); False otherwise."""
    try:
        hasher.verify(user.password_hash, current_password)
    except (VerificationError, InvalidHashError):
        record(user, "user.password_change_failed", user)
        return False
    set_password(user, new_password)
    db.session.flush()
    return True


def own_contributions(user, page):
    """One page of the person's ideas and comments, newest first, each with its consultation."""
    query = (
        db.select(Contribution)
        .filter_by(author_id=user.id)
        .options(joinedload(Contribution.consultation).options(lazyload(Consultation.partners)))
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
