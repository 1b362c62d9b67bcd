"""Reading exports back the way an analyst would: the csv module, openpyxl, json."""

import csv
import hashlib
import hmac
import io
import json
import zipfile
from datetime import UTC

from openpyxl import load_workbook

URL = "/manage/consultations/{slug}/export/{dataset}.{fmt}"


def parse(fmt, body):
    """(header, rows) of an export, every cell as the format carries it."""
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
        return table[0], table[1:]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
        width = len(table[0])
        # Trailing empty cells are not stored: pad each row back to the header's width.
        return table[0], [row + [None] * (width - len(row)) for row in table[1:]]
    objects = json.loads(body)
    header = list(objects[0]) if objects else []
    return header, [list(item.values()) for item in objects]


def as_cell(fmt, value):
    """How `value` reads back from a file of format `fmt`."""
    if fmt == "csv":
        return "" if value is None else str(value)
    return value


def xlsx_xml(body):
    """Every file inside an XLSX package, decoded: what a zip tool would show."""
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        return "\n".join(package.read(name).decode("utf-8") for name in package.namelist())


def expected_pseudonym(consultation_id, message, secret="testing-secret"):
    """The documented scheme, computed independently: HMAC-SHA256 under a key derived from
    SECRET_KEY, scoped to the consultation, first 16 hex digits."""
    key = hmac.new(secret.encode(), b"consult.exports.pseudonyms", hashlib.sha256).digest()
    scoped = hmac.new(key, b"consultation:%d" % consultation_id, hashlib.sha256).digest()
    return hmac.new(scoped, message, hashlib.sha256).hexdigest()[:16]


def person(consultation_id, user):
    return "P-" + expected_pseudonym(consultation_id, b"user:%d" % user.id)


def iso(value):
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")
