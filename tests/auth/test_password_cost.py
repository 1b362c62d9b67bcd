"""Passwords are hashed at Argon2id's strong cost in production; only the tests use the cheapest."""

from argon2 import profiles

from consult import create_app
from consult.auth import services
from tests.production import production_settings

STRONG = profiles.RFC_9106_LOW_MEMORY


def test_production_hashes_at_the_strong_cost(app):
    production = create_app("production", **production_settings(app))
    assert production.config["ARGON2_COST"] == {
        "time_cost": STRONG.time_cost, "memory_cost": STRONG.memory_cost,
        "parallelism": STRONG.parallelism}
    with production.app_context():
        made = services.hash_password("correct horse battery staple")
        assert made.startswith(f"$argon2id$v=19$m={STRONG.memory_cost},t={STRONG.time_cost},"
                               f"p={STRONG.parallelism}$")
        assert services.hasher.check_needs_rehash(made) is False
        assert services.dummy_hash().startswith(f"$argon2id$v=19$m={STRONG.memory_cost},")


def test_outside_an_app_the_cost_is_the_strong_one():
    assert services.hash_password("correct horse battery staple").startswith(
        f"$argon2id$v=19$m={STRONG.memory_cost},t={STRONG.time_cost},p={STRONG.parallelism}$")


def test_the_tests_hash_at_the_cheapest_cost(app):
    with app.app_context():
        assert services.hash_password("correct horse battery staple").startswith(
            "$argon2id$v=19$m=8,t=1,p=1$")
