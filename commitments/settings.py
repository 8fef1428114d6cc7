"""Settings read from the environment (prefix COMMITMENTS_)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCALES = ("es", "en")


class Settings(BaseSettings):
    """Every setting of the service; the README's configuration table lists the same names."""

    model_config = SettingsConfigDict(env_prefix="COMMITMENTS_", extra="ignore")

    data_dir: Path = Field(default=Path("./var"))
    database_url: str | None = None
    secret_key: str | None = None
    locale: str = "es"
    country: str = "GT"
    redis_url: str | None = None
    max_upload_mb: int = 25
    import_max_mb: int = 20
    import_max_rows: int = 50_000
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    timezone: str = "America/Guatemala"
    # Mail: without an SMTP URL, messages wait in the outbox (`commitments mail list`).
    smtp_url: str | None = None
    mail_from: str = "commitments@localhost"
    base_url: str = "http://localhost:8000"
    # Days after the deadline before an unanswered assignment is escalated to the commission.
    escalation_days: int = Field(default=7, ge=1, le=365)
    # How often `serve` gives due reminders (0: never; run `commitments remind` from cron).
    remind_every_minutes: int = Field(default=60, ge=0, le=24 * 60)
    # How long a password-reset link works.
    reset_minutes: int = Field(default=60, ge=5, le=24 * 60)
    # Where this process's clock starts (tests, rehearsals); unset in production.
    clock_at: dt.datetime | None = None
    # The job queue (SAQ) for report rendering, mail and reminders: redis://… or postgresql://….
    # Unset, `serve` runs those jobs itself and needs no other service.
    queue_url: str | None = None
    # The queue's name within that Redis or PostgreSQL; default `commitments-<country>`, so
    # instances for several countries can share one server without taking each other's jobs.
    queue_name: str = ""

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in LOCALES:
            raise ValueError(f"locale must be one of {', '.join(LOCALES)}")
        return value

    @field_validator("country")
    @classmethod
    def _iso2(cls, value: str) -> str:
        code = value.strip().upper()
        # Babel knows every assigned ISO 3166-1 code (and a few reserved ones, such as ZZ).
        if len(code) != 2 or not code.isalpha() or code == "ZZ" or code not in Locale("en").territories:
            raise ValueError("country must be an ISO 3166-1 alpha-2 code such as GT")
        return code

    @field_validator("smtp_url")
    @classmethod
    def _smtp(cls, value: str | None) -> str | None:
        if not value:
            return None
        from urllib.parse import urlparse

        parts = urlparse(value)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("smtp_url must look like smtp://user:pass@host:port or smtps://host:465")
        return value

    @field_validator("queue_url")
    @classmethod
    def _queue(cls, value: str | None) -> str | None:
        if not value:
            return None
        from urllib.parse import urlparse

        if urlparse(value).scheme not in ("redis", "rediss", "postgres", "postgresql"):
            raise ValueError("queue_url must look like redis://host:6379/0 or postgresql://user@host/db")
        return value

    @field_validator("queue_name")
    @classmethod
    def _queue_name(cls, value: str) -> str:
        if value and not all(c.isalnum() or c in "-_." for c in value) or len(value) > 100:
            raise ValueError("queue_name may hold letters, digits, '-', '_' and '.' (up to 100)")
        return value

    @field_validator("base_url")
    @classmethod
    def _base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("base_url must be an absolute http(s) URL such as https://example.org")
        return value.rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("timezone must be an IANA time zone such as America/Guatemala") from exc
        return value

    @model_validator(mode="after")
    def _aware_clock(self) -> Settings:
        # A clock start without an offset is read in the configured zone.
        if self.clock_at is not None and self.clock_at.tzinfo is None:
            self.clock_at = self.clock_at.replace(tzinfo=ZoneInfo(self.timezone))
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'commitments.sqlite3').resolve()}"

    @property
    def resolved_queue_name(self) -> str:
        """The queue's name: COMMITMENTS_QUEUE_NAME, else one per country."""
        return self.queue_name or f"commitments-{self.country.lower()}"

    @property
    def is_postgres(self) -> bool:
        """Whether the configured database is PostgreSQL."""
        return self.resolved_database_url.startswith(("postgres://", "postgresql://"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
