"""The PDF layout's entry point, importable without ReportLab.

A web worker hands `build_pdf` to the process that lays reports out (or, without one, calls it
in place); ReportLab and the layout modules load where it runs, so a web worker that never lays
a report out never holds them (~19 MB per worker)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commitments.reports.pdf import RenderedPdf


def build_pdf(*args: Any, **kwargs: Any) -> RenderedPdf:
    """commitments.reports.pdf.build_pdf, imported on first use."""
    from commitments.reports.pdf import build_pdf as build

    return build(*args, **kwargs)
