"""List pages run as many SQL queries for a large consultation as for a small one.

Two consultations are loaded with the bulk loader, one tiny and one fifty times larger; every
list page is read for each, signed out, as a participant, and as the staff who work on it.
"""

import pytest
import sqlalchemy as sa

from consult.models import Consultation, Contribution, Organization, User, Vote
from consult_dev import scale

SMALL = scale.Sizes(participants=10, ideas=3, comments=12, votes=15)
LARGE = scale.Sizes(participants=120, ideas=40, comments=600, votes=1500)
#: Real commits: the bulk loader writes through connections of its own.
pytestmark = pytest.mark.commits
#: The most a public page may run, signed in or not (issue 7: the same as with 100 contributions).
PUBLIC_LIMIT = 15


def _setting(db, make, slug, sizes, extra_consultations):
    """A loaded consultation, `extra_consultations` more for its organisation, and who reads them."""
    loaded = scale.load(sizes, slug)
    consultation = db.session.scalar(sa.select(Consultation).where(Consultation.slug == slug))
    organization = db.session.get(Organization, consultation.lead_organization_id)
    for _ in range(extra_consultations):
        make.consultation(lead=organization)
    voter = db.session.scalar(
        sa.select(User).join(Vote, Vote.user_id == User.id).group_by(User.id)
        .order_by(sa.func.count().desc(), User.id).limit(1))
    staff = {role: db.session.scalar(sa.select(User).where(User.email == email))
             for role, email in loaded.staff.items()}
    idea_id = loaded.featured_idea_id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contribution).where(
        Contribution.consultation_id == consultation.id, Contribution.needs_review.is_(True)))
    return {
        "pages": {
            "home": "/", "list": "/consultations/", "consultation": f"/consultations/{slug}",
            "consultation, newest ideas": f"/consultations/{slug}?order=newest",
            "idea": f"/consultations/{slug}/ideas/{idea_id}",
        },
        "staff_pages": {"moderator": "/moderation/", "intake": "/intake/", "designer": "/manage/"},
        "citizen": voter, "staff": staff,
    }


def _count(client, count_queries, url):
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_list_pages_do_not_grow_with_the_data(client_factory, db, make, count_queries):
    counts = {}
    for size, (slug, sizes, extra) in enumerate((("small", SMALL, 0), ("large", LARGE, 4))):
        setting = _setting(db, make, slug, sizes, extra)
        for viewer in ("visitor", "citizen"):
            client = client_factory()
            if viewer == "citizen":
                client.login_as(setting["citizen"])
            for name, url in setting["pages"].items():
                counts[(name, viewer, size)] = _count(client, count_queries, url)
        for role, url in setting["staff_pages"].items():
            client = client_factory().login_as(setting["staff"][role])
            counts[(role, "staff", size)] = _count(client, count_queries, url)
    grew = {key[:2]: (counts[key], counts[(*key[:2], 1)]) for key in counts
            if key[2] == 0 and counts[key] != counts[(*key[:2], 1)]}
    assert not grew, f"query counts that grew with the data (small, large): {grew}"
    public = {key: n for key, n in counts.items() if key[1] != "staff" and n > PUBLIC_LIMIT}
    assert not public, f"public pages above {PUBLIC_LIMIT} queries: {public}"


@pytest.mark.parametrize("viewer", ["visitor", "citizen"])
def test_comment_pages_keep_their_count_deep_into_a_thread(client_factory, db, count_queries, viewer):
    """"Show more comments" pages, far down a long thread, cost what the first page costs."""
    loaded = scale.load(LARGE, "deep")
    client = client_factory()
    if viewer == "citizen":
        client.login_as(db.session.scalar(sa.select(User).where(User.email.like("p%")).limit(1)))
    base = f"/consultations/deep/ideas/{loaded.featured_idea_id}/comments"
    oldest = db.session.scalar(sa.select(sa.func.min(Contribution.id)).where(
        Contribution.idea_id == loaded.featured_idea_id))
    first = _count(client, count_queries, base)
    deep = _count(client, count_queries, f"{base}?before={oldest + 60}")
    assert first == deep
