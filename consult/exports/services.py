"""What an export is: which rows, in which format, under which file name, and its audit record."""

from collections.abc import Iterable
from typing import NamedTuple

from ..audit import record
from ..models.base import utcnow
from . import rows, writers

#: The datasets and formats a designer may download, in the order the page lists them.
DATASETS = tuple(rows.DATASETS)
FORMATS = tuple(writers.FORMATS)
REPORT_MEDIA_TYPE = "application/pdf"


class Export(NamedTuple):
    """An export about to be sent: its pieces of bytes (lazily made), media type and file name."""

    chunks: Iterable[bytes]
    media_type: str
    file_name: str


def file_name(consultation, dataset, extension):
    """e.g. newborn-registration-contributions-2025-03-01.csv (slugs are plain ASCII)."""
    return f"{consultation.slug}-{dataset}-{utcnow().date().isoformat()}.{extension}"


def record_export(actor, consultation, dataset, file_format, **details):
    """Audit who exported which dataset of which consultation in which format (flushed by the
    caller's commit, which must come before the first byte is sent)."""
    return record(actor, "consultation.export", consultation, dataset=dataset, format=file_format,
                  **details)


def dataset_export(consultation, dataset, file_format, progress=None):
    """The export of `dataset` ("contributions" or "votes") as `file_format` (csv, xlsx, json).

    Only the themes are looked up now; the rows are read as the chunks are iterated.
    `progress`, if given, is called with the number of rows in each chunk as it is read.
    """
    columns, make_rows, _query = rows.DATASETS[dataset]
    writer, media_type, extension = writers.FORMATS[file_format]
    chunks = make_rows(consultation)
    if progress is not None:
        chunks = _reporting(chunks, progress)
    options = {"csv": {"free_text": rows.FREE_TEXT[dataset]}, "xlsx": {"sheet_title": dataset}}
    body = writer(columns, chunks, **options.get(file_format, {}))
    return Export(body, media_type, file_name(consultation, dataset, extension))


def _reporting(chunks, progress):
    for chunk in chunks:
        progress(len(chunk))
        yield chunk


def report_export(consultation):
    """The summary dashboard as a PDF (rendered by the summaries area)."""
    from ..summaries.report import render_summary_pdf

    return Export([render_summary_pdf(consultation)], REPORT_MEDIA_TYPE,
                  file_name(consultation, "report", "pdf"))
