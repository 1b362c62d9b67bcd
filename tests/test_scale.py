"""The bulk loader writes exactly what it says, with counters that agree with the rows."""

import pytest
import sqlalchemy as sa

from consult.contributions.services import cast_vote
from consult.models import Consultation, Contribution, Flag, Hold, Idea, User, Vote
from consult_dev import init_app as add_development_commands
from consult_dev import scale

#: Real commits: the loader writes through connections of its own.
pytestmark = pytest.mark.commits

SIZES = scale.Sizes(participants=60, ideas=12, comments=400, votes=300)


def _consultation(db, slug):
    return db.session.scalar(sa.select(Consultation).where(Consultation.slug == slug))


def _count(db, *conditions, model=Contribution):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))


def test_loader_writes_the_sizes_asked_for(db):
    loaded = scale.load(SIZES, "big")
    consultation = _consultation(db, "big")
    mine = Contribution.consultation_id == consultation.id
    assert _count(db, mine, Contribution.kind == "idea") == SIZES.ideas
    assert _count(db, mine, Contribution.kind == "comment") == SIZES.comments
    assert _count(db, model=User) == SIZES.participants + len(scale.STAFF_ROLES)
    assert _count(db, model=Vote) == loaded.rows["votes"] == SIZES.votes
    assert loaded.rows["contributions"] == SIZES.ideas + SIZES.comments
    assert _count(db, Contribution.id == loaded.featured_idea_id, Contribution.status == "published") == 1
    assert _count(db, Contribution.idea_id == loaded.featured_idea_id) >= SIZES.comments // 4


def test_counters_agree_with_the_rows(db):
    scale.load(SIZES, "big")
    consultation = _consultation(db, "big")
    published = (Contribution.consultation_id == consultation.id, Contribution.status == "published",
                 Contribution.deleted_at.is_(None))
    assert consultation.idea_count == _count(db, *published, Contribution.kind == "idea")
    assert consultation.comment_count == _count(db, *published, Contribution.kind == "comment")
    for idea in db.session.scalars(sa.select(Idea)):
        values = [v.value for v in db.session.scalars(sa.select(Vote).where(Vote.idea_id == idea.id))]
        assert (idea.agree_count, idea.disagree_count) == (values.count(1), values.count(-1))
        assert idea.comment_count == _count(db, *published, Contribution.idea_id == idea.id)
    for contribution in db.session.scalars(sa.select(Contribution).where(Contribution.flag_count > 0)):
        assert contribution.flag_count == _count(db, Flag.contribution_id == contribution.id, model=Flag)


def test_the_data_looks_like_a_real_consultation(db):
    scale.load(SIZES, "big")
    comments = db.session.scalars(sa.select(Contribution).where(Contribution.kind == "comment")).all()
    by_id = {c.id: c for c in comments}
    replies = [c for c in comments if c.parent_id]
    assert replies and {c.depth for c in comments} == {0, 1, 2}
    for reply in replies:
        parent = by_id[reply.parent_id]
        assert reply.depth == parent.depth + 1 and reply.idea_id == parent.idea_id
        assert reply.root_id == (parent.root_id or parent.id)
        assert reply.id > parent.id, "ids follow time, as on a live site"
    rows = db.session.scalars(sa.select(Contribution).order_by(Contribution.id)).all()
    assert [c.created_at for c in rows] == sorted(c.created_at for c in rows)
    assert {c.idea_id for c in rows[-50:]} != {None}, "threads of ideas and of the consultation interleave"
    assert {c.channel for c in rows} > {"web", "phone"}
    assert all((c.author_id is None) == (c.channel != "web") for c in rows)
    assert {c.status for c in rows} == {"published", "pending", "rejected", "hidden"}
    assert all(c.needs_review for c in rows if c.status == "pending")
    assert any("é" in c.body for c in rows), "some contributions are in French"
    held = db.session.scalars(sa.select(Hold)).all()
    assert held
    for hold in held:
        body = db.session.get(Contribution, hold.contribution_id).body
        (start, end), = hold.spans
        assert ("@" in body[start:end]) == (hold.rule == "email")


def test_services_keep_the_loaded_counters_exact(db):
    scale.load(SIZES, "big")
    consultation = _consultation(db, "big")
    idea = db.session.scalar(sa.select(Idea).where(
        Idea.consultation_id == consultation.id, Idea.status == "published").order_by(Idea.id))
    voter = db.session.scalar(sa.select(User).where(
        ~User.id.in_(sa.select(Vote.user_id).where(Vote.idea_id == idea.id))).limit(1))
    before = idea.agree_count
    cast_vote(idea, voter, 1)
    db.session.commit()
    assert idea.agree_count == before + 1 == _count(db, Vote.idea_id == idea.id, Vote.value == 1, model=Vote)


def test_a_second_load_adds_a_second_consultation(db):
    scale.load(SIZES, "first")
    scale.load(scale.Sizes(participants=5, ideas=2, comments=4, votes=4), "second", seed=3)
    second = _consultation(db, "second")
    assert _count(db, Contribution.consultation_id == second.id) == 6
    new_user = User(email="late@example.org", display_name="Late", password_hash="x")
    db.session.add(new_user)
    db.session.commit()
    assert new_user.id == _count(db, model=User)


def test_seed_scale_command(app, db):
    add_development_commands(app)
    result = app.test_cli_runner().invoke(args=[
        "seed-scale", "--participants", "20", "--ideas", "3", "--comments", "12", "--votes", "20",
        "--slug", "cli-scale"])
    assert result.exit_code == 0, result.output
    assert "Loaded cli-scale" in result.output and "moderator@cli-scale.example.org" in result.output
    again = app.test_cli_runner().invoke(args=["seed-scale", "--ideas", "1", "--slug", "cli-scale"])
    assert again.exit_code != 0 and "already" in again.output
