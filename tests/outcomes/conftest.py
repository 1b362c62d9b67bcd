"""Fixtures for closing the loop: a closed consultation, its designers, the people around it."""

import pytest

from consult.models import Vote
from tests.manage import roles

#: Everyone a closing-the-loop page must decide about.
ROLES = ("visitor", "citizen", "intake", "moderator", "designer", "partner_designer",
         "other_designer", "org_admin", "site_admin")
DESIGNERS = {"designer", "partner_designer"}


@pytest.fixture
def partner(make):
    return make.organization(name="City of Iqaluit", level="municipal")


@pytest.fixture
def designer(make, org):
    return make.user(role="designer", organization=org)


@pytest.fixture
def consultation(make, org, partner):
    return make.consultation(status="closed", lead=org, partners=[partner], slug="newborn-registration")


@pytest.fixture
def idea(make, consultation):
    return make.idea(consultation, title="Register births online")


@pytest.fixture
def person(make, org, partner):
    """`person(role)`: someone holding `role` towards the consultation; None for a visitor."""

    def build(role):
        if role == "partner_designer":
            return make.user(role="designer", organization=partner)
        return roles.person(make, role, org)

    return build


@pytest.fixture
def vote(db):
    def cast(idea, user, value=1):
        db.session.add(Vote(idea_id=idea.id, user_id=user.id, value=value))
        db.session.commit()

    return cast
