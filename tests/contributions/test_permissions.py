"""Every role against every action of taking part, on open and on closed consultations."""

import pytest

ROLES = ["visitor", "citizen", "author", "intake", "moderator", "designer", "designer_elsewhere", "site_admin"]
SIGNED_IN = set(ROLES) - {"visitor"}

#: action -> roles allowed while the consultation is open.
ALLOWED = {
    "comment": SIGNED_IN,
    "reply": SIGNED_IN,
    "idea": SIGNED_IN,
    "vote": SIGNED_IN,
    "flag": SIGNED_IN - {"author"},
    "edit": {"author"},
    "delete": {"author"},
}


@pytest.fixture
def world(make):
    lead = make.organization()
    elsewhere = make.organization()
    author = make.user()
    people = {
        "visitor": None,
        "citizen": make.user(),
        "author": author,
        "intake": make.user(role="intake", organization=lead),
        "moderator": make.user(role="moderator", organization=lead),
        "designer": make.user(role="designer", organization=lead),
        "designer_elsewhere": make.user(role="designer", organization=elsewhere),
        "site_admin": make.user(site_admin=True),
    }

    def build(status):
        consultation = make.consultation(status=status, lead=lead)
        idea = make.idea(consultation, author=author)
        comment = make.comment(consultation, author=author)
        return consultation, idea, comment

    return people, build


def _request(client, action, consultation, idea, comment):
    slug = consultation.slug
    return {
        "comment": lambda: client.post(f"/consultations/{slug}/comments", {"body": "Hello"}),
        "reply": lambda: client.post(f"/contributions/{comment.id}/replies", {"body": "Hello"}),
        "idea": lambda: client.post(f"/consultations/{slug}/ideas", {"title": "T", "body": "B"}),
        "vote": lambda: client.post(f"/ideas/{idea.id}/vote", {"value": "1"}),
        "flag": lambda: client.post(f"/contributions/{comment.id}/flag", {"reason": "spam"}),
        "edit": lambda: client.post(f"/contributions/{comment.id}/edit", {"body": "Changed"}),
        "delete": lambda: client.post(f"/contributions/{idea.id}/delete"),
    }[action]()


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_against_action(client, world, role, action):
    people, build = world
    if people[role] is not None:
        client.login_as(people[role])
    for status in ("closed", "open"):
        consultation, idea, comment = build(status)
        response = _request(client, action, consultation, idea, comment)
        if role == "visitor":
            assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
        elif status == "open" and role in ALLOWED[action]:
            assert response.status_code == 303, response.get_data(as_text=True)[:300]
        else:
            assert response.status_code == 403, status


def test_closed_consultation_says_so_and_offers_no_forms(client, make):
    consultation = make.consultation(status="closed")
    make.idea(consultation)
    client.login_as(make.user())
    html = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "you can read, but not take part" in html
    assert "Post comment" not in html and "Propose this idea" not in html and "Agree" not in html
