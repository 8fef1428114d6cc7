"""Who is acting: every service takes an Actor and checks it against DESIGN §4."""

from __future__ import annotations

from dataclasses import dataclass

from commitments.errors import Forbidden, Unauthenticated
from commitments.i18n import _
from commitments.vocabulary import Role

# Roles that may change the catalogue, assignments, periods, assessments and evidence status.
COMMISSION_ROLES = (Role.ADMIN, Role.ANALYST)


@dataclass(frozen=True)
class Actor:
    """An authenticated user (or the system itself, or an anonymous visitor)."""

    user_id: int | None
    email: str
    role: str | None
    agency_id: int | None = None
    agency_code: str | None = None
    # The user's credentials version when looked up: a session from an older one has ended.
    credentials_version: int = 0
    # A focal point who is one of the agency's validating authorities (sign-off).
    approver: bool = False
    # A civil-society member's registered organisation.
    organisation_id: int | None = None
    organisation_code: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.role is None

    @property
    def is_commission(self) -> bool:
        return self.role in COMMISSION_ROLES

    @property
    def is_focal_point(self) -> bool:
        return self.role == Role.FOCAL_POINT

    @property
    def is_reviewer(self) -> bool:
        """A mechanism's reviewer: reads issued reports, statuses and public evidence only."""
        return self.role == Role.REVIEWER

    @property
    def is_civil_society(self) -> bool:
        """A registered organisation's member: reads statuses, records its own assessments."""
        return self.role == Role.CIVIL_SOCIETY

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def require_authenticated(self) -> None:
        """Refuse anonymous visitors."""
        if self.is_anonymous:
            raise Unauthenticated(_("debe iniciar sesión"))

    def require_commission(self) -> None:
        """Only admins and analysts may go on."""
        self.require_authenticated()
        if not self.is_commission:
            raise Forbidden(_("solo los analistas y administradores de la comisión pueden hacer esto"))

    def require_admin(self) -> None:
        """Only admins may go on."""
        self.require_authenticated()
        if not self.is_admin:
            raise Forbidden(_("solo los administradores pueden hacer esto"))


SYSTEM = Actor(user_id=None, email="system", role=Role.ADMIN)
ANONYMOUS = Actor(user_id=None, email="anonymous", role=None)
