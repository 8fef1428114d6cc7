"""Deciding what an uploaded file really is, by its content (never by its name)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from commitments.errors import InvalidInput
from commitments.i18n import _


class UnsupportedMedia(InvalidInput):
    """The content is not a type we accept (answered as 415)."""


class TooLarge(InvalidInput):
    """The file is over the size limit (answered as 413)."""


_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc .xls .ppt
)
_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def sniff(data: bytes) -> str:
    """The media type of accepted content; UnsupportedMedia for anything else."""
    if not data:
        raise InvalidInput(_("el archivo está vacío"))
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"PK\x03\x04"):
        return _zip_document(data)
    if _is_text(data):
        return "text/csv" if _looks_like_csv(data) else "text/plain"
    raise UnsupportedMedia(
        _("no se acepta este tipo de archivo: use PDF, imágenes, documentos de oficina, CSV o texto")
    )


def _zip_document(data: bytes) -> str:
    """Office Open XML or OpenDocument; any other zip (or a broken one) is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                media_type = archive.read("mimetype").decode("ascii", "replace").strip()
                if media_type.startswith("application/vnd.oasis.opendocument."):
                    return media_type
            if "[Content_Types].xml" in names:
                for prefix, media_type in _OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return media_type
    except (zipfile.BadZipFile, KeyError, ValueError):
        pass
    raise UnsupportedMedia(_("no se aceptan archivos comprimidos; suba los documentos"))


def _is_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the sample's end is still text
        if exc.start < len(sample) - 4:
            return False
    return not sample.startswith((b"#!", b"MZ", b"\x7fELF"))


def _looks_like_csv(data: bytes) -> bool:
    lines = data[:8192].decode("utf-8", "ignore").splitlines()[:5]
    return len(lines) >= 2 and all(line.count(",") or line.count(";") for line in lines)


# The extensions each accepted type may be stored and served under (the first when none fits).
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/x-ole-storage": (".doc", ".xls", ".ppt"),
    "text/csv": (".csv",),
    "text/plain": (".txt", ".md"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
}


def safe_file_name(name: str, media_type: str | None = None) -> str:
    """A file name safe for Content-Disposition and any file system (keeps accents): no path,
    no control or invisible formatting characters (a right-to-left override can make
    `factura\u202efdp.js` read as `factura.pdf`), and, with the sniffed `media_type`, an
    extension of that type (`informe.hta` holding text becomes `informe.hta.txt`)."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = re.sub(r"[\"<>:|?*;]", "", name).strip(" .")[:200] or "document"
    allowed = EXTENSIONS.get(media_type or "")
    if allowed and not name.lower().endswith(allowed):
        name = name[: 200 - len(allowed[0])] + allowed[0]
    return name
