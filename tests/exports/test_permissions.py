"""Who may download: every export URL against every role."""

import pytest

from tests.manage.roles import ROLES, assert_refused, person, signed_in

EXPORT_URLS = [f"/manage/consultations/newborn-registration/export/{dataset}.{fmt}"
               for dataset in ("contributions", "votes") for fmt in ("csv", "xlsx", "json")] + \
              ["/manage/consultations/newborn-registration/export/report.pdf"]

#: The designers of the lead organisation and of a partner organisation.
ALLOWED = {"designer", "partner_designer"}


@pytest.mark.parametrize("url", EXPORT_URLS)
@pytest.mark.parametrize("role", (*ROLES, "partner_designer"))
def test_only_the_consultation_designers_may_export(client, make, org, partner, consultation, data,
                                                    report_pdf, role, url):
    if role == "partner_designer":
        user = make.user(role="designer", organization=partner)
    else:
        user = person(make, role, org)

    response = signed_in(client, user).get(url, buffered=True)

    if role in ALLOWED:
        assert response.status_code == 200
        assert len(response.data) > 0
    else:
        assert_refused(response, role)
        assert report_pdf == []
