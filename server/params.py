"""Typed request parameters with their ranges checked at the boundary: an id beyond what the
database's integer column holds, or a page number past any list, is a 400, never a driver error."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from commitments.schemas import MAX_ROW_ID

# PostgreSQL's integer (and SQLite's, well within its 2^63) is 32 bits, signed.
MAX_ID = MAX_ROW_ID
MAX_PAGE = 100_000

PathId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, QueryParameter(ge=1, le=200)]
# A section of a report's template (commitments.reports.templates): lower-case words and "_".
SectionKey = Annotated[str, PathParameter(min_length=1, max_length=40, pattern=r"^[a-z][a-z_]*$")]
# A year of the transparency rating, and a code of its methodology or an agency.
Year = Annotated[int, PathParameter(ge=1990, le=2100)]
PathCode = Annotated[
    str, PathParameter(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
]
