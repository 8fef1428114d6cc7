"""The `sort` parameter of every sortable list: a column name, `-` first for descending."""

from __future__ import annotations

from collections.abc import Iterable

from commitments.errors import InvalidInput
from commitments.i18n import _


def parse_sort(sort: str | None, choices: Iterable[str], default: str) -> tuple[str, bool]:
    """(column name, ascending); a name outside `choices` is refused with the choices."""
    allowed = list(choices)
    name = (sort or default).strip()
    ascending = not name.startswith("-")
    name = name.lstrip("-")
    if name not in allowed:
        raise InvalidInput(
            _("orden desconocido «%(sort)s»: use %(choices)s"), sort=sort, choices=", ".join(allowed)
        )
    return name, ascending
