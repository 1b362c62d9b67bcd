"""Fixtures for notifications: a reported consultation and notifications to read."""

import pytest

from consult.models import Notification


@pytest.fixture
def consultation(make):
    return make.consultation(status="reported", slug="newborn-registration")


@pytest.fixture
def notify(db):
    """`notify(user, consultation, n=1, idea=None)`: add n unread notifications for `user`."""

    def add(user, consultation, n=1, idea=None):
        rows = [Notification(user_id=user.id, consultation_id=consultation.id,
                             kind="idea_response" if idea else "outcome_published",
                             idea_id=idea.id if idea else None) for _ in range(n)]
        db.session.add_all(rows)
        db.session.commit()
        return rows

    return add
