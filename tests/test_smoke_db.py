from commitments.tables import Mechanism, Recommendation, RatingLevel


async def test_seeds_are_loaded(cast):
    assert await Mechanism.count() == 6
    assert await RatingLevel.count() >= 20


async def test_writes_are_rolled_back_between_tests_part_one(cast):
    await Mechanism.update({Mechanism.name_en: "changed"}).where(Mechanism.code == "OGP")
    row = await Mechanism.select(Mechanism.name_en).where(Mechanism.code == "OGP").first()
    assert row["name_en"] == "changed"


async def test_writes_are_rolled_back_between_tests_part_two(cast):
    row = await Mechanism.select(Mechanism.name_en).where(Mechanism.code == "OGP").first()
    assert row["name_en"] == "Open Government Partnership"
    assert await Recommendation.count() == 46
