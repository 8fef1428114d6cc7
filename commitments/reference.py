"""Loading reference data from seeds/.

Shared by every country (seeds/*.yaml): the mechanisms, their rating scales and the provisions
they review. One country's own (seeds/<ISO2>/*.yaml, when present): its agencies, review cycles
and recommendations. A country without a folder gets the shared part only, and its commission
imports the rest (`commitments import`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from pydantic import BaseModel

from commitments import policy
from commitments.actor import SYSTEM, Actor
from commitments.db import writing
from commitments.resources import resource_dir
from commitments.services import audit
from commitments.services.country import seed_issuer
from commitments.settings import get_settings
from commitments.tables import (
    Agency,
    Country,
    Cycle,
    Mechanism,
    Provision,
    RatingLevel,
    Recommendation,
    ReviewDocument,
    Scale,
)

COUNTRY_FILES = ("agencies.yaml", "cycles.yaml", "recommendations.yaml")


ISSUER_FILE = "issuer.yaml"


def read_seed(name: str, seeds: Path | None = None) -> Any:
    """Parse one YAML file of seeds/ (a country's as `GT/agencies.yaml`)."""
    with open((seeds or resource_dir("seeds")) / name, encoding="utf-8") as handle:
        # libyaml's safe loader where PyYAML was built with it: the seeds parse ten times faster.
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def country_seeds(iso2: str, seeds: Path | None = None) -> Path | None:
    """The folder of a country's own seeds, or None when this country has none."""
    folder = (seeds or resource_dir("seeds")) / iso2.upper()
    return folder if all((folder / name).exists() for name in COUNTRY_FILES) else None


def country_names(iso2: str) -> tuple[str, str]:
    """The country's name in Spanish and English (Babel's territory names)."""
    return Locale("es").territories.get(iso2, iso2), Locale("en").territories.get(iso2, iso2)


async def _upsert(table: Any, where: Any, values: dict[str, Any]) -> tuple[int, bool]:
    """Insert or update one row by its natural key; return (id, changed)."""
    row = await table.select().where(where).first()
    if row is None:
        new = table(**values)
        await new.save()
        return new.id, True
    changed = {k: v for k, v in values.items() if row.get(k) != v}
    if changed:
        await table.update(changed).where(table.id == row["id"])
    return row["id"], bool(changed)


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


class LoadedReference(BaseModel):
    """What loading the seeds changed, and whether the country had seeds of its own."""

    country: str
    own_seeds: bool
    changes: dict[str, int]


async def load_reference(actor: Actor = SYSTEM, seeds: Path | None = None) -> LoadedReference:
    """Load or refresh the shared seeds and the configured country's own (a second run changes
    nothing); count the changes."""
    iso2 = get_settings().country
    own = country_seeds(iso2, seeds)
    counts = dict.fromkeys(("mechanisms", "levels", "provisions", "agencies", "cycles", "documents"), 0)
    counts.update(dict.fromkeys(("created", "updated", "unchanged", "assignments"), 0))
    async with writing():
        country = await _load_country(iso2)
        mechanisms = await _load_mechanisms(read_seed("mechanisms.yaml", seeds), counts)
        await _load_levels(read_seed("scales.yaml", seeds), mechanisms, counts)
        await _load_provisions(read_seed("provisions.yaml", seeds), mechanisms, counts)
        if own is not None:
            await _load_agencies(read_seed("agencies.yaml", own), iso2, country, counts)
            await _load_cycles(read_seed("cycles.yaml", own), mechanisms, country, counts)
            if (own / "documents.yaml").exists():
                await _load_documents(read_seed("documents.yaml", own), mechanisms, country, counts)
            if (own / ISSUER_FILE).exists():  # who issues the reports: fills only empty fields
                filled = await seed_issuer(iso2, read_seed(ISSUER_FILE, own))
                if filled:  # a second load fills nothing and says nothing
                    counts["issuer"] = filled
            items = read_seed("recommendations.yaml", own)["recommendations"]
            counts.update(await load_items(actor, items, source=f"seeds/{iso2}/recommendations.yaml"))
        if any(counts.values()):
            await audit.record(actor, "reference.load", "seeds", iso2, after=counts)
    return LoadedReference(country=iso2, own_seeds=own is not None, changes=counts)


async def _load_country(iso2: str) -> int:
    name_es, name_en = country_names(iso2)
    row = await Country.select(Country.id).where(Country.iso2 == iso2).first()
    if row:
        return row["id"]
    country = Country(iso2=iso2, name_es=name_es, name_en=name_en)
    await country.save()
    return country.id


async def _load_mechanisms(data: dict[str, Any], counts: dict[str, int]) -> dict[str, int]:
    ids = {}
    for item in data["mechanisms"]:
        values = {
            key: item.get(key, "") or ""
            for key in ("code", "name_es", "name_en", "body_es", "body_en", "url")
        }
        ids[item["code"]], changed = await _upsert(Mechanism, Mechanism.code == item["code"], values)
        counts["mechanisms"] += changed
    return ids


def _scales(code: str, section: dict[str, Any]) -> list[dict[str, Any]]:
    """A mechanism's scales in seeds/scales.yaml: its own (coded by the mechanism's code), then
    those of earlier models; a mechanism without levels rates nothing and has none."""
    first = {"code": code, "es": section.get("scale_es", ""), "en": section.get("scale_en", "")}
    scales = [{**first, "levels": section["levels"]}] if section.get("levels") else []
    return scales + list(section.get("other_scales") or [])


async def _load_levels(data: dict[str, Any], mechanisms: dict[str, int], counts: dict[str, int]) -> None:
    for code, mechanism_id in mechanisms.items():
        for position, scale in enumerate(_scales(code, data[code])):
            values = {
                "mechanism": mechanism_id,
                "code": scale["code"],
                "name_es": scale.get("es", ""),
                "name_en": scale.get("en", ""),
                "position": position,
            }
            scale_id, changed = await _upsert(
                Scale, (Scale.mechanism == mechanism_id) & (Scale.code == scale["code"]), values
            )
            counts["levels"] += changed
            await _load_scale_levels(mechanism_id, scale_id, scale["levels"], counts)


async def _load_scale_levels(
    mechanism_id: int, scale_id: int, levels: list[dict[str, Any]], counts: dict[str, int]
) -> None:
    for position, level in enumerate(levels):
        values = {
            "mechanism": mechanism_id,
            "scale": scale_id,
            "code": str(level["code"]),
            "label_es": level["es"],
            "label_en": level["en"],
            "state": level["state"],
            "progress": level.get("progress"),
            "position": position,
        }
        _, changed = await _upsert(
            RatingLevel, (RatingLevel.scale == scale_id) & (RatingLevel.code == values["code"]), values
        )
        counts["levels"] += changed


async def _load_provisions(data: dict[str, Any], mechanisms: dict[str, int], counts: dict[str, int]) -> None:
    for code, mechanism_id in mechanisms.items():
        section = data.get(code) or {}
        groups = section.get("groups") or {}
        for position, item in enumerate(section.get("provisions") or []):
            group = str(item.get("group", ""))
            titles = groups.get(group) or {}
            values = {
                "mechanism": mechanism_id,
                "code": str(item["code"]),
                "group": group,
                "group_title_es": titles.get("es", group),
                "group_title_en": titles.get("en", group),
                "title_es": item["es"],
                "title_en": item["en"],
                "position": position,
            }
            _, changed = await _upsert(
                Provision, (Provision.mechanism == mechanism_id) & (Provision.code == values["code"]), values
            )
            counts["provisions"] += changed


async def _load_agencies(data: dict[str, Any], iso2: str, country: int, counts: dict[str, int]) -> None:
    if str(data.get("country", iso2)).upper() != iso2:
        raise ValueError(f"seeds/{iso2}/agencies.yaml names country {data.get('country')}")
    for item in data["agencies"]:
        values = {
            "country": country,
            "code": item["code"],
            "name_es": item["es"],
            "name_en": item["en"],
            "branch": item.get("branch", "executive"),
        }
        _, changed = await _upsert(
            Agency, (Agency.country == country) & (Agency.code == item["code"]), values
        )
        counts["agencies"] += changed


async def _load_cycles(
    data: dict[str, Any], mechanisms: dict[str, int], country: int, counts: dict[str, int]
) -> None:
    for item in data["cycles"]:
        mechanism_id = mechanisms[item["mechanism"]]
        values = {
            "mechanism": mechanism_id,
            "country": country,
            "code": item["code"],
            "name_es": item.get("name_es") or item["code"],
            "name_en": item.get("name_en") or item.get("name_es") or item["code"],
            "report_title": item.get("report_title") or "",
            "report_url": item.get("report_url") or "",
            "starts_on": _date(item.get("starts_on")),
            "ends_on": _date(item.get("ends_on")),
            "adopted_on": _date(item.get("adopted_on")),
            "scale": await _scale_id(mechanism_id, item.get("scale")),
        }
        _, changed = await _upsert(
            Cycle,
            (Cycle.mechanism == mechanism_id) & (Cycle.country == country) & (Cycle.code == item["code"]),
            values,
        )
        counts["cycles"] += changed


async def _scale_id(mechanism_id: int, code: str | None) -> int | None:
    if not code:
        return None
    row = await Scale.select(Scale.id).where((Scale.mechanism == mechanism_id) & (Scale.code == code)).first()
    if row is None:
        raise ValueError(f"seeds: cycle names unknown scale {code}")
    return row["id"]


async def _load_documents(
    data: dict[str, Any], mechanisms: dict[str, int], country: int, counts: dict[str, int]
) -> None:
    """The review documents reviewers' ratings cite (seeds/<ISO2>/documents.yaml, optional)."""
    for item in data.get("documents") or []:
        mechanism_id = mechanisms[item["mechanism"]]
        cycle = None
        if item.get("cycle"):
            row = (
                await Cycle.select(Cycle.id)
                .where(
                    (Cycle.mechanism == mechanism_id)
                    & (Cycle.country == country)
                    & (Cycle.code == item["cycle"])
                )
                .first()
            )
            if row is None:
                raise ValueError(f"seeds: document {item['reference']} names unknown cycle {item['cycle']}")
            cycle = row["id"]
        values = {
            "country": country,
            "mechanism": mechanism_id,
            "cycle": cycle,
            "kind": item.get("kind", "report"),
            "reference": item["reference"],
            "title": item.get("title") or "",
            "issued_on": _date(item.get("issued_on")),
            "url": item.get("url") or "",
        }
        _, changed = await _upsert(
            ReviewDocument,
            (ReviewDocument.country == country)
            & (ReviewDocument.mechanism == mechanism_id)
            & (ReviewDocument.reference == item["reference"]),
            values,
        )
        counts["documents"] += changed


async def load_items(actor: Actor, items: list[dict[str, Any]], source: str) -> dict[str, int]:
    """Upsert recommendations in the import format and assign their agencies (first = lead)."""
    from commitments.imports import import_items

    result = await import_items(actor, items, source=source)
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "assignments": result.assignments_created,
    }


async def reference_counts() -> dict[str, int]:
    """How many rows of each reference kind are loaded: shared ones, and the country's own."""
    return {
        "mechanisms": await Mechanism.count(),
        "levels": await RatingLevel.count(),
        "provisions": await Provision.count(),
        "agencies": await Agency.count().where(policy.agencies()),
        "cycles": await Cycle.count().where(policy.cycles()),
        "recommendations": await Recommendation.count().where(Recommendation.country.is_in(policy.country())),
    }
