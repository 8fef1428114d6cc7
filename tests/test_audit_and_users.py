"""The audit chain detects edits, deletions and reordering; users follow the password policy."""

import pytest

from commitments.actor import SYSTEM
from commitments.errors import Conflict, Forbidden, InvalidInput
from commitments.schemas import RecommendationIn
from commitments.services import audit
from commitments.services.recommendations import create_recommendation
from commitments.services.users import (
    actor_for_token,
    authenticate,
    create_token,
    create_user,
)
from commitments.tables import AuditEvent, User
from tests.cast import PASSWORD


async def _three_events(cast) -> list[dict]:
    for ref in ("A-1", "A-2", "A-3"):
        await create_recommendation(
            cast["analyst"],
            RecommendationIn(mechanism="OGP", cycle="AP3", reference=ref, text="Texto", language="es"),
        )
    return await AuditEvent.select().order_by(AuditEvent.seq, ascending=False).limit(3)


async def test_intact_chain_verifies(cast):
    await _three_events(cast)
    report = await audit.verify()
    assert report.ok and report.count == await AuditEvent.count()


async def test_editing_an_event_is_detected(cast):
    last, middle, first = await _three_events(cast)
    await AuditEvent.update({AuditEvent.after: '{"text":"otro"}'}).where(AuditEvent.id == middle["id"])
    report = await audit.verify()
    assert not report.ok and report.broken_seq == middle["seq"] and "editado" in report.reason


async def test_deleting_an_event_is_detected(cast):
    last, middle, first = await _three_events(cast)
    await AuditEvent.delete().where(AuditEvent.id == middle["id"])
    report = await audit.verify()
    assert not report.ok and report.broken_seq == last["seq"]


async def test_reordering_events_is_detected(cast):
    last, middle, first = await _three_events(cast)
    await AuditEvent.update({AuditEvent.seq: -1}).where(AuditEvent.id == middle["id"])
    await AuditEvent.update({AuditEvent.seq: middle["seq"]}).where(AuditEvent.id == last["id"])
    await AuditEvent.update({AuditEvent.seq: last["seq"]}).where(AuditEvent.id == middle["id"])
    report = await audit.verify()
    assert not report.ok and report.broken_seq == middle["seq"]


@pytest.mark.parametrize(
    "kwargs,error,message",
    [
        ({"role": "king"}, InvalidInput, "rol desconocido"),
        ({"role": "focal_point"}, InvalidInput, "necesita una institución"),
        ({"role": "focal_point", "agency_code": "NOPE"}, InvalidInput, "institución desconocida"),
        ({"role": "analyst", "agency_code": "MINFIN"}, InvalidInput, "solo los enlaces"),
        ({"role": "analyst", "password": "short"}, InvalidInput, "al menos 8"),
        ({"role": "analyst", "password": "password123"}, InvalidInput, "demasiado común"),
        ({"role": "analyst", "email": "not-an-email"}, InvalidInput, "correo no válida"),
        ({"role": "analyst", "email": "ANALISTA@test.gt"}, Conflict, "ya existe"),
    ],
)
async def test_bad_user_input_writes_nothing(cast, kwargs, error, message):
    args = {"email": "nuevo@test.gt", "password": "a long passphrase", **kwargs}
    before = await User.count()
    with pytest.raises(error, match=message):
        await create_user(SYSTEM, args.pop("email"), args.pop("password"), **args)
    assert await User.count() == before


async def test_only_admins_create_users(cast):
    with pytest.raises(Forbidden):
        await create_user(cast["analyst"], "x@test.gt", "a long passphrase", "analyst")


async def test_passwords_are_argon2id_and_login_is_uniform(cast):
    row = await User.select(User.password_hash).where(User.email == "minfin@test.gt").first()
    assert row["password_hash"].startswith("$argon2id$")
    actor = await authenticate("MINFIN@test.gt", PASSWORD)
    assert actor and actor.agency_code == "MINFIN" and actor.role == "focal_point"
    assert await authenticate("minfin@test.gt", "wrong password") is None
    assert await authenticate("nobody@test.gt", PASSWORD) is None


async def test_personal_token_stands_for_its_user_and_only_its_hash_is_stored(cast):
    token = await create_token(SYSTEM, "analista@test.gt")
    actor = await actor_for_token(token)
    assert actor and actor.email == "analista@test.gt"
    assert await actor_for_token(token + "x") is None
    from commitments.tables import ApiToken

    stored = await ApiToken.select(ApiToken.token_sha256)
    assert all(token not in row["token_sha256"] for row in stored)
