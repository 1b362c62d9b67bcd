"""The command line: seed-demo, demo-sign-ins, create-user and purge-unconfirmed, checked against
the database."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

import consult_dev
from consult.auth.services import authenticate
from consult.models import (
    Comment,
    Consultation,
    Contribution,
    Flag,
    Idea,
    Membership,
    Organization,
    Service,
    User,
    Vote,
)
from consult.models.base import utcnow
from consult.models.vocabulary import TAG_KINDS
from consult_dev.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

from .factories import PASSWORD


@pytest.fixture
def cli(app, db):
    """Run a `flask` command inside the test's application context (the development ones too)."""
    consult_dev.init_app(app)
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=list(args))

    return invoke


@pytest.fixture
def demo(cli, db):
    result = cli("seed-demo", "--if-empty")
    assert result.exit_code == 0, result.output
    assert "Demo data loaded." in result.output
    db.session.expire_all()
    return db


def count(db, model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_seed_demo_if_empty_loads_once(cli, demo):
    before = [count(demo, model) for model in (Organization, User, Contribution, Vote)]

    again = cli("seed-demo", "--if-empty")

    assert again.exit_code == 0
    assert "already has data; demo not loaded" in again.output
    assert [count(demo, model) for model in (Organization, User, Contribution, Vote)] == before


def test_seed_demo_without_flag_does_not_load_twice(cli, demo):
    before = count(demo, Contribution)

    again = cli("seed-demo")

    assert again.exit_code == 0
    assert "demo not loaded" in again.output
    assert count(demo, Contribution) == before


def test_seed_demo_if_empty_leaves_an_existing_database_alone(cli, make, db):
    make.organization(name="Existing Ministry")

    result = cli("seed-demo", "--if-empty")

    assert "demo not loaded" in result.output
    assert count(db, Organization) == 1
    assert count(db, User) == 0


def test_demo_has_every_level_and_role(demo):
    levels = set(demo.session.scalars(sa.select(Organization.level)))
    assert {"federal", "provincial", "municipal", "indigenous", "community"} <= levels

    roles = dict(demo.session.execute(
        sa.select(Membership.role, sa.func.count()).group_by(Membership.role)).all())
    assert set(roles) == {"admin", "designer", "moderator", "intake"}
    assert count(demo, User, User.is_site_admin.is_(True)) == 1
    citizens = count(demo, User, User.is_site_admin.is_(False), ~User.memberships.any())
    assert citizens >= 10
    assert count(demo, User, User.locale == "fr") >= 3


def test_demo_services_are_tagged_from_the_vocabulary(demo):
    services = demo.session.scalars(sa.select(Service)).all()
    assert len(services) >= 4
    for service in services:
        assert service.name_en and service.name_fr and service.name_en != service.name_fr
        for kind, vocabulary in TAG_KINDS.items():
            assert service.codes(kind), (service.slug, kind)
            assert set(service.codes(kind)) <= set(vocabulary)


def test_demo_consultations_cover_every_situation(demo):
    consultations = demo.session.scalars(sa.select(Consultation)).all()
    by_status = {status: [c for c in consultations if c.status == status]
                 for status in ("draft", "open", "closed")}
    assert all(by_status.values())

    joint = [c for c in by_status["open"] if c.partners and c.lead_organization.level == "federal"
             and any(p.level == "provincial" for p in c.partners)]
    assert joint and joint[0].is_open
    assert any(p.level == "indigenous" for c in consultations for p in c.partners)
    pre = [c for c in by_status["open"] if c.moderation_mode == "pre"]
    assert pre and pre[0].lead_organization.level == "municipal"
    assert count(demo, Contribution, Contribution.consultation_id == pre[0].id,
                 Contribution.status == "pending") >= 1
    assert not by_status["closed"][0].is_open
    assert by_status["draft"][0].idea_count == 0

    for c in consultations:
        for field in ("title", "summary", "background"):
            english, french = getattr(c, f"{field}_en"), getattr(c, f"{field}_fr")
            assert english and french and english != french, (c.slug, field)
        assert c.opens_on < c.closes_on


def test_demo_has_enough_input_from_every_channel(demo):
    assert count(demo, Idea) >= 20
    assert count(demo, Comment) >= 50
    assert count(demo, Vote) >= 120
    channels = set(demo.session.scalars(sa.select(Contribution.channel)))
    assert {"web", "phone", "mail", "in_person"} <= channels

    offline = demo.session.scalars(sa.select(Contribution).where(Contribution.channel != "web"))
    intake_ids = set(demo.session.scalars(
        sa.select(Membership.user_id).where(Membership.role == "intake")))
    for contribution in offline:
        assert contribution.author_id is None
        assert contribution.recorded_by_id in intake_ids


def test_demo_replies_nest_consistently(demo):
    comments = {c.id: c for c in demo.session.scalars(sa.select(Comment))}
    replies = [c for c in comments.values() if c.parent_id]
    assert replies and max(c.depth for c in replies) == 2
    for reply in replies:
        parent = comments[reply.parent_id]
        assert reply.depth == parent.depth + 1
        assert reply.root_id == (parent.root_id or parent.id)
        assert reply.idea_id == parent.idea_id
        assert reply.created_at > parent.created_at
    for top in comments.values():
        if not top.parent_id:
            assert top.depth == 0 and top.root_id is None


def test_demo_counters_match_the_rows(demo):
    c, v, f = Contribution.__table__, Vote.__table__, Flag.__table__
    child = c.alias("child")
    published = (child.c.status == "published") & child.c.deleted_at.is_(None)

    def children(*where):
        return sa.select(sa.func.count()).select_from(child).where(published, *where) \
            .scalar_subquery()

    consultations = Consultation.__table__
    wrong = demo.session.execute(sa.select(consultations.c.slug).where(
        (consultations.c.idea_count != children(
            child.c.consultation_id == consultations.c.id, child.c.kind == "idea"))
        | (consultations.c.comment_count != children(
            child.c.consultation_id == consultations.c.id, child.c.kind == "comment"))
    )).all()
    assert wrong == []

    def votes(value):
        return sa.select(sa.func.count()).select_from(v) \
            .where(v.c.idea_id == c.c.id, v.c.value == value).scalar_subquery()

    flags = sa.select(sa.func.count()).select_from(f).where(f.c.contribution_id == c.c.id) \
        .scalar_subquery()
    on_idea = children(child.c.idea_id == c.c.id)
    under_root = children(child.c.root_id == c.c.id)
    wrong = demo.session.execute(sa.select(c.c.id).where(
        (c.c.agree_count != votes(1)) | (c.c.disagree_count != votes(-1))
        | (c.c.flag_count != flags)
        | ((c.c.kind == "idea") & (c.c.comment_count != on_idea))
        | ((c.c.kind == "comment") & (c.c.comment_count != under_root))
    )).all()
    assert wrong == []
    assert demo.session.scalar(sa.select(sa.func.sum(Consultation.comment_count))) >= 50
    assert count(demo, Flag) >= 1


def test_every_demo_account_signs_in(demo):
    emails = [email for email, _ in DEMO_ACCOUNTS]
    assert len(emails) == len(set(emails)) >= 6
    for email in emails:
        assert authenticate(email, DEMO_PASSWORD) is not None, email
    assert authenticate(emails[0], "not the password") is None
    site_admin = demo.session.scalar(sa.select(User).filter_by(is_site_admin=True))
    assert site_admin.email in emails
    assert count(demo, User, User.confirmed_at.is_(None)) == 0


def test_demo_sign_ins_lists_accounts_and_password(cli, demo):
    result = cli("demo-sign-ins")

    assert result.exit_code == 0
    assert DEMO_PASSWORD in result.output
    for email, role in DEMO_ACCOUNTS:
        assert email in result.output and role in result.output


def test_create_user_makes_a_citizen_with_a_normalised_email(cli, db):
    result = cli("create-user", "--email", "  New.Person@Example.ORG ", "--name", "New Person",
                 "--password", PASSWORD)

    assert result.exit_code == 0, result.output
    assert "Created the account new.person@example.org." in result.output
    user = authenticate("new.person@example.org", PASSWORD)
    assert user.display_name == "New Person"
    assert user.memberships == [] and not user.is_site_admin


def test_create_user_adds_a_role_once_and_keeps_the_password(cli, make, db):
    organization = make.organization(level="municipal", name="City of Testville")
    user = make.user(email="staff@example.org")

    first = cli("create-user", "--email", "staff@example.org", "--role", "moderator",
                "--org", organization.slug, "--password", "a different password")
    second = cli("create-user", "--email", "STAFF@example.org", "--role", "moderator",
                 "--org", organization.slug, "--password", "a different password")

    assert first.exit_code == second.exit_code == 0
    assert "password is unchanged" in first.output
    assert "now holds the moderator role in City of Testville" in first.output
    assert "already holds the moderator role" in second.output
    assert count(db, Membership, Membership.user_id == user.id) == 1
    assert authenticate("staff@example.org", PASSWORD) is not None
    assert authenticate("staff@example.org", "a different password") is None


def test_create_user_site_admin(cli, db):
    result = cli("create-user", "--email", "root@example.org", "--role", "site-admin",
                 "--password", PASSWORD)

    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User).filter_by(email="root@example.org")).is_site_admin


