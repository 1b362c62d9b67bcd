"""Fixtures shared by these tests (clients come from tests/conftest.py)."""

import pytest


@pytest.fixture
def org_admin(make, org):
    return make.user(role="admin", organization=org)


@pytest.fixture
def site_admin(make):
    return make.user(site_admin=True)
