"""Reports in real headless Chromium against `commitments serve` on demo data: the analyst
generates an OGP report from the page, htmx follows its rendering in the worker process until
the preview appears, the analyst finalizes it and downloads the PDF; in Spanish and in English."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.test_browser import (  # noqa: F401  (fixtures: a demo server and Chromium)
    CONSOLE_ERRORS,
    browser,
    pytestmark,
    server,
    sign_in,
)

WORDS = {
    "es": {
        "generate": "Generar borrador",
        "mechanism": "Mecanismo",
        "language": "Idioma del informe",
        "confirm": "Confirmo que revisé la vista previa",
        "finalize": "Finalizar informe",
        "final": "Final",
        "download": "Descargar PDF",
        "preview": "Vista previa",
        "page": "Página 1 de",
        "commitment": "Compromiso GT0078",
        "status": "Generación:",
    },
    "en": {
        "generate": "Generate draft",
        "mechanism": "Mechanism",
        "language": "Report language",
        "confirm": "I confirm that I have checked the preview",
        "finalize": "Finalize report",
        "final": "Final",
        "download": "Download PDF",
        "preview": "Preview",
        "page": "Page 1 of",
        "commitment": "Commitment GT0078",
        "status": "Generation:",
    },
}
OGP_REFERENCES = ("GT0078", "GT0079", "GT0082")  # demo commitments of the third action plan


# `server` and `browser` are the fixtures imported above, requested by name.
@pytest.mark.parametrize("lang", ["es", "en"])
def test_analyst_generates_previews_finalizes_and_downloads_an_ogp_report(server, browser, lang):  # noqa: F811
    w = WORDS[lang]
    CONSOLE_ERRORS.clear()  # shared with test_browser.py, whose 404 check logs one on purpose
    page = sign_in(browser, server, "analista.web@test.gt")
    page.goto(f"{server}/reports?lang={lang}")
    page.get_by_label(w["mechanism"], exact=False).first.select_option("OGP")
    page.locator("#report-cycle").select_option("AP3")  # the plan the workflow's items belong to
    page.get_by_label(w["language"]).select_option(lang)
    page.get_by_role("button", name=w["generate"]).click()
    page.wait_for_url(re.compile(r"/reports/\d+$"))
    assert w["status"] in page.locator("#render-status").inner_text()

    # htmx polls the state every 2 s and reloads the page once the worker process is done.
    preview = page.locator("section.preview")
    preview.wait_for(timeout=90_000)
    assert preview.get_attribute("lang") == lang
    assert preview.locator("h2").inner_text() == w["preview"]
    assert preview.locator("article.entry h5", has_text=w["commitment"]).count() == 1

    page.get_by_label(re.compile(w["confirm"])).check()
    page.get_by_role("button", name=w["finalize"]).click()
    page.locator(".status-line .badge", has_text=w["final"]).wait_for()

    with page.expect_download() as download:
        page.get_by_role("link", name=w["download"]).click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert w["page"] in text and "BORRADOR" not in text and "DRAFT" not in text
    for reference in OGP_REFERENCES:
        assert reference in text, reference
    assert not CONSOLE_ERRORS


def test_analyst_writes_a_section_sees_it_live_in_the_preview_and_in_the_pdf(server, browser):  # noqa: F811
    CONSOLE_ERRORS.clear()
    page = sign_in(browser, server, "analista.web@test.gt")
    page.goto(f"{server}/reports?lang=es")
    page.get_by_label("Mecanismo", exact=False).first.select_option("MESICIC")
    page.get_by_label("Idioma del informe").select_option("es")
    page.get_by_role("button", name="Generar borrador").click()
    page.wait_for_url(re.compile(r"/reports/\d+$"))
    page.locator("section.preview").wait_for(timeout=90_000)

    editor = page.locator("#text-other_progress")
    editor.fill("Se aprobó la **Ley de Probidad** <script>alert(1)</script>\n\n- primer avance")
    live = page.locator("#preview-other_progress")
    live.locator("strong", has_text="Ley de Probidad").wait_for(timeout=10_000)
    assert "<script>alert(1)</script>" in live.inner_text()  # shown as text, never run
    assert live.locator("li", has_text="primer avance").count() == 1
    page.locator("#editor-other_progress").get_by_role("button", name="Guardar sección").click()

    # The save renders the draft again; the page reloads once it is ready.
    authored = page.locator('section.authored[data-section="other_progress"]')
    authored.locator("strong", has_text="Ley de Probidad").wait_for(timeout=90_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar PDF").click()
    data = download.value.path().read_bytes()
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Otros avances" in text and "Se aprobó la Ley de Probidad <script>alert(1)</script>" in text
    assert not CONSOLE_ERRORS