@pytest.mark.parametrize("org_args, message", [
    ([], "The designer role is held in an organisation: add --org <slug>."),
    (["--org", "no-such-org"], "No organisation has the slug 'no-such-org'."),
])
def test_create_user_refuses_a_staff_role_without_a_known_organisation(cli, db, org_args, message):
    result = cli("create-user", "--email", "designer@example.org", "--role", "designer",
                 *org_args, "--password", PASSWORD)

    assert result.exit_code == 2
    assert message in result.output
    assert count(db, User) == 0


def test_purge_unconfirmed_deletes_only_old_accounts_never_confirmed(cli, make, db):
    old, recent, confirmed = make.user(), make.user(), make.user()
    long_ago = utcnow() - timedelta(days=8)
    for person in (old, recent):
        person.confirmed_at = None
    old.created_at = confirmed.created_at = long_ago
    db.session.commit()
    kept = {recent.id, confirmed.id}

    result = cli("purge-unconfirmed", "--days", "7")

    assert result.exit_code == 0, result.output
    assert "Deleted 1 unconfirmed account(s)." in result.output
    db.session.expire_all()
    assert set(db.session.scalars(sa.select(User.id))) == kept


def test_purge_unconfirmed_refuses_to_delete_links_still_valid(cli):
    result = cli("purge-unconfirmed", "--days", "1")

    assert result.exit_code == 2
    assert "1 is not in the range x>=3" in result.output
