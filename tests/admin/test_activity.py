"""An organisation's activity log: what its staff did and what was done to its consultations,
services and roles, for its admins only, filtered, paged by keyset, in a fixed number of queries."""

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.audit import record
from consult.models import AuditEvent, Consultation
from tests.auth.helpers import sign_in
from tests.conftest import page_text
from tests.manage.roles import assert_refused, person, signed_in

URL = "/admin/organizations/{slug}/activity"


def log_of(client, organization, **args):
    return client.get(URL.format(slug=organization.slug), query_string=args)


def rows(response):
    """The event rows of the log's table, as text."""
    html = response.get_data(as_text=True)
    body = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    if body is None:
        return []
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), flags=re.S)]


@pytest.fixture
def scene(client_factory, db, make, org):
    """Through the real pages: a staff sign-in, a role given, a consultation edited and opened,
    an export, a service edited; and, in another organisation, the same kinds of acts."""
    other = make.organization(name="Other Department")
    admin = make.user(role="admin", organization=org, name="Ada Admin")
    designer = make.user(role="designer", organization=org, name="Dana Designer")
    outsider = make.user(role="designer", organization=other, name="Omar Outsider")
    make.user(email="newcomer@example.org", name="Nina Newcomer")
    service = make.service(organization=org)
    consultation = make.consultation(status="draft", lead=org, service=service, slug="our-one")
    theirs = make.consultation(status="draft", lead=other, service=make.service(organization=other),
                               slug="their-one")
    browser = client_factory()
    assert sign_in(browser, designer).status_code in (302, 303)
    assert browser.post(f"/manage/consultations/{consultation.slug}/status",
                        {"status": "open"}).status_code == 303
    data = {"lead_organization": str(org.id), "service": str(service.id), "slug": "our-one",
            "title_en": "Renamed consultation", "title_fr": "Consultation renommée",
            "moderation_mode": "post", "accepts_ideas": "y"}
    assert browser.post(f"/manage/consultations/{consultation.slug}/edit", data).status_code == 303
    assert browser.get(f"/manage/consultations/{consultation.slug}/export/contributions.csv").status_code == 200
    assert browser.post(f"/manage/services/{service.slug}/edit", {
        "organization_id": str(org.id), "slug": service.slug, "name_en": "Renamed service",
        "name_fr": "Service renommé"}).status_code == 303
    admin_browser = client_factory().login_as(admin)
    assert admin_browser.post(f"/admin/organizations/{org.slug}/memberships", {
        "email": "newcomer@example.org", "role": "moderator"}).status_code == 303
    elsewhere = client_factory()
    assert sign_in(elsewhere, outsider).status_code in (302, 303)
    assert elsewhere.post(f"/manage/consultations/{theirs.slug}/status",
                          {"status": "open"}).status_code == 303
    return {"org": org, "other": other, "admin": admin, "designer": designer, "outsider": outsider,
            "admin_browser": admin_browser}


def test_the_log_lists_every_kind_of_act_of_the_organisation_and_nothing_of_another(scene):
    response = log_of(scene["admin_browser"], scene["org"])
    assert response.status_code == 200
    text = "\n".join(rows(response))
    for seen in ("Signed in", "Changed the status", "Draft → Open", "Edited a consultation",
                 "Title in English", "Name in English",
                 "Renamed consultation", "Exported data", "contributions (csv)", "Edited a service",
                 "Renamed service", "Role given", "Nina Newcomer", "Moderator", "Dana Designer"):
        assert seen in text, seen
    assert "Omar Outsider" not in text and "their-one" not in text


def test_every_event_the_log_needs_is_linked_to_the_organisation(scene, db):
    linked = {event.action for event in db.session.scalars(db.select(AuditEvent))
              if scene["org"].id in {link.organization_id for link in event.organization_links}}
    assert {"user.sign_in", "consultation.status", "consultation.edit", "consultation.export",
            "service.edit", "membership.create"} <= linked


@pytest.mark.parametrize(("args", "expected", "absent"), [
    ({"kind": "exports"}, ["Exported data"], ["Signed in", "Role given"]),
    ({"kind": "sign_in"}, ["Signed in"], ["Exported data"]),
    ({"kind": "roles"}, ["Role given"], ["Signed in"]),
    ({"kind": "status"}, ["Changed the status"], ["Edited a consultation"]),
    ({"kind": "services"}, ["Edited a service"], ["Edited a consultation"]),
    ({"kind": "consultations"}, ["Edited a consultation"], ["Edited a service"]),
])
def test_the_log_filters_by_kind(scene, args, expected, absent):
    text = "\n".join(rows(log_of(scene["admin_browser"], scene["org"], **args)))
    for seen in expected:
        assert seen in text
    for unseen in absent:
        assert unseen not in text


