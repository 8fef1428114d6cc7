"""Mail: notices queued with the event that causes them, reminders given once, and delivery
to a real SMTP server (aiosmtpd started here) with retries."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from commitments import clock
from commitments.errors import Conflict
from commitments.mail import reminders, sender
from commitments.schemas import AssignmentIn, PeriodIn, ResponseIn, ReviewIn
from commitments.services.assignments import assign
from commitments.services.periods import create_period
from commitments.services.responses import review_response, save_response
from commitments.settings import Settings
from commitments.tables import Mail, Recommendation, Reminder, User
from tests.mailtrap import body_of, smtp_trap

DEADLINE = dt.date(2031, 7, 15)
ZONE = dt.timezone(dt.timedelta(hours=-6))


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


async def _mails(email: str | None = None, kind: str | None = None) -> list[dict]:
    query = Mail.select().order_by(Mail.id)
    if email:
        query = query.where(Mail.to_email == email)
    if kind:
        query = query.where(Mail.kind == kind)
    return list(await query)


async def _recs(n: int) -> list[int]:
    rows = await Recommendation.select(Recommendation.id).order_by(Recommendation.id).limit(n)
    return [r["id"] for r in rows]


async def _period(cast, code: str = "2031-S1") -> None:
    await create_period(
        cast["analyst"],
        PeriodIn(
            code=code, starts_on=dt.date(2031, 1, 1), ends_on=dt.date(2031, 6, 30), response_deadline=DEADLINE
        ),
        open_now=True,
    )


async def test_an_assignment_tells_the_agencys_focal_points_in_their_language(cast):
    await User.update({User.locale: "en"}).where(User.email == "minfin@test.gt")
    rec = (await _recs(1))[0]
    assignment = await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    [mail] = await _mails("minfin@test.gt")
    code = (await Recommendation.select(Recommendation.code).where(Recommendation.id == rec).first())["code"]
    assert mail["kind"] == "assigned" and mail["locale"] == "en"
    assert mail["subject"] == f"New assignment: {code}"
    assert mail["link"] == f"http://localhost:8000/inbox/{assignment}"
    assert "(Lead)" in mail["body_text"] and mail["link"] in mail["body_text"]
    assert f'href="{mail["link"]}"' in mail["body_html"]
    assert await _mails("sat@test.gt") == []  # another agency hears nothing


async def test_a_refused_change_queues_nothing(cast):
    rec = (await _recs(1))[0]
    await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    before = len(await _mails())
    with pytest.raises(Conflict):
        await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    assert len(await _mails()) == before


async def test_a_returned_answer_carries_the_comment_and_an_accepted_one_says_so(cast):
    await _period(cast)
    rec = (await _recs(1))[0]
    assignment = await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    first = await save_response(
        cast["minfin"],
        assignment,
        ResponseIn(period="2031-S1", actions_taken="Se publicó la norma.", submit=True),
    )
    await review_response(
        cast["analyst"], first.id, ReviewIn(decision="return", comment="Adjunte el acuerdo <b>firmado</b>.")
    )
    [returned] = await _mails("minfin@test.gt", "returned")
    assert "Adjunte el acuerdo <b>firmado</b>." in returned["body_text"]
    assert "Adjunte el acuerdo &lt;b&gt;firmado&lt;/b&gt;." in returned["body_html"]  # never markup
    assert returned["subject"].startswith("Respuesta devuelta:")
    again = await save_response(
        cast["minfin"],
        assignment,
        ResponseIn(
            period="2031-S1",
            actions_taken="Se publicó la norma firmada.",
            proposed_level="satisfactory",
            submit=True,
        ),
    )
    await review_response(cast["analyst"], again.id, ReviewIn(decision="accept", comment=""))
    [accepted] = await _mails("minfin@test.gt", "accepted")
    assert accepted["subject"].startswith("Respuesta aceptada:")
    assert accepted["link"].endswith(f"/inbox/{assignment}")


async def test_reminders_are_given_once_per_kind_and_escalate_after_the_threshold(cast):
    await _period(cast)
    recs = await _recs(3)
    mine = [await assign(cast["analyst"], r, AssignmentIn(agency="MINFIN")) for r in recs[:2]]
    await assign(cast["analyst"], recs[2], AssignmentIn(agency="SAT"))
    await save_response(
        cast["sat"],
        (await _sat_assignment(recs[2])),
        ResponseIn(period="2031-S1", actions_taken="Hecho.", submit=True),
    )

    assert (await reminders.remind(DEADLINE - dt.timedelta(days=10))).reminders == {}
    first = await reminders.remind(DEADLINE - dt.timedelta(days=5))
    assert first.reminders["due_7"] >= 2
    [due7] = await _mails("minfin@test.gt", "due_7")
    from commitments.tables import Assignment

    pending = await Assignment.count().where(Assignment.agency._.code == "MINFIN")
    assert f"{pending} asignaciones sin respuesta enviada" in due7["body_text"]
    for code in await Recommendation.select(Recommendation.code).where(Recommendation.id.is_in(recs[:2])):
        assert code["code"] in due7["body_text"]
    answered = (await Recommendation.select(Recommendation.code).where(Recommendation.id == recs[2]).first())[
        "code"
    ]
    assert all(answered not in m["body_text"] for m in await _mails("sat@test.gt", "due_7"))  # answered
    again = await reminders.remind(DEADLINE - dt.timedelta(days=4))
    assert again.reminders["due_7"] == 0 and len(await _mails("minfin@test.gt", "due_7")) == 1

    await reminders.remind(DEADLINE - dt.timedelta(days=1))
    assert len(await _mails("minfin@test.gt", "due_1")) == 1
    await reminders.remind(DEADLINE + dt.timedelta(days=1))
    assert len(await _mails("minfin@test.gt", "overdue")) == 1
    assert await _mails(kind="escalation") == []
    await reminders.remind(DEADLINE + dt.timedelta(days=7))  # COMMITMENTS_ESCALATION_DAYS=7
    assert len(await _mails("minfin@test.gt", "escalation")) == 1
    [to_commission] = await _mails("analista@test.gt", "escalation")
    assert "Ministerio de Finanzas" in to_commission["body_text"] or "MINFIN" in to_commission["body_text"]

    def not_digests(mails: list[dict]) -> int:
        return sum(m["kind"] != "digest" for m in mails)

    before = not_digests(await _mails())
    later = await reminders.remind(DEADLINE + dt.timedelta(days=8))
    assert later.reminders == {"overdue": 0, "escalation": 0}
    assert not_digests(await _mails()) == before  # a day later: only the day's digest is new
    keys = [r["key"] for r in await Reminder.select(Reminder.key).where(Reminder.assignment.is_in(mine))]
    assert sorted(k.split(":")[0] for k in keys) == sorted(["due_7", "due_1", "overdue", "escalation"] * 2)


async def _sat_assignment(rec: int) -> int:
    from commitments.tables import Assignment

    row = (
        await Assignment.select(Assignment.id)
        .where(Assignment.recommendation == rec, Assignment.agency._.code == "SAT")
        .first()
    )
    return row["id"]


async def test_the_commission_gets_a_daily_digest_only_when_there_is_something_to_say(cast):
    await _period(cast)
    day = DEADLINE - dt.timedelta(days=30)
    await reminders.remind(day)
    assert await _mails("analista@test.gt", "digest") == []
    rec = (await _recs(1))[0]
    assignment = await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    await save_response(
        cast["minfin"], assignment, ResponseIn(period="2031-S1", actions_taken="Hecho.", submit=True)
    )
    await reminders.remind(day)
    await reminders.remind(day)
    [digest] = await _mails("analista@test.gt", "digest")
    assert "1 respuesta enviada espera revisión." in digest["body_text"]
    await reminders.remind(day + dt.timedelta(days=1))
    assert len(await _mails("analista@test.gt", "digest")) == 2


async def test_delivery_sends_each_message_once_as_text_and_html(cast):
    rec = (await _recs(1))[0]
    await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    with smtp_trap() as trap:
        settings = Settings(smtp_url=trap.url, mail_from="comision@transparencia.gob.gt")
        done = await sender.deliver(settings=settings)
        assert done.sent == 1
        assert (await sender.deliver(settings=settings)).sent == 0
        [message] = trap.to("minfin@test.gt")
    assert message["From"] == "comision@transparencia.gob.gt"
    assert re.fullmatch(r"<mail-\d+\.[0-9a-f]{16}@transparencia\.gob\.gt>", message["Message-ID"])
    assert "Nueva asignación" in message["Subject"]
    assert "/inbox/" in body_of(message) and "<a href=" in body_of(message, "html")
    [row] = await _mails("minfin@test.gt")
    assert row["state"] == "sent" and row["sent_at"] is not None and row["attempts"] == 1


async def test_mail_waits_while_the_server_is_down_and_goes_out_when_it_is_back(cast):
    rec = (await _recs(1))[0]
    await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    from tests.clirun import free_port

    port = free_port()
    down = Settings(smtp_url=f"smtp://127.0.0.1:{port}")
    start = clock.now()
    with clock.pinned(start):
        done = await sender.deliver(settings=down)
    assert (done.sent, done.retried) == (0, 1)
    [row] = await _mails("minfin@test.gt")
    assert row["state"] == "queued" and row["attempts"] == 1 and "connect" in row["last_error"]
    with smtp_trap(port=port) as trap:
        with clock.pinned(start + dt.timedelta(seconds=30)):  # before the first backoff (1 min)
            assert (await sender.deliver(settings=down)).sent == 0
        with clock.pinned(start + dt.timedelta(minutes=2)):
            assert (await sender.deliver(settings=down)).sent == 1
        assert len(trap.to("minfin@test.gt")) == 1
    [row] = await _mails("minfin@test.gt")
    assert row["state"] == "sent" and row["attempts"] == 2


async def test_a_refused_recipient_fails_at_once_and_others_still_go(cast):
    recs = await _recs(2)
    await assign(cast["analyst"], recs[0], AssignmentIn(agency="MINFIN"))
    await assign(cast["analyst"], recs[1], AssignmentIn(agency="SAT"))
    with smtp_trap(refuse={"minfin@test.gt"}) as trap:
        done = await sender.deliver(settings=Settings(smtp_url=trap.url))
        assert (done.sent, done.failed) == (1, 1)
        assert len(trap.to("sat@test.gt")) == 1
    [row] = await _mails("minfin@test.gt")
    assert row["state"] == "failed" and "550" in row["last_error"]


async def test_a_message_claimed_by_a_sender_that_died_is_sent_after_the_lease(cast):
    rec = (await _recs(1))[0]
    await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    start = clock.now()
    with clock.pinned(start):
        [claimed] = await sender.claim()  # ...and the sender dies here
    with smtp_trap() as trap:
        settings = Settings(smtp_url=trap.url)
        with clock.pinned(start + dt.timedelta(minutes=5)):
            assert (await sender.deliver(settings=settings)).sent == 0  # still leased
        with clock.pinned(start + sender.LEASE + dt.timedelta(seconds=1)):
            done = await sender.deliver(settings=settings)
        assert (done.recovered, done.sent) == (1, 1)
        assert len(trap.to("minfin@test.gt")) == 1


async def test_opening_a_period_tells_the_focal_points_of_agencies_with_work(cast):
    rec = (await _recs(1))[0]
    await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    await _period(cast)
    [opened] = await _mails("minfin@test.gt", "period_opened")
    assert opened["subject"] == "Periodo de informe 2031-S1 abierto"
    assert "15 de julio de 2031" in opened["body_text"] and opened["link"].endswith("/inbox")
    assert await _mails("analista@test.gt", "period_opened") == []  # the commission opened it


async def test_the_link_in_a_mail_opens_the_exact_page_for_its_recipient(client, cast):
    from tests.web import login

    rec = (await _recs(1))[0]
    await _period(cast)
    await assign(cast["analyst"], rec, AssignmentIn(agency="MINFIN"))
    [mail] = await _mails("minfin@test.gt", "assigned")
    path = mail["link"].removeprefix("http://localhost:8000")
    await login(client, "minfin")
    page = await client.get(path)
    assert page.status_code == 200
    code = (await Recommendation.select(Recommendation.code).where(Recommendation.id == rec).first())["code"]
    assert code in page.text and 'name="actions_taken"' in page.text
    await login(client, "sat")  # another agency's focal point following the same link
    assert (await client.get(path)).status_code == 404
