"""The consultation page, without any user content, weighs under 100 KB over the wire.

Every response the browser receives (HTML, CSS, JS, anything else) is summed by its body
length. The development server does not compress, so this is the uncompressed weight: an upper
bound of what a gzip-serving production proxy sends."""

import pytest

pytestmark = pytest.mark.backend("sqlite")

BUDGET = 100 * 1024


def test_an_empty_consultation_page_weighs_under_100_kb(new_page, make):
    consultation = make.consultation(status="open")
    page = new_page(java_script_enabled=True)
    sizes = {}

    def record(response):
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # a redirect has no body to read
            sizes.setdefault(response.url, 0)

    page.on("response", record)
    page.goto(f"/consultations/{consultation.slug}", wait_until="networkidle")
    page.remove_listener("response", record)

    total = sum(sizes.values())
    report = "\n".join(f"{size:>8} B  {url}" for url, size in sorted(sizes.items(), key=lambda i: -i[1]))
    print(f"\nconsultation page, uncompressed: {total} B ({total / 1024:.1f} KB)\n{report}")
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith(".js") for url in sizes)
    assert total < BUDGET, f"{total} B over the {BUDGET} B budget:\n{report}"
