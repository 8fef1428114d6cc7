"""The main flow in real headless Chromium against `commitments serve` on demo data: MINFIN
answers with a file, the analyst returns it, MINFIN resubmits, the analyst accepts, the dashboard
changes, English sticks, and SAT sees none of it. Debian's /usr/bin/chromium, never a download."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clirun import (
    base_env,
    drop_postgres,
    executable,
    free_port,
    init_demo,
    run_cli,
    scratch_postgres,
    wait_for,
)
from tests.conftest import TEST_DATABASE_URL

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"
USERS = (
    ("analista.web@test.gt", "analyst", None),
    ("minfin.web@test.gt", "focal_point", "MINFIN"),
    ("sat.web@test.gt", "focal_point", "SAT"),
    ("jefa.sat.web@test.gt", "focal_point", "SAT"),
    ("admin.web@test.gt", "admin", None),
)
REC = "OGP-AP3-GT0078"  # a demo recommendation MINFIN leads and has not answered yet
MARKER = "Informe del navegador 5521"
CONSOLE_ERRORS: list[str] = []

# Pages are the same on either engine, and what they store is tested on both through HTTP;
# CI drives Chromium once, on SQLite.
pytestmark = [pytest.mark.browser, pytest.mark.engine_independent]
if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{CHROMIUM} is missing: CI must run the browser tests (apt-get install chromium)")
    pytestmark = [
        pytest.mark.browser,
        pytest.mark.engine_independent,
        pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)"),
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`commitments init --demo` in a fresh data dir (or scratch PostgreSQL), known users, then serve."""
    url = scratch_postgres(TEST_DATABASE_URL) if TEST_DATABASE_URL else None
    env = base_env(tmp_path_factory.mktemp("browser") / "data", url)
    env["COMMITMENTS_SECRET_KEY"] = "browser-test-secret-0123456789abcdef0123456789"
    port = free_port()
    process = None
    try:
        assert init_demo(env).returncode == 0
        for email, role, agency in USERS:
            args = ["user", "add", email, "--role", role, "--password-stdin"]
            assert (
                run_cli(env, *args, *(["--agency", agency] if agency else []), stdin=PASSWORD).returncode == 0
            )
        process = subprocess.Popen(
            [executable(), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/health")
        yield base
    finally:
        if process:
            process.terminate()
            process.wait(timeout=10)
        if url:
            drop_postgres(url)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def sign_in(browser, base: str, email: str):
    """A fresh browser context (its own cookies) signed in through the login form."""
    page = browser.new_context(locale="es-GT").new_page()
    # Any script or style refused by the CSP, or a missing asset, shows up as a console error.
    page.on("console", lambda m: m.type == "error" and CONSOLE_ERRORS.append(f"{page.url}: {m.text}"))
    page.on("dialog", lambda dialog: dialog.accept())  # confirmations before irreversible steps
    page.goto(base + "/inbox")  # anonymous: sent to the login page, coming back afterwards
    assert "/login?next=" in page.url
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(re.compile(r"/inbox$"))
    return page


def ogp_counts(page, base: str) -> dict[str, str]:
    page.goto(base + "/")
    row = page.locator("tr[data-mechanism=OGP]")
    return {s: row.locator(f"td[data-state={s}]").inner_text() for s in ("substantial", "complete")}


def review(page, base: str, decision: str, comment: str = "") -> None:
    """Decide on MINFIN's response to REC in the review queue (htmx swaps the item in place)."""
    page.goto(base + "/review")
    item = page.locator("article.review-item", has_text=REC).filter(has_text="MINFIN")
    if comment:
        item.get_by_label("Comentario para la institución").fill(comment)
    if decision == "accept":
        item.get_by_label("Nivel a registrar si acepta").select_option("complete")
    item.get_by_role("button", name="Aceptar" if decision == "accept" else "Devolver").click()
    done = "Respuesta aceptada." if decision == "accept" else "Respuesta devuelta a la institución."
    page.locator(f"article.review-item:has-text('{REC}') >> text={done}").wait_for()


def test_answer_return_resubmit_accept_and_switch_language(server, browser, tmp_path):
    CONSOLE_ERRORS.clear()  # other modules' browser tests share the helpers (and the list)
    analyst = sign_in(browser, server, "analista.web@test.gt")
    before = ogp_counts(analyst, server)

    minfin = sign_in(browser, server, "minfin.web@test.gt")
    minfin.locator("tr", has_text=REC).get_by_role("link", name=re.compile("Responder")).click()
    minfin.get_by_label("Acciones realizadas").fill(MARKER + ": se publicaron los presupuestos.")
    minfin.get_by_label(re.compile("Nivel propuesto")).select_option("complete")
    document = tmp_path / "oficio-5521.pdf"
    document.write_bytes(b"%PDF-1.4\n% oficio de prueba\n")
    minfin.get_by_label("Archivos", exact=True).set_input_files(str(document))
    minfin.get_by_role("button", name="Enviar a la comisión").click()
    minfin.wait_for_url(re.compile(r"/inbox$"))
    assert "Respuesta enviada a la comisión." in minfin.locator(".notice").inner_text()

    review(analyst, server, "return", "Falta el acta de publicación 5521.")

    minfin.goto(server + "/inbox")
    assert "Falta el acta de publicación 5521." in minfin.locator("tr", has_text=REC).inner_text()
    minfin.locator("tr", has_text=REC).get_by_role("link", name=re.compile("Responder")).click()
    assert "Falta el acta de publicación 5521." in minfin.locator(".alert.returned").inner_text()
    assert "oficio-5521.pdf" in minfin.locator("section", has_text="Evidencia adjunta").inner_text()
    minfin.get_by_label("Acciones realizadas").fill(MARKER + ": se publicaron los presupuestos y el acta.")
    minfin.get_by_role("button", name="Enviar a la comisión").click()
    minfin.wait_for_url(re.compile(r"/inbox$"))

    review(analyst, server, "accept")
    after = ogp_counts(analyst, server)
    assert int(after["complete"]) == int(before["complete"]) + 1
    assert int(after["substantial"]) == int(before["substantial"]) - 1  # GT0078 was rated substantial

    analyst.get_by_role("link", name="English").click()
    assert analyst.locator("h1").inner_text() == "Dashboard"
    analyst.get_by_role("link", name="Recommendations", exact=True).first.click()
    assert analyst.locator("html").get_attribute("lang") == "en"
    assert analyst.locator("h1").inner_text() == "Recommendations"
    analyst.get_by_label("Search").fill("GT0078")
    analyst.locator("#results >> text=Results: 1").wait_for()  # htmx filtered the table
    assert "Complete" in analyst.locator("#results tbody tr").inner_text()
    assert "q=GT0078" in analyst.url  # the filtered list has its own address
    assert not CONSOLE_ERRORS


def test_sat_cannot_see_any_of_it(server, browser):
    sat = sign_in(browser, server, "sat.web@test.gt")
    for path in ("/", "/inbox", "/recommendations", "/recommendations?q=GT0078"):
        sat.goto(server + path)
        text = sat.content()
        assert REC not in text and MARKER not in text and "5521" not in text, path
    analyst_view = sign_in(browser, server, "analista.web@test.gt")
    analyst_view.goto(server + "/recommendations?q=GT0078")
    href = analyst_view.locator("#results tbody a").first.get_attribute("href")
    response = sat.goto(server + href)
    assert response is not None and response.status == 404


PHONE = {"width": 390, "height": 844}


def _phone(browser, base: str, email: str):
    context = browser.new_context(locale="es-GT", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(re.compile(r"/$"))
    return page


def _no_sideways_scroll(page, base: str, paths: list[str]) -> list[str]:
    wide = []
    for path in paths:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{path}: {width} px")
    return wide


def test_a_phone_walk_of_the_focal_points_flow_has_no_sideways_scroll(server, browser):
    minfin = _phone(browser, server, "minfin.web@test.gt")
    minfin.goto(server + "/inbox")
    answer = minfin.get_by_role("link", name=re.compile("Responder")).first
    box = answer.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 44  # a tap target
    href = answer.get_attribute("href")
    rec = minfin.locator("table.inbox tbody a").first.get_attribute("href")
    wide = _no_sideways_scroll(minfin, server, ["/", "/inbox", href, "/recommendations", rec, "/account"])
    analyst = _phone(browser, server, "analista.web@test.gt")
    wide += _no_sideways_scroll(
        analyst, server, ["/", "/recommendations", "/review", "/periods", "/reports", "/imports", "/account"]
    )
    anonymous = browser.new_context(locale="es-GT", viewport=PHONE).new_page()
    wide += _no_sideways_scroll(anonymous, server, ["/login", "/reset", "/public", "/public/data"])
    assert not wide, f"wider than a phone: {wide}"


def test_typed_work_saves_itself_and_survives_an_expired_session(server, browser):
    CONSOLE_ERRORS.clear()  # the earlier tests' expected 404s
    minfin = sign_in(browser, server, "minfin.web@test.gt")
    row = minfin.locator("table.inbox tbody tr").filter(has_not_text=REC).filter(has_text="Responder").first
    row.get_by_role("link", name=re.compile("Responder")).click()
    form_url = minfin.url
    minfin.get_by_label("Acciones realizadas").fill("Primer avance 7731, sin terminar")
    minfin.locator("#autosave-status", has_text="Borrador guardado a las").wait_for(timeout=15_000)
    minfin.reload()
    assert minfin.get_by_label("Acciones realizadas").input_value() == "Primer avance 7731, sin terminar"

    # The session ends while the person keeps typing (the server forgot it: idle timeout).
    minfin.context.clear_cookies(name="session")
    minfin.get_by_label("Dificultades").fill("Falta presupuesto 7731")
    minfin.get_by_role("button", name="Guardar borrador").click()
    minfin.wait_for_url(re.compile(r"/login\?next="))
    assert "Lo que escribió se guardó" in minfin.locator(".alert[role=status]").inner_text()
    minfin.get_by_label("Correo electrónico").fill("minfin.web@test.gt")
    minfin.get_by_label("Contraseña").fill(PASSWORD)
    minfin.get_by_role("button", name="Entrar").click()
    minfin.wait_for_url(re.compile(r"/inbox/\d+\?restore="))
    assert "Recuperamos lo que escribió" in minfin.locator(".alert[role=status]").inner_text()
    assert minfin.get_by_label("Dificultades").input_value() == "Falta presupuesto 7731"
    assert minfin.get_by_label("Acciones realizadas").input_value() == "Primer avance 7731, sin terminar"
    minfin.get_by_role("button", name="Guardar borrador").click()
    minfin.locator(".notice", has_text="Borrador guardado.").wait_for()
    minfin.goto(form_url)
    assert minfin.get_by_label("Dificultades").input_value() == "Falta presupuesto 7731"
    assert not CONSOLE_ERRORS


def test_sign_off_an_agency_authority_approves_before_the_commission_sees_it(server, browser):
    admin = sign_in(browser, server, "admin.web@test.gt")
    admin.goto(server + "/users")
    admin.locator("#agencies tr", has_text="SAT").get_by_role("button", name=re.compile("Exigirla")).click()
    admin.locator(".notice", has_text="Aprobación interna exigida.").wait_for()
    row = admin.locator("table.users tr", has_text="jefa.sat.web@test.gt")
    row.locator("summary").click()
    row.get_by_label("Autoridad que aprueba las respuestas de su institución").check()
    row.get_by_role("button", name="Guardar cambios").click()
    admin.locator(".notice", has_text="Usuario modificado.").wait_for()

    sat = sign_in(browser, server, "sat.web@test.gt")
    item = sat.locator("table.inbox tbody tr").filter(has_text="Responder").first
    code = item.locator("a").first.inner_text()
    item.get_by_role("link", name=re.compile("Responder")).click()
    sat.get_by_label("Acciones realizadas").fill("Informe firmado 6620")
    sat.get_by_role("button", name="Enviar a aprobación").click()
    sat.locator(".notice", has_text="Respuesta enviada a aprobación de su institución.").wait_for()

    analyst = sign_in(browser, server, "analista.web@test.gt")
    analyst.goto(server + "/review")
    assert "Informe firmado 6620" not in analyst.content()  # not yet the commission's

    boss = sign_in(browser, server, "jefa.sat.web@test.gt")
    boss.locator("table.inbox tbody tr", has_text=code).get_by_role("link").last.click()
    assert "Aprobación de la institución" in boss.content()
    boss.get_by_role("button", name="Aprobar y enviar a la comisión").click()
    boss.locator(".notice", has_text="Respuesta aprobada y enviada a la comisión.").wait_for()

    analyst.goto(server + "/review")
    assert "Informe firmado 6620" in analyst.content()
