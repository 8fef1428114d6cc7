"""In real headless Chromium against `commitments serve` on demo data: the analyst uploads a
broken file, reads its errors, uploads the fixed one, previews and applies it; then a visitor
who never signs in finds the new recommendation on /public by an accent-less search, reads it
in both languages and downloads the open data."""

from __future__ import annotations

import re

from tests.test_browser import (  # noqa: F401  (fixtures and the Chromium skip mark)
    browser,
    pytestmark,
    server,
    sign_in,
)

CODE = "OGP-AP9-NAV-8842"
HEADER = "mechanism,cycle,reference,text,language,agencies\n"
TEXT = "Publicar la contratación de emergencia y sus adjudicaciones 8842"


def _csv(tmp_path, name: str, agencies: str):
    path = tmp_path / name
    path.write_text(HEADER + f'OGP,AP9,NAV-8842,"{TEXT}",es,{agencies}\n', encoding="utf-8")
    return str(path)


def _watch(page, errors: list[str]) -> None:
    """Collect console errors: a script or style refused by the CSP, a missing asset. The
    refused upload answers 422 on purpose, which Chromium also logs: that one is expected."""
    page.on(
        "console",
        lambda m: (
            m.type == "error" and "status of 422" not in m.text and errors.append(f"{page.url}: {m.text}")
        ),
    )


def test_analyst_imports_a_round_and_a_visitor_finds_it_on_the_portal(server, browser, tmp_path):  # noqa: F811
    errors: list[str] = []
    analyst = sign_in(browser, server, "analista.web@test.gt")
    _watch(analyst, errors)
    analyst.get_by_role("link", name="Importar", exact=True).click()
    analyst.wait_for_url(re.compile(r"/imports$"))

    analyst.get_by_label("Archivo del catálogo").set_input_files(_csv(tmp_path, "rota.csv", "NADIE"))
    analyst.get_by_role("button", name="Revisar el archivo").click()
    error_row = analyst.locator("table.import-errors tbody tr").first
    assert "agencies" in error_row.inner_text() and "NADIE" in error_row.inner_text()
    assert analyst.get_by_role("button", name="Aplicar la importación").count() == 0

    analyst.get_by_label("Archivo del catálogo").set_input_files(_csv(tmp_path, "ronda.csv", "MINFIN"))
    analyst.get_by_role("button", name="Revisar el archivo").click()
    assert analyst.locator("dd[data-count=created]").inner_text() == "1"
    assert CODE in analyst.locator("table.import-changes").inner_text()
    analyst.get_by_role("button", name="Aplicar la importación").click()
    analyst.locator("text=Importación aplicada: ronda.csv").wait_for()
    assert analyst.locator("dd[data-count=created]").inner_text() == "1"

    context = browser.new_context(locale="es-GT")  # a visitor: no session at all
    visitor = context.new_page()
    _watch(visitor, errors)
    visitor.goto(server + "/public")
    assert visitor.locator("h1").inner_text() == "Portal de transparencia"
    visitor.get_by_label("Buscar").fill("contratacion emergencia")
    visitor.locator("#results >> text=Resultados: 1").wait_for()  # htmx filtered, no accents
    assert visitor.locator("#results mark").first.inner_text().lower() == "contratación"
    visitor.get_by_role("link", name=CODE).click()
    assert visitor.locator("h1").inner_text().startswith(CODE)
    assert "MINFIN" in visitor.locator("dl.facts").inner_text()

    visitor.get_by_role("link", name="English").click()
    assert visitor.locator("html").get_attribute("lang") == "en"
    assert "Assessment history" in visitor.locator("h2").all_inner_texts()
    visitor.get_by_role("link", name="Open data").first.click()
    assert visitor.locator("h1").inner_text() == "Open data"
    csv_text = context.request.get(server + "/api/v1/open-data/recommendations.csv").text()
    assert CODE in csv_text and "analista.web" not in csv_text
    assert not errors, errors
