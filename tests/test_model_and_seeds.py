"""The data model and the seeded reference data."""

from commitments.errors import Conflict
from commitments.reference import load_reference, read_seed
from commitments.tables import (
    Agency,
    Assignment,
    Cycle,
    Mechanism,
    Provision,
    RatingLevel,
    Recommendation,
)


async def test_six_mechanisms_are_seeded_with_their_native_scales(cast):
    codes = {row["code"] for row in await Mechanism.select(Mechanism.code)}
    assert codes == {"MESICIC", "UNCAC", "EITI", "COST", "STAR", "OGP"}
    ogp = (
        await RatingLevel.select(RatingLevel.code, RatingLevel.label_es, RatingLevel.state)
        .where(RatingLevel.mechanism.code == "OGP")
        .order_by(RatingLevel.position)
    )
    assert [r["code"] for r in ogp] == ["not_started", "limited", "substantial", "complete"]
    assert ogp[1]["label_es"] == "Limitado"
    states = {r["state"] for r in await RatingLevel.select(RatingLevel.state)}
    assert states <= {"not_started", "in_progress", "substantial", "complete", "not_applicable"}


async def test_at_least_38_agencies_and_40_real_recommendations_with_sources(cast):
    assert await Agency.count() >= 38
    items = await Recommendation.select().where(Recommendation.sample.eq(False))
    assert len(items) >= 40
    assert all(item["source_url"].startswith("http") for item in items)
    assert all(item["text"] for item in items)


async def test_seeded_text_is_verbatim_from_the_seed_file(cast):
    seed = read_seed("GT/recommendations.yaml")["recommendations"][0]
    code = f"{seed['mechanism']}-{seed['cycle']}-{seed['reference']}"
    row = await Recommendation.select(Recommendation.text).where(Recommendation.code == code).first()
    assert row["text"] == seed["text"]


async def test_provisions_link_recommendations_for_grouping(cast):
    row = (
        await Recommendation.select(Recommendation.provision.code)
        .where(Recommendation.code == "MESICIC-R1-III.1-1.1")
        .first()
    )
    assert row["provision.code"] == "III.1"
    assert await Provision.count().where(Provision.mechanism.code == "STAR") > 0


async def test_loading_reference_twice_changes_nothing(cast):
    before = await Recommendation.count()
    loaded = await load_reference()
    assert loaded.country == "GT" and loaded.own_seeds
    assert loaded.changes == {
        "mechanisms": 0,
        "levels": 0,
        "provisions": 0,
        "agencies": 0,
        "cycles": 0,
        "documents": 0,
        "created": 0,
        "updated": 0,
        "unchanged": before,
        "assignments": 0,
    }
    assert await Recommendation.count() == before


async def test_seeded_lead_agency_is_assigned(cast):
    rows = (
        await Assignment.select(Assignment.agency.code, Assignment.role)
        .where(Assignment.recommendation.code == "OGP-AP3-GT0078")
        .order_by(Assignment.id)
    )
    assert rows[0] == {"agency.code": "MINFIN", "role": "lead"}
    assert {r["role"] for r in rows[1:]} == {"support"}


async def test_unique_keys_hold_on_this_database(cast):
    cycle = await Cycle.select().where(Cycle.code == "R1").first()
    duplicate = Cycle(mechanism=cycle["mechanism"], country=cycle["country"], code="R1")
    import pytest

    from commitments.db import writing

    with pytest.raises(Conflict):
        async with writing():
            await duplicate.save()


def test_every_migration_file_is_named_after_its_id():
    """`known_migrations()` reads IDs from file names (no import at every command's start):
    each file's name must give the ID its module declares."""
    import importlib
    import pkgutil

    from commitments import piccolo_migrations
    from commitments.db import known_migrations

    declared = sorted(
        importlib.import_module(f"commitments.piccolo_migrations.{info.name}").ID
        for info in pkgutil.iter_modules(piccolo_migrations.__path__)
    )
    assert len(declared) > 20
    assert known_migrations() == declared
