"""What a report still lacks before it can be issued: one rule for the draft's marks, the
report page's checklist and finalize's refusal (422 with the list)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from commitments.reports.markdown import is_blank
from commitments.reports.model import Item, ReportModel
from commitments.reports.templates import parts_of

GapKind = Literal["empty", "section", "account", "translation"]


@dataclass(frozen=True)
class Gap:
    """One thing missing: an empty report, a required section, an entry's account or translation."""

    kind: GapKind
    key: str  # the section's key, or the entry's code ("" for an empty report)
    title: str  # the section's title in the report's language, or the entry's reference

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def account_of(item: Item) -> str:
    """Where the government's account of an entry comes from: the accepted responses of its
    agencies ("answers"), else the narrative of its latest self-assessment ("rating"), else ""."""
    if item.answers:
        return "answers"
    rating = item.ratings.self_current
    if rating is not None and not is_blank(rating.narrative):
        return "rating"
    return ""


def untranslated(item: Item, locale: str) -> bool:
    """An entry issued in another language with no translation into the report's."""
    return item.language != locale and not item.translation(locale)


def gaps(model: ReportModel) -> list[Gap]:
    """Everything that keeps the report from being issued, in reading order."""
    found: list[Gap] = []
    if model.item_count == 0:
        found.append(Gap("empty", "", ""))
    for part in parts_of(model):
        if part.kind == "authored" and part.required and is_blank(part.text):
            found.append(Gap("section", part.key, part.title.pick(model.locale)))
    for section in model.sections:
        for item in section.items:
            if not account_of(item):
                found.append(Gap("account", item.code, item.reference))
            if untranslated(item, model.locale):
                found.append(Gap("translation", item.code, item.reference))
    return found
