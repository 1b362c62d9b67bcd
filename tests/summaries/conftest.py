"""Fixtures for the summary: a consultation, its designer, and helpers to vote and to read it."""

from datetime import UTC, datetime

import pytest

from consult.contributions.services import cast_vote


@pytest.fixture
def designer(make, org):
    return make.user(role="designer", organization=org)


@pytest.fixture
def consultation(make, org):
    return make.consultation(status="open", lead=org, slug="newborn-registration")


@pytest.fixture
def vote(db):
    """vote(idea, person, +1 or -1): through the service, so the idea's counters move as in life."""

    def cast(idea, person, value):
        cast_vote(idea, person, value)
        db.session.commit()

    return cast


def on(day):
    """Noon UTC on 2026-03-`day`."""
    return datetime(2026, 3, day, 12, tzinfo=UTC)
