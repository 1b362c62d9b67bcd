"""`flask backup` and `flask restore`: a round trip gives back every row of every table."""

import os
import shutil

import pytest
import sqlalchemy as sa

from consult.extensions import db as _db
from consult.models import User

#: Real commits: pg_dump and pg_restore see only what is committed.
pytestmark = pytest.mark.commits

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _postgres_tools(backend):
    if backend == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        if IN_CI:
            pytest.fail("pg_dump and pg_restore are needed: apt-get install postgresql-client")
        pytest.skip("pg_dump and pg_restore are not installed")


def snapshot(db):
    """Every table's rows, sorted, as plain tuples: what a restore must give back."""
    tables = {}
    with db.engine.connect() as connection:
        inspector = sa.inspect(connection)
        for name in sorted(inspector.get_table_names()):
            table = sa.Table(name, sa.MetaData(), autoload_with=connection)
            rows = connection.execute(sa.select(table)).all()
            tables[name] = sorted((tuple(row) for row in rows), key=repr)
    return tables


def fill(make):
    lead = make.organization()
    consultation = make.consultation(status="open", lead=lead, partners=[make.organization()])
    idea = make.idea(consultation, title="Évaluer « en français » aussi")
    make.comment(consultation, idea=idea, body="Line one\nline two, with 'quotes' and \\ too")
    make.comment(consultation)
    make.user(role="designer", organization=lead)


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_a_backup_restores_every_row_of_every_table(app, db, make, tmp_path):
    fill(make)
    before = snapshot(db)
    assert sum(len(rows) for rows in before.values()) > 10
    backup_file = tmp_path / "consult.backup"

    made = cli(app, "backup", "--output", str(backup_file))
    assert made.exit_code == 0, made.output
    assert backup_file.stat().st_size > 0

    # Lose data after the backup: delete people and what hangs on them, add a stranger.
    with db.engine.begin() as connection:
        for table in ("votes", "flags", "contributions", "memberships"):
            connection.execute(sa.text(f"DELETE FROM {table}"))
    db.session.add(User(email="after@example.ca", display_name="After", password_hash="x"))
    db.session.commit()
    assert snapshot(db) != before

    restored = cli(app, "restore", str(backup_file), "--yes")
    assert restored.exit_code == 0, restored.output

    assert snapshot(db) == before
    # Identities and sequences come back too: the next row gets a fresh id.
    _db.session.add(User(email="next@example.ca", display_name="Next", password_hash="x"))
    _db.session.commit()


def test_restore_asks_first(app, db, make, tmp_path):
    make.user()
    backup_file = tmp_path / "consult.backup"
    cli(app, "backup", "--output", str(backup_file))

    answer = app.test_cli_runner().invoke(args=["restore", str(backup_file)], input="n\n")

    assert answer.exit_code != 0
    assert "Aborted" in answer.output
    assert "testing-secret" not in answer.output


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(app, db, make, tmp_path):
    make.user()
    before = snapshot(db)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database at all\n" * 100)

    result = cli(app, "restore", str(junk), "--yes")

    assert result.exit_code != 0
    assert "Error" in result.output
    assert snapshot(db) == before
