"""Hashing an uploaded file as it arrives, without holding it: verifying a report needs only the
PDF's SHA-256, so a large (or hostile) upload costs a buffer, not its size in memory."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from litestar import Request
from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header

from commitments.errors import InvalidInput
from commitments.i18n import _
from commitments.uploads import TooLarge

_NAME = re.compile(rb'name="([^"]*)"')
_FILENAME = re.compile(rb'filename="([^"]*)"')


@dataclass
class Digest:
    sha256: str
    size: int
    file_name: str


async def streamed_digest(request: Request[Any, Any, Any], limit: int, field: str = "file") -> Digest | None:
    """The SHA-256 of the `field` part of a multipart body (or of a whole `application/pdf`
    body), read chunk by chunk; None when no file was sent."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    hasher = hashlib.sha256()
    found = _Found()
    if content_type == b"application/pdf":
        async for chunk in _bounded(request, limit):
            hasher.update(chunk)
            found.size += len(chunk)
        return Digest(hasher.hexdigest(), found.size, "") if found.size else None
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise InvalidInput(_("envíe el PDF en el campo multipart `file`"))
    parser = MultipartParser(boundary, found.callbacks(hasher, field.encode()))
    async for chunk in _bounded(request, limit):
        parser.write(chunk)
    parser.finalize()
    if not found.seen or not found.size:
        return None
    return Digest(hasher.hexdigest(), found.size, found.file_name)


async def _bounded(request: Request[Any, Any, Any], limit: int) -> Any:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise TooLarge(_("el archivo supera %(mb)s MB"), mb=limit // (1024 * 1024))
        yield chunk


class _Found:
    """What the parser saw of the wanted part."""

    def __init__(self) -> None:
        self.seen = False
        self.size = 0
        self.file_name = ""
        self._header = b""
        self._in_wanted = False

    def callbacks(self, hasher: Any, wanted: bytes) -> Any:
        def on_header_value(data: bytes, start: int, end: int) -> None:
            self._header += data[start:end]

        def on_header_end() -> None:
            name = _NAME.search(self._header)
            if name and name.group(1) == wanted and b"filename=" in self._header and not self.seen:
                self._in_wanted = self.seen = True
                filename = _FILENAME.search(self._header)
                self.file_name = filename.group(1).decode("utf-8", "replace") if filename else ""
            self._header = b""

        def on_part_begin() -> None:
            self._in_wanted = False

        def on_part_data(data: bytes, start: int, end: int) -> None:
            if self._in_wanted:
                hasher.update(data[start:end])
                self.size += end - start

        return {
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
        }
