"""The CSV writer escapes only the free-text columns and copies a row only when it must (for
speed), so it is held here to what escaping every cell would have made; and the text an export
must leave out is left out by the database."""

import csv
import io

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from consult.exports import rows, writers
from consult.models import SummaryCache

HEADER = ("id", "title", "deleted", "idea_id", "text")
FREE_TEXT = ("title", "text")
#: Text with what makes a CSV cell special, and what makes a spreadsheet cell a formula (no lone
#: surrogates: text from the database never holds one).
TRICKY = st.text(alphabet=st.sampled_from(list(',"\r\n=+-@\t \'aé€\x07')) | st.characters(exclude_categories=("Cs",)), max_size=12)


def _reference_csv(header, chunks, free_text):
    """What the csv module writes, with the formula escape on the free-text columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    positions = {header.index(name) for name in free_text}
    for chunk in chunks:
        writer.writerows([writers.spreadsheet_text(value) if index in positions else value
                          for index, value in enumerate(row)] for row in chunk)
    return ("\ufeff" + buffer.getvalue()).encode()


rows_of_text = st.lists(st.lists(st.tuples(
    st.integers(min_value=-(2**40), max_value=2**40), st.none() | TRICKY, st.booleans(),
    st.none() | st.integers(min_value=0, max_value=10**6), st.none() | TRICKY), max_size=4), max_size=4)


@settings(max_examples=300, deadline=None)
@given(rows_of_text)
def test_csv_is_what_the_csv_module_writes(chunks):
    assert b"".join(writers.csv_chunks(HEADER, chunks, free_text=FREE_TEXT)) == \
        _reference_csv(HEADER, chunks, FREE_TEXT)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(["", "P-0123456789abcdef", "C-fedcba9876543210"]),
                                   st.none() | st.integers(), st.sampled_from([1, -1, True, 0.5])),
                         max_size=4), max_size=4))
def test_csv_without_free_text_is_what_the_csv_module_writes(chunks):
    header = ("participant", "idea_id", "value")
    assert b"".join(writers.csv_chunks(header, chunks)) == _reference_csv(header, chunks, ())
    as_lists = [[list(row) for row in chunk] for chunk in chunks]
    assert b"".join(writers.csv_chunks(header, as_lists)) == _reference_csv(header, chunks, ())


def test_hidden_words_never_leave_the_database(db, consultation, data):
    """Held, rejected and deleted contributions come back from the query without title, text
    or theme."""
    # A stored summary that still places them in a theme (made while they were published).
    placed = (data.idea, data.held_idea, data.rejected, data.deleted)
    db.session.add(SummaryCache(consultation_id=consultation.id, fingerprint="old", payload={},
                                theme_members={str(c.id): 1 for c in placed}))
    db.session.flush()
    result = db.session.execute(rows.contribution_query(consultation.id)).all()
    by_id = {row[0]: row for row in result}

    for hidden in (data.held_idea, data.rejected, data.deleted):
        assert by_id[hidden.id][10:12] == (None, None)
        assert by_id[hidden.id][-1] is None
    assert by_id[data.idea.id][-1] == 1
    assert by_id[data.idea.id][10:12] == ("Text me when it is ready",
                                          "Send a text message when the certificate is ready.")
    assert by_id[data.deleted.id][9] is True and by_id[data.idea.id][9] is False
    assert db.session.scalar(sa.select(sa.func.count()).select_from(
        rows.contribution_query(consultation.id).subquery())) == len(result)


def test_the_progress_count_matches_the_rows(db, consultation, data):
    """count_rows counts without the export's joins, which never add a row."""
    db.session.add(SummaryCache(consultation_id=consultation.id, fingerprint="old", payload={},
                                theme_members={str(data.idea.id): 1}))
    db.session.flush()
    exported = db.session.execute(rows.contribution_query(consultation.id)).all()
    assert rows.count_rows(consultation, "contributions") == len(exported) > 0
