"""Lists as spreadsheets ("Exportar a Excel"): the rows the list shows with its filters and
order, in the page's language, as an .xlsx download."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from litestar import Response

from commitments import clock
from commitments.sheets import xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response[bytes]:
    """An attachment named `<stem>-<today>.xlsx`."""
    name = f"{stem}-{clock.today().isoformat()}.xlsx"
    return Response(
        xlsx(stem, headers, rows),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
