"""File formats for exports: each turns a header and chunks of rows into chunks of bytes.

None of them holds more than one chunk of rows in memory. The CSV and XLSX writers keep a
spreadsheet from running what a citizen wrote as a formula.
"""

import csv
import io
import json
import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = frozenset("=+-@\t\r")

#: Bytes of a finished XLSX file sent at a time.
FILE_CHUNK = 64 * 1024


def spreadsheet_text(value):
    """`value`, with a leading apostrophe when a spreadsheet would take it for a formula (OWASP)."""
    if value.__class__ is str and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _escaped(rows, positions):
    """The rows, with spreadsheet_text applied at `positions` (cells holding text or None).

    Runs for every row of a large export, so it looks only where free text can be and copies
    a row only when something in it needs escaping.
    """
    for row in rows:
        for position in positions:
            value = row[position]
            if value and value[0] in FORMULA_STARTS:
                row = [spreadsheet_text(value) if index in positions else value
                       for index, value in enumerate(row)]
                break
        yield row


def csv_chunks(header, chunks, free_text=()):
    """UTF-8 CSV with a byte-order mark (so Excel reads accents right), one piece per chunk.

    `free_text` names the columns that may hold what people typed; they are escaped against
    formulas. Every other column must hold numbers, codes, pseudonyms or timestamps only.
    """
    positions = frozenset(header.index(name) for name in free_text)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    yield buffer.getvalue().encode()
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_escaped(rows, positions) if positions else rows)
        yield buffer.getvalue().encode()


def _xlsx_row(sheet, row):
    """Cells for one row: control characters XML cannot hold are dropped, and text that starts
    like a formula is stored as text (the cell keeps its exact words and never computes)."""
    cells = []
    for value in row:
        if value.__class__ is str:
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value[:1] == "=":
                cell = WriteOnlyCell(sheet, value)
                cell.data_type = "s"
                value = cell
        cells.append(value)
    return cells


def xlsx_chunks(header, chunks, sheet_title="Export"):
    """An XLSX workbook built in openpyxl's write-only mode (rows go to disk as they come),
    saved to a temporary file, then sent in pieces."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(header)
    for rows in chunks:
        for row in rows:
            sheet.append(_xlsx_row(sheet, row))
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while piece := file.read(FILE_CHUNK):
            yield piece


def json_chunks(header, chunks):
    """A JSON array of objects, one per row, written a chunk at a time."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    separator = "\n"
    yield b"["
    for rows in chunks:
        if rows:
            text = ",\n".join(encode(dict(zip(header, row, strict=True))) for row in rows)
            yield (separator + text).encode()
            separator = ",\n"
    yield b"\n]\n"


#: format -> (writer, media type, file extension)
FORMATS = {
    "csv": (csv_chunks, "text/csv", "csv"),
    "xlsx": (xlsx_chunks, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": (json_chunks, "application/json", "json"),
}
