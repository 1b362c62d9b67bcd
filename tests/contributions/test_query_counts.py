"""Pages run a fixed number of SQL queries, whatever the size of the consultation."""

import pytest

from consult.models import Comment, Idea, Vote


def _fill(db, make, consultation, size, voter):
    """`size` ideas and `size` comments (a third of them replies), with votes by the viewer."""
    people = [make.user() for _ in range(5)]
    ideas = [Idea(consultation=consultation, author=people[n % 5], title=f"Idea {n}", body="Body")
             for n in range(size)]
    db.session.add_all(ideas)
    db.session.flush()
    target = ideas[0]
    roots = [Comment(consultation=consultation, author=people[n % 5], body=f"Comment {n}",
                     idea_id=target.id if n % 2 else None) for n in range(size - size // 3)]
    db.session.add_all(roots)
    db.session.flush()
    db.session.add_all(Comment(consultation=consultation, author=people[n % 5], body=f"Reply {n}",
                               parent_id=roots[n].id, root_id=roots[n].id, depth=1, idea_id=roots[n].idea_id)
                       for n in range(size // 3))
    db.session.add_all(Vote(idea_id=idea.id, user_id=voter.id, value=1) for idea in ideas[:20])
    db.session.commit()
    return target


@pytest.mark.parametrize("signed_in", [False, True])
def test_consultation_and_idea_pages_do_not_grow_with_data(client, db, make, count_queries, signed_in):
    counts = {}
    for size in (10, 500):
        consultation = make.consultation()
        viewer = make.user()
        idea = _fill(db, make, consultation, size, viewer)
        if signed_in:
            client.login_as(viewer)
        pages = {"consultation": f"/consultations/{consultation.slug}",
                 "idea": f"/consultations/{consultation.slug}/ideas/{idea.id}",
                 "home": "/", "list": "/consultations/"}
        for name, url in pages.items():
            with count_queries() as queries:
                assert client.get(url).status_code == 200
            counts[(name, size)] = len(queries)
    for name in ("consultation", "idea", "home", "list"):
        assert counts[(name, 10)] == counts[(name, 500)], (name, counts)
    assert counts[("consultation", 500)] <= 15
