"""What a report still lacks before it can be issued: one rule for the draft's marks, the
report page's checklist and finalize's refusal (422 with the list)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from commitments.kinds import needs_account
from commitments.reports.markdown_text import is_blank
from commitments.reports.model import Item, ReportModel
from commitments.reports.templates import parts_of
from commitments.vocabulary import TranslationState

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
    """A text issued in another language whose translation into the report's is missing or
    not yet reviewed by the commission."""
    return item.translation_state(locale) != TranslationState.REVIEWED


def gaps(model: ReportModel) -> list[Gap]:
    """Everything that keeps the report from being issued, in reading order: every entry that
    asks for action needs the government's account; every text (measures included) a reviewed
    translation into the report's language."""
    found: list[Gap] = []
    if model.item_count == 0:
        found.append(Gap("empty", "", ""))
    for part in parts_of(model):
        if part.kind == "authored" and part.required and is_blank(part.text):
            found.append(Gap("section", part.key, part.title.pick(model.locale)))
    for section in model.sections:
        for entry in section.items:
            if needs_account(entry.kind) and not account_of(entry):
                found.append(Gap("account", entry.code, entry.reference))
            for item in entry.walk():
                if untranslated(item, model.locale):
                    found.append(Gap("translation", item.code, item.reference))
    return found