def test_the_log_filters_by_person_and_by_date(scene):
    admin_browser, org = scene["admin_browser"], scene["org"]
    by_admin = rows(log_of(admin_browser, org, person=str(scene["admin"].id)))
    assert by_admin and all("Ada Admin" in row for row in by_admin)
    today = datetime.now(UTC).date()
    assert len(rows(log_of(admin_browser, org, since=today.isoformat(), until=today.isoformat()))) >= 6
    assert rows(log_of(admin_browser, org, until=(today - timedelta(days=1)).isoformat())) == []
    assert rows(log_of(admin_browser, org, since=(today + timedelta(days=1)).isoformat())) == []


def test_a_bad_filter_is_said_and_left_out(scene):
    response = log_of(scene["admin_browser"], scene["org"], since="2025-13-45", kind="dragons")
    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert len(rows(response)) >= 6


def _many_events(db, organization, actor, count):
    for n in range(count):
        record(actor, "consultation.export", None, organizations=[organization.id],
               dataset="contributions", format=f"csv{n}")
    db.session.commit()


@contextmanager
def log_statements(db):
    """(statement, parameters) of every statement that reads the activity log, run in the block."""
    seen = []

    def keep(conn, cursor, statement, parameters, *args):
        if "audit_event_organizations" in statement:
            seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)


def test_pages_follow_by_keyset_with_the_filters_kept(client, db, make, org):
    admin = make.user(role="admin", organization=org, name="Ada Admin")
    _many_events(db, org, admin, 120)
    client.login_as(admin)
    seen, before, pages = [], None, 0
    with log_statements(db) as statements:
        while True:
            args = {"kind": "exports"} | ({"before": before} if before else {})
            response = log_of(client, org, **args)
            seen += rows(response)
            pages += 1
            found = re.search(r'rel="next" href="([^"]+)"', response.get_data(as_text=True))
            if not found:
                break
            link = found.group(1).replace("&amp;", "&")
            assert "kind=exports" in link
            before = re.search(r"before=(\d+)", link).group(1)
    assert pages == 3 and len(seen) == 120 == len(set(seen))
    assert len(statements) == 3
    # Each page starts where the last one ended (event_id < ...), never by skipping rows: SQLite
    # is sent "LIMIT ? OFFSET ?" with an offset of 0, PostgreSQL no OFFSET at all.
    for statement, parameters in statements:
        assert "OFFSET" not in statement.upper() or list(parameters)[-1] == 0
    assert sum("audit_event_organizations.event_id <" in statement for statement, _ in statements) == 2


def test_a_page_takes_the_same_number_of_queries_whatever_the_size(client, db, make, org,
                                                                   count_queries):
    admin = make.user(role="admin", organization=org)
    for n in range(3):
        make.consultation(lead=org, slug=f"c-{n}")
    client.login_as(admin)

    def queries():
        log_of(client, org)  # warm: the signed-in person is loaded the same way each time
        with count_queries() as statements:
            assert log_of(client, org).status_code == 200
        return len(statements)

    def mixed_events(count):
        consultations = db.session.scalars(db.select(Consultation)).all()
        for n in range(count):
            target = consultations[n % len(consultations)]
            record(admin, "consultation.edit", target, fields=["title_en"])
            record(admin, "membership.create", admin.memberships[0], user_id=admin.id, role="admin")
            record(admin, "user.sign_in", admin)
        db.session.commit()

    mixed_events(1)
    few = queries()
    mixed_events(40)
    assert queries() == few


def test_the_log_reads_in_french(scene):
    response = scene["admin_browser"].get(URL.format(slug=scene["org"].slug),
                                          headers={"Accept-Language": "fr"})
    text = page_text(response)
    assert "Journal d'activité" in text
    assert "S'est connecté" in text and "Signed in" not in text


@pytest.mark.parametrize("role", ["other_admin", "designer", "moderator", "visitor"])
def test_only_its_admins_read_it(client, make, org, role):
    user = person(make, role, org)
    _ = make.user(role="admin", organization=org)
    response = signed_in(client, user).get(URL.format(slug=org.slug))
    assert_refused(response, role)
