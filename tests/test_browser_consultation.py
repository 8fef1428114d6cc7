"""The public consultation in real headless Chromium against `commitments serve` on demo data:
the analyst opens a fresh OGP draft for comment, a visitor with no account comments on the
portal (markup shown as text), the analyst answers, says how the comments were taken into
account and closes the consultation, and the final PDF carries the summary."""

from __future__ import annotations

import contextlib
import io
import re
import time

from pypdf import PdfReader

from tests.test_browser import (  # noqa: F401  (fixtures: a demo server and Chromium)
    CONSOLE_ERRORS,
    browser,
    pytestmark,
    server,
    sign_in,
)

COMMENT = "Falta el presupuesto de 2026 en el compromiso GT0079 <script>alert(1)</script>"
REPLY = "Gracias: se agregó el presupuesto al anexo."
STATEMENT = "Se recibió un comentario y se incorporó el dato que pedía."


def _open_a_fresh_draft(page, base: str) -> str:
    page.goto(f"{base}/reports?lang=es")
    page.get_by_label("Mecanismo", exact=False).first.select_option("OGP")
    page.get_by_label("Idioma del informe").select_option("es")
    page.get_by_role("button", name="Generar borrador").click()
    page.wait_for_url(re.compile(r"/reports/\d+$"))
    page.locator("section.preview").wait_for(timeout=90_000)
    report_url = page.url
    page.get_by_role("link", name="Consulta pública del borrador").click()
    page.get_by_role("button", name="Publicar el borrador para comentarios").click()
    page.locator(".notice", has_text="Consulta pública abierta").wait_for()
    return report_url


def _visitor_comments(browser, base: str) -> None:  # noqa: F811
    visitor = browser.new_context(locale="es-GT").new_page()
    visitor.on("console", lambda m: m.type == "error" and CONSOLE_ERRORS.append(f"{visitor.url}: {m.text}"))
    visitor.goto(f"{base}/public")
    visitor.get_by_role("link", name="Consultas públicas").click()
    visitor.locator("table.consultations a").first.click()
    visitor.get_by_label("Su comentario").fill(COMMENT)
    visitor.get_by_label("Su nombre o el de su organización").fill("Vecina de Mixco")
    visitor.get_by_role("button", name="Publicar comentario").click()
    visitor.locator(".notice", has_text="Gracias: su comentario se publicó").wait_for()
    shown = visitor.locator("article.comment", has_text="Vecina de Mixco")
    assert COMMENT in shown.inner_text()  # the markup is text, never run
    visitor.context.close()


def _summary_rendered(page, report_url: str) -> None:
    """Until the draft rendered after the close shows the closed consultation with the answer
    (the page reloads itself when a rendering it follows is done; older ones may finish first)."""
    from playwright.sync_api import Error

    page.goto(report_url)
    deadline = time.monotonic() + 120
    while True:
        try:
            summary = page.locator('section[data-section="consultation"]')
            summary.wait_for(timeout=5_000)
            text = summary.inner_text()
            if REPLY in text and "se sometió a consulta" in text:
                return
        except Error:
            pass  # not rendered yet, or the page reloaded under us
        assert time.monotonic() < deadline, "the draft was not rendered with the closed consultation"
        page.wait_for_timeout(2_000)
        with contextlib.suppress(Error):  # interrupted by the page's own reload
            page.reload()


def test_a_visitor_comments_the_analyst_answers_and_the_final_pdf_summarises_it(server, browser):  # noqa: F811
    CONSOLE_ERRORS.clear()
    page = sign_in(browser, server, "analista.web@test.gt")
    report_url = _open_a_fresh_draft(page, server)
    _visitor_comments(browser, server)

    page.goto(report_url + "/consultation")
    comment = page.locator("article.comment", has_text="Vecina de Mixco")
    comment.locator("summary", has_text="Responder").click()
    comment.get_by_label("Respuesta (se publica junto al comentario)").fill(REPLY)
    comment.get_by_role("button", name="Publicar respuesta").click()
    page.locator(".notice", has_text="Respuesta publicada").wait_for()
    page.get_by_label("Texto para el informe").fill(STATEMENT)
    page.get_by_role("button", name="Guardar texto").click()
    page.locator(".notice", has_text="Texto guardado").wait_for()
    page.get_by_role("button", name="Cerrar la consulta ahora").click()
    page.locator(".notice", has_text="Consulta pública cerrada").wait_for()

    _summary_rendered(page, report_url)
    page.get_by_label(re.compile("Confirmo que revisé la vista previa")).check()
    page.get_by_role("button", name="Finalizar informe").click()
    page.locator(".status-line .badge", has_text="Final").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar PDF").click()
    data = download.value.path().read_bytes()
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Consulta pública del borrador" in text and "Comentarios recibidos 1" in text
    assert "Comentarios respondidos 1" in text and "Comentarios ocultados por abusivos 0" in text
    assert STATEMENT in text and REPLY in text and COMMENT in text
    assert not CONSOLE_ERRORS, CONSOLE_ERRORS
