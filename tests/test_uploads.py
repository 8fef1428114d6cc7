"""Evidence files: sniffed by content, size-limited, stored once by SHA-256, served as attachments."""

import hashlib
import io
import zipfile

import pytest

from commitments import storage
from commitments.errors import InvalidInput
from commitments.schemas import EvidenceIn
from commitments.services.evidence import upload_evidence
from commitments.tables import Evidence, Recommendation
from commitments.uploads import UnsupportedMedia, safe_file_name, sniff
from tests.web import csrf, login


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content,media_type",
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        (_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("código;nombre\nMINFIN;Ministerio de Finanzas\n".encode(), "text/csv"),
        ("Informe de avance: sí, ¿cuándo? ¡ya!".encode(), "text/plain"),
    ],
)
def test_accepted_types_are_recognised_by_content(content, media_type):
    assert sniff(content) == media_type


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",  # a Windows executable
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 20,  # a Linux executable
        b"#!/bin/sh\nrm -rf /\n",
        b"PK\x03\x04" + b"not really a zip",
        b"\x00\x01\x02\x03binary",
    ],
)
def test_executables_and_unknown_binaries_are_refused(content):
    with pytest.raises(UnsupportedMedia):
        sniff(content)


def test_file_names_are_sanitised():
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name('inf"orme;\r\n.pdf') == "informe.pdf"
    assert safe_file_name("C:\\Users\\x\\Acta Nº 5 — año.pdf") == "Acta Nº 5 — año.pdf"
    assert safe_file_name("...") == "document"


def _fields(**values: str) -> dict:
    """Multipart fields without a file (httpx sends multipart only when `files` is given)."""
    return {name: (None, value) for name, value in values.items()}


async def _rec_id() -> int:
    return (
        await Recommendation.select(Recommendation.id).where(Recommendation.code == "OGP-AP3-GT0079").first()
    )["id"]


async def test_same_file_uploaded_twice_is_stored_once(cast):
    rec = await _rec_id()
    content = b"%PDF-1.4 same content twice"
    first = await upload_evidence(cast["minfin"], rec, EvidenceIn(title="A"), content, "a.pdf")
    second = await upload_evidence(cast["minfin"], rec, EvidenceIn(title="B"), content, "b.pdf")
    rows = await Evidence.select(Evidence.file_sha256).where(Evidence.id.is_in([first, second]))
    digest = hashlib.sha256(content).hexdigest()
    assert {r["file_sha256"] for r in rows} == {digest}
    assert storage.read_bytes(digest) == content


async def test_failure_midway_leaves_no_row(cast):
    rec = await _rec_id()
    content = b"%PDF-1.4 never stored " + rec.to_bytes(4, "big") * 3
    digest = hashlib.sha256(content).hexdigest()
    before = await Evidence.count()
    with pytest.raises(InvalidInput):  # the response does not belong to this recommendation
        await upload_evidence(cast["minfin"], rec, EvidenceIn(title="x", response=987654), content, "x.pdf")
    assert await Evidence.count() == before
    # The file stays for `commitments files sweep`: tests/test_files.py says why.
    assert storage.exists(digest)


async def test_upload_over_the_limit_is_413_and_renamed_executable_is_415(client, settings, monkeypatch):
    await login(client, "minfin")
    rec = await _rec_id()
    url = f"/api/v1/recommendations/{rec}/evidence"
    exe = await client.post(
        url,
        headers=csrf(client),
        data={"title": "acta"},
        files={"file": ("acta.pdf", b"MZ\x90\x00" + b"\x00" * 64)},
    )
    assert exe.status_code == 415
    monkeypatch.setattr(settings, "max_upload_mb", 1)
    big = await client.post(
        url,
        headers=csrf(client),
        data={"title": "grande"},
        files={"file": ("big.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10))},
    )
    assert big.status_code == 413


async def test_download_is_an_attachment_with_the_sanitised_name(client):
    await login(client, "minfin")
    rec = await _rec_id()
    made = await client.post(
        f"/api/v1/recommendations/{rec}/evidence",
        headers=csrf(client),
        data={"title": "Acta", "evidence_date": "2026-10-01"},
        files={"file": ('Acta "final";.pdf', b"%PDF-1.4 acta")},
    )
    assert made.status_code == 201, made.text
    evidence = made.json()
    assert evidence["file_sha256"] == hashlib.sha256(b"%PDF-1.4 acta").hexdigest()
    download = await client.get(f"/api/v1/evidence/{evidence['id']}/file")
    assert download.content == b"%PDF-1.4 acta"
    assert download.headers["content-disposition"].startswith('attachment; filename="Acta final.pdf"')
    assert download.headers["content-type"] == "application/pdf"
    link = await client.post(
        f"/api/v1/recommendations/{rec}/evidence",
        headers=csrf(client),
        files=_fields(title="Portal", url="https://www.minfin.gob.gt/", kind="link"),
    )
    assert link.status_code == 201
    bad = await client.post(
        f"/api/v1/recommendations/{rec}/evidence",
        headers=csrf(client),
        files=_fields(title="Portal", url="javascript:alert(1)"),
    )
    assert bad.status_code == 400
    nothing = await client.post(
        f"/api/v1/recommendations/{rec}/evidence", headers=csrf(client), files=_fields(title="vacío")
    )
    assert nothing.status_code == 422
