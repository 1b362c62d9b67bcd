"""Fixtures shared by these tests (clients come from tests/conftest.py)."""

import pytest


@pytest.fixture
def designer(make, org):
    return make.user(role="designer", organization=org)


@pytest.fixture
def service(make, org):
    """A service owned by `org`, whose designers describe it."""
    return make.service(organization=org)


@pytest.fixture
def consultation(make, org, service):
    return make.consultation(status="draft", lead=org, service=service, slug="newborn-registration")
