"""After sign-in, only same-site paths are followed: an open-redirect corpus."""

import pytest

from consult.auth.services import is_safe_next
from tests.auth.helpers import register, sign_in

UNSAFE = [
    "", "evil.example", "//evil.example", "///evil.example", "////evil.example",
    "/\\evil.example", "\\/evil.example", "\\\\evil.example", "/\\/evil.example",
    "https://evil.example", "http:/evil.example", "https:evil.example", "HTTPS://evil.example",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
    "/%2F%2Fevil.example", "/%2f/evil.example", "%2F%2Fevil.example", "/%5Cevil.example",
    "/%5cevil.example", "/%252F%252Fevil.example", "/%25252F%25252Fevil.example",
    " //evil.example", "//evil.example ", "\t//evil.example", "/\t/evil.example",
    "/\n/evil.example", "/\r\n/evil.example", "/%09/evil.example", "/%0a/evil.example",
    "/%0d%0a/evil.example", "/\x00/evil.example", "/\x7f/evil.example", "\u3000//evil.example",
    "/" + "a" * 2001,
]
SAFE = ["/", "/consultations/", "/consultations/?status=open", "/consultations/road-safety#comments",
        "/account/", "/consultations/?text=caf%C3%A9"]


@pytest.mark.parametrize("target", UNSAFE)
def test_unsafe_targets_are_refused(target):
    assert not is_safe_next(target)


@pytest.mark.parametrize("target", SAFE)
def test_same_site_paths_are_followed(target):
    assert is_safe_next(target)


@pytest.mark.parametrize("target", ["//evil.example", "/%5Cevil.example", "/%09/evil.example",
                                    "https://evil.example"])
def test_sign_in_sends_an_unsafe_next_home(client, make, target):
    response = sign_in(client, make.user(), next=target)

    assert response.status_code == 302
    assert response.location == "/"


def test_register_sends_an_unsafe_next_home(client):
    response = register(client, {"email": "ana@example.ca", "display_name": "Ana",
                                 "password": "maple syrup in winter", "confirm": "maple syrup in winter"},
                        query="?next=//evil.example")

    assert response.location == "/"
