"""A form sent without a valid CSRF token is refused, and what was typed is kept."""

from consult.models import User
from tests.conftest import page_text


def test_login_without_a_token_shows_the_session_expired_page(client, make):
    make.user(email="ana@example.ca")

    response = client.post("/auth/login", {"email": "ana@example.ca", "password": "secret words"},
                           csrf=False)

    assert response.status_code == 400
    assert "Your session expired" in page_text(response)
    html = response.get_data(as_text=True)
    assert 'name="email" value="ana@example.ca"' in html
    assert 'action="/auth/login"' in html
    assert "secret words" not in html


def test_a_wrong_token_is_refused_too(client, db):
    response = client.post("/auth/register", {"csrf_token": "forged", "email": "ana@example.ca",
                                              "display_name": "Ana", "password": "long enough pw",
                                              "confirm": "long enough pw"})

    assert response.status_code == 400
    assert db.session.scalar(db.select(User)) is None
