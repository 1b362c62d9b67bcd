"""Small steps the auth and account tests share."""

from tests.factories import PASSWORD


def sign_in(client, user, password=PASSWORD, **fields):
    """Sign in through the real form, so the browser holds a real session."""
    return client.post("/auth/login", {"email": user.email, "password": password, **fields})


def is_signed_in(client):
    """Whether this browser is signed in: the account page opens instead of sending to sign-in."""
    return client.get("/account/").status_code == 200
