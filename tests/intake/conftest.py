"""The cast of the intake tests: a lead organisation, a partner, their intake staff, a consultation."""

import pytest


@pytest.fixture
def consultation(make, org, partner):
    return make.consultation(lead=org, partners=[partner], slug="newborn-registration")


@pytest.fixture
def staff(make, org):
    return make.user(role="intake", organization=org, name="Iris Intake")
