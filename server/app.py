"""The Litestar application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from markupsafe import Markup
from piccolo.engine.postgres import PostgresEngine

from commitments import __version__
from commitments.db import engine, start_pool
from commitments.jobs import queue as job_queue
from commitments.reports.issuer import contact_line, issuer_name, signatory_line
from commitments.reports.markdown_text import to_html
from commitments.reports.palette import report_level_classes
from commitments.reports.wording import edition_text, progress_sentence, scope_sentence
from commitments.resources import resource_dir
from commitments.services.render_claims import MAX_RENDER_ATTEMPTS
from commitments.settings import get_settings
from server import i18n
from server.api.auth import AuthController
from server.api.catalogue import ImportController, OpenDataController
from server.api.civic import CivilSocietyController, ConsultationController, RatingsOpenDataController
from server.api.country import CountryController
from server.api.docs import document_errors
from server.api.recommendations import RecommendationController
from server.api.reference import ReferenceController
from server.api.reports import ReportController
from server.api.roundtables import RoundtableController
from server.api.scorecards import ScorecardController, ScorecardOpenDataController
from server.api.workflow import WorkflowController
from server.auth import provide_actor
from server.errors import exception_handlers
from server.health import health
from server.idempotency import IdempotencyMiddleware
from server.input_guard import ControlCharacterGuard
from server.maintenance import scheduled_jobs
from server.observability import RequestLogMiddleware, configure_logging
from server.pages import pages_router
from server.rendering import shutdown_render_executor
from server.security import SecureCookiesMiddleware, SecurityHeadersMiddleware
from server.sessions import CSRF_COOKIE, BearerExemptCSRFMiddleware, make_store, session_config
from server.static import static_file, static_url

API_CONTROLLERS = [
    AuthController,
    ReferenceController,
    CountryController,
    RecommendationController,
    WorkflowController,
    ReportController,
    ImportController,
    OpenDataController,
    CivilSocietyController,
    ConsultationController,
    RatingsOpenDataController,
    RoundtableController,
    ScorecardController,
    ScorecardOpenDataController,
]


@asynccontextmanager
async def database_pool(app: Litestar) -> AsyncIterator[None]:
    """A bounded asyncpg pool for PostgreSQL (without one, Piccolo connects per query)."""
    db = engine()
    if isinstance(db, PostgresEngine):
        await start_pool(db, min_size=1, max_size=10)
        try:
            yield
        finally:
            await db.close_connection_pool()
    else:
        yield


@asynccontextmanager
async def report_worker(app: Litestar) -> AsyncIterator[None]:
    """The process that lays PDFs out is stopped with the app: none outlives `serve`; so is
    the connection to the job queue, opened at start so no request waits for it."""
    if job_queue.configured():
        try:
            await job_queue.job_queue()
        except Exception:  # the service runs without it; the workers' sweep queues what waited
            logging.getLogger(__name__).warning("the job queue does not answer", exc_info=True)
    try:
        yield
    finally:
        shutdown_render_executor()
        await job_queue.close()


def _configure_templates(engine: JinjaTemplateEngine) -> None:
    i18n.configure(engine.engine)
    engine.engine.globals["static_url"] = static_url
    engine.engine.globals["progress_sentence"] = progress_sentence
    engine.engine.globals["edition_text"] = edition_text
    engine.engine.globals["max_render_attempts"] = MAX_RENDER_ATTEMPTS
    engine.engine.globals.update(
        issuer_name=issuer_name,
        signatory_line=signatory_line,
        contact_line=contact_line,
        scope_sentence=scope_sentence,
        level_classes=report_level_classes,
    )
    # The commission's Markdown as HTML, escaped by markdown-it (raw HTML and images off).
    engine.engine.filters["markdown"] = lambda source: Markup(to_html(source))


def _templates() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(
        directory=resource_dir("templates"),
        engine=JinjaTemplateEngine,
        engine_callback=_configure_templates,
    )


def create_app(manage_pool: bool = True, render_inline: bool = False) -> Litestar:
    """Build the web application; tests that own the pool pass manage_pool=False, and
    render_inline=True renders reports in threads instead of a worker process."""
    configure_logging()
    settings = get_settings()
    if not settings.secret_key:
        raise ValueError("COMMITMENTS_SECRET_KEY is not set")
    csrf = CSRFConfig(
        secret=settings.secret_key,
        cookie_name=CSRF_COOKIE,
        header_name="x-csrftoken",
        cookie_samesite="lax",
        # Checking a PDF changes nothing, and the check must not parse (buffer) a large form
        # before the handler streams it; login has its own JSON and Origin rules.
        exclude=[
            "/api/v1/auth/login",
            "/api/v1/auth/password-reset",
            "/api/v1/auth/password-reset/confirm",
            "/api/v1/reports/verify",
            "/reports/verify",
        ],
    )
    app = Litestar(
        route_handlers=[health, *API_CONTROLLERS, static_file, pages_router],
        dependencies={"actor": Provide(provide_actor)},
        middleware=[
            RequestLogMiddleware,
            ControlCharacterGuard,
            SecurityHeadersMiddleware,
            SecureCookiesMiddleware,
            session_config(settings, secure=False).middleware,
            DefineMiddleware(BearerExemptCSRFMiddleware, config=csrf),
            IdempotencyMiddleware,  # inside CSRF: a forged request never claims a key
        ],
        stores={"sessions": make_store(settings)},
        lifespan=[database_pool, scheduled_jobs, report_worker] if manage_pool else [report_worker],
        exception_handlers=exception_handlers(),
        template_config=_templates(),
        # The document only (JSON at /schema and /schema/openapi.json, YAML): the interactive
        # viewers load scripts from public CDNs, outside this site's content security policy.
        openapi_config=OpenAPIConfig(
            title="commitments",
            version=__version__,
            path="/schema",
            render_plugins=[JsonRenderPlugin(), YamlRenderPlugin(path="/openapi.yaml")],
        ),
        state=State({"render_inline": render_inline}),
        debug=False,
    )
    document_errors(app)
    return app
