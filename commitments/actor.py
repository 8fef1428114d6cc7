"""Who is acting: every service takes an Actor and checks it against DESIGN §4."""

from __future__ import annotations

from dataclasses import dataclass

from commitments.errors import Forbidden, Unauthenticated
from commitments.i18n import _

ROLES = ("admin", "analyst", "focal_point", "reviewer")
# Roles that may change the catalogue, assignments, periods, assessments and evidence status.
COMMISSION_ROLES = ("admin", "analyst")


@dataclass(frozen=True)
class Actor:
    """An authenticated user (or the system itself, or an anonymous visitor)."""

    user_id: int | None
    email: str
    role: str | None
    agency_id: int | None = None
    agency_code: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.role is None

    @property
    def is_commission(self) -> bool:
        return self.role in COMMISSION_ROLES

    @property
    def is_focal_point(self) -> bool:
        return self.role == "focal_point"

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
        if self.role != "admin":
            raise Forbidden(_("solo los administradores pueden hacer esto"))


SYSTEM = Actor(user_id=None, email="system", role="admin")
ANONYMOUS = Actor(user_id=None, email="anonymous", role=None)
