"""The download links on the summary page: one per dataset and format, and the report."""

import re

from .conftest import FAKE_PDF


def test_summary_page_links_to_every_export_and_each_link_works(client, designer, consultation, data,
                                                                 report_pdf):
    page = client.login_as(designer).get(f"/manage/consultations/{consultation.slug}/summary")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    links = re.findall(r'href="(/manage/consultations/[^"]+/export/[^"]+)"', html)
    assert sorted(links) == sorted(
        [f"/manage/consultations/newborn-registration/export/{dataset}.{fmt}"
         for dataset in ("contributions", "votes") for fmt in ("csv", "xlsx", "json")]
        + ["/manage/consultations/newborn-registration/export/report.pdf"])
    for hint in ("CSV", "Excel workbook (XLSX)", "JSON", "PDF", "opens in any spreadsheet program"):
        assert hint in html
    for link in links:
        response = client.get(link, buffered=True)
        assert response.status_code == 200, link
        assert response.headers["Content-Disposition"].startswith("attachment;")
    assert client.get("/manage/consultations/newborn-registration/export/report.pdf", buffered=True).data == FAKE_PDF
