"""The report as a document: metadata, outline, links, marks on every page, no stray pages,
who issues it, periods in words, evidence once; and the same bytes for the same model."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from commitments import clock
from commitments.reports.model import model_from_snapshot
from commitments.reports.pdf import build_pdf
from commitments.reports.summary import scope_sentence
from commitments.schemas import CountryPatch
from commitments.services.country import update_country
from commitments.services.report_sections import list_sections, save_section
from commitments.services.reports import (
    create_report,
    finalize_report,
    get_report,
    render_report,
    report_model,
    report_pdf,
)
from commitments.tables import Report
from tests.report_helpers import AS_OF, build_workflow, complete, pdf_pages, pdf_text, workflow_cycle

ISSUED_AT = dt.datetime(2027, 1, 20, 15, 0, tzinfo=dt.UTC)
RUNNING = ("Generado el", "Generated on", "Página ", "Page ", "Guatemala ·", "USO INTERNO", "INTERNAL")


async def _report(cast, mechanism="OGP", locale="es", internal=False, final=False):
    analyst = cast["analyst"]
    report_id = await create_report(
        analyst, mechanism, workflow_cycle(mechanism), "2026-S2", locale, internal
    )
    await render_report(report_id, actor=analyst, as_of=AS_OF)
    if final:
        await complete(analyst, report_id)
        with clock.pinned(ISSUED_AT):
            await finalize_report(analyst, report_id)
    return report_id, await report_pdf(analyst, report_id)


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return found


def _uris(reader: PdfReader) -> set[str]:
    uris = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/URI"):
                uris.add(str(action["/URI"]))
    return uris


@pytest.mark.parametrize(
    ("locale", "title"),
    [
        ("es", "Informe de autoevaluación del plan de acción de Gobierno Abierto"),
        ("en", "Open Government action plan self-assessment report"),
    ],
)
async def test_an_issued_report_carries_its_title_language_issue_date_and_opens_on_its_outline(
    cast, locale, title
):
    await build_workflow(cast)
    _, data = await _report(cast, locale=locale, final=True)
    reader = _reader(data)
    meta = reader.metadata
    assert meta.title == title
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20270120000000+00'00'"  # the day of issue
    assert meta.author == "Comisión Presidencial de Transparencia y Gobierno Electrónico" or (
        locale == "en" and meta.author == "Presidential Commission for Transparency and Electronic Government"
    )
    root = reader.trailer["/Root"]
    assert root["/Lang"] == locale
    assert root["/PageMode"] == "/UseOutlines"


async def test_a_draft_is_dated_by_its_data_and_the_same_model_gives_the_same_bytes(cast):
    await build_workflow(cast)
    report_id, data = await _report(cast)
    assert _reader(data).metadata["/CreationDate"] == "D:20261125000000+00'00'"  # AS_OF
    model = await report_model(cast["analyst"], report_id)
    report = await get_report(cast["analyst"], report_id)
    again = build_pdf(model, "es", draft=True, identifier=report.snapshot_sha256)
    assert again.data == data


async def test_bookmarks_reach_every_entry_and_point_at_its_page(cast):
    await build_workflow(cast)
    _, data = await _report(cast, mechanism="ALL", locale="en")
    reader = _reader(data)
    outline = _outline(reader)
    pages = pdf_pages(data)
    entries = [(title, page) for depth, title, page in outline if title.startswith("Commitment GT0079")]
    assert entries, outline
    for title, page in entries:
        assert title in " ".join(pages[page - 1].split())
    assert len({page for _, _, page in outline}) > 5  # not all on one page
    # The table of contents follows the cover, and its numbers are the headings' pages.
    assert pages[1].lstrip().startswith("Contents")
    executive = next(page for depth, title, page in outline if title == "Executive summary")
    assert re.search(rf"Executive summary\s*\.+\s*{executive}\b", pages[1])


async def test_source_evidence_and_authored_links_are_clickable(cast):
    await build_workflow(cast)
    analyst = cast["analyst"]
    report_id = await create_report(analyst, "OGP", "AP3", "2026-S2", "es", False)
    background = next(s for s in await list_sections(analyst, report_id) if s.key == "background")
    await save_section(
        analyst,
        report_id,
        "background",
        "Véase el [portal de la Comisión](https://transparencia.example.org/ogp) y "
        "[esto no](javascript:alert(1)).",
        background.version,
    )
    await render_report(report_id, actor=analyst, as_of=AS_OF)
    uris = _uris(_reader(await report_pdf(analyst, report_id)))
    assert "https://transparencia.example.org/ogp" in uris  # authored section
    assert "https://www.minfin.gob.gt/" in uris  # evidence
    assert any(uri.startswith("https://www.opengovpartnership.org") for uri in uris), uris  # source
    assert not any(uri.startswith("javascript") for uri in uris)


@pytest.mark.parametrize(("locale", "mark"), [("es", "USO INTERNO"), ("en", "INTERNAL")])
async def test_every_page_of_an_internal_edition_says_so(cast, locale, mark):
    await build_workflow(cast)
    _, data = await _report(cast, mechanism="ALL", locale=locale, internal=True)
    pages = pdf_pages(data)
    assert len(pages) > 10
    assert all(mark in page for page in pages)
    _, public = await _report(cast, mechanism="ALL", locale=locale)
    assert not any(mark in page for page in pdf_pages(public))


@pytest.mark.parametrize("mechanism", ["OGP", "MESICIC", "ALL"])
async def test_no_page_holds_only_its_header_and_footer_and_one_line(cast, mechanism):
    await build_workflow(cast)
    _, data = await _report(cast, mechanism=mechanism, final=True)
    for number, page in enumerate(pdf_pages(data), start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith(RUNNING) and "SHA-256" not in line]
        assert len(body) > 1, f"page {number} of {mechanism}: {body}"


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("es", ("Segundo semestre de 2026 (del 1 de julio de 2026", "en el segundo semestre de 2026")),
        ("en", ("Second half of 2026 (July 1, 2026", "in the second half of 2026")),
    ],
)
async def test_periods_read_as_people_write_them(cast, locale, words):
    await build_workflow(cast)
    _, data = await _report(cast, locale=locale)
    text = pdf_text(data)
    for expected in words:
        assert expected in text, expected
    assert "Periodo 2026-S2" not in text and "Period 2026-S2" not in text


async def test_evidence_is_printed_once_with_its_verification(cast):
    await build_workflow(cast)
    _, data = await _report(cast, locale="en")
    text = pdf_text(data)
    assert text.count("Portal de presupuesto abierto") == 1
    assert "Verified" in text


async def test_the_issuer_signatory_and_contact_come_from_the_country_and_are_frozen(cast):
    await build_workflow(cast)
    await update_country(
        cast["admin"],
        CountryPatch(
            issuer_es="Comisión Nacional de Prueba",
            issuer_en="National Test Commission",
            signatory_name="Ana Pérez",
            signatory_title_es="Secretaria Ejecutiva",
            contact_email="informes@example.org",
            contact_url="https://comision.example.org/",
        ),
    )
    report_id, data = await _report(cast, final=True)
    text = pdf_text(data)
    assert "Comisión Nacional de Prueba" in text
    assert "Ana Pérez, Secretaria Ejecutiva" in text
    assert "informes@example.org" in text
    assert "Gobierno de Guatemala" not in text
    assert {"mailto:informes@example.org", "https://comision.example.org/"} <= _uris(_reader(data))
    # Changing the settings later changes reports gathered later, never an issued one.
    await update_country(cast["admin"], CountryPatch(issuer_es="Otra institución"))
    row = await Report.select(Report.snapshot).where(Report.id == report_id).first()
    assert model_from_snapshot(row["snapshot"]).issuer.institution.es == "Comisión Nacional de Prueba"
    assert await report_pdf(cast["analyst"], report_id) == data
    _, later = await _report(cast)
    assert "Otra institución" in pdf_text(later)


@pytest.mark.parametrize(
    ("locale", "one", "two"),
    [
        (
            "es",
            "el estado de 1 recomendación en el",
            "el estado de 2 recomendaciones en el",
        ),
        (
            "en",
            "the status of 1 recommendation in the",
            "the status of 2 recommendations in the",
        ),
    ],
)
async def test_counts_read_in_the_singular_and_the_plural(cast, locale, one, two):
    await build_workflow(cast)
    report_id, _ = await _report(cast, mechanism="ALL", locale=locale)
    model = await report_model(cast["analyst"], report_id)
    section = model.sections[0]
    for n, expected in ((1, one), (2, two)):
        trimmed = model.model_copy(
            update={"sections": [section.model_copy(update={"items": section.items[:n]})]}
        )
        assert trimmed.item_count == n
        assert expected in scope_sentence(trimmed, locale)


async def test_the_preview_colours_each_level_as_the_pdf_does(client, cast):
    from tests.web import login

    await build_workflow(cast)
    report_id, _ = await _report(cast, mechanism="MESICIC")
    await login(client, "analyst")
    page = (await client.get(f"/reports/{report_id}")).text
    table = page[page.index('class="by-level"') :]
    table = table[: table.index("</table>")]
    # MESICIC's scale: each level in its state's colour class.
    assert 'class="level-complete-0"' in table and 'class="level-not_assessed-0"' in table
