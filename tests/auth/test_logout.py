"""Signing out ends every session of the account, everywhere."""


from consult.models import AuditEvent
from tests.auth.helpers import is_signed_in, sign_in


def test_logout_is_post_only(client, make):
    client.login_as(make.user())

    assert client.get("/auth/logout").status_code == 405
    assert is_signed_in(client)


def test_logout_signs_out_and_goes_home(client, make):
    sign_in(client, make.user())

    response = client.post("/auth/logout")

    assert response.status_code == 303
    assert response.location == "/"
    assert not is_signed_in(client)


def test_logout_without_a_csrf_token_does_nothing(client, make):
    sign_in(client, make.user())

    response = client.post("/auth/logout", csrf=False)

    assert response.status_code == 400
    assert is_signed_in(client)


def test_logout_in_one_browser_ends_the_session_in_another(client, client_factory, make):
    user = make.user()
    laptop, phone = client, client_factory()
    sign_in(laptop, user)
    sign_in(phone, user)
    assert is_signed_in(laptop) and is_signed_in(phone)

    laptop.post("/auth/logout")

    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)


def test_logout_elsewhere_makes_remember_me_cookies_stop_working(client, client_factory, make):
    user = make.user()
    laptop, phone = client, client_factory()
    sign_in(phone, user, remember="y")
    phone.http.delete_cookie("session")  # the browser was closed; only the remember-me cookie is left
    assert phone.http.get_cookie("remember_token") is not None
    assert is_signed_in(phone)
    phone.http.delete_cookie("session")
    sign_in(laptop, user)

    laptop.post("/auth/logout")

    assert not is_signed_in(phone)


def test_logout_is_recorded_against_the_user(client, db, make):
    user = make.user()
    sign_in(client, user)

    client.post("/auth/logout")

    event = db.session.scalar(db.select(AuditEvent).filter_by(action="user.sign_out"))
    assert (event.actor_id, event.target_type, event.target_id) == (user.id, "User", user.id)
