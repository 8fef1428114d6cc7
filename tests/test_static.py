"""Static files: versioned addresses cached for a year, gzip for text, ETags, nothing outside
the static folder; pages themselves are never compressed (BREACH)."""

from __future__ import annotations

import gzip
import re

from server.static import static_dir


async def test_pages_link_versioned_assets_that_are_cached_for_a_year(client):
    page = await client.get("/login")
    href = re.search(r'href="(/static/app\.css\?v=([0-9a-f]{12}))"', page.text)
    assert href, "the stylesheet is linked by a versioned address"
    answer = await client.get(href.group(1))
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert answer.headers["content-type"].startswith("text/css")
    stale = await client.get("/static/app.css?v=000000000000")
    assert stale.headers["cache-control"] == "public, max-age=300"  # an old page's link
    assert re.search(r'src="/static/vendor/htmx\.min\.js\?v=[0-9a-f]{12}"', page.text)


async def test_text_assets_are_gzipped_for_clients_that_accept_it(client):
    raw = (static_dir() / "vendor" / "htmx.min.js").read_bytes()
    plain = await client.get("/static/vendor/htmx.min.js", headers={"Accept-Encoding": "identity"})
    assert plain.content == raw and "content-encoding" not in plain.headers
    packed = await client.get("/static/vendor/htmx.min.js", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["content-encoding"] == "gzip" and packed.headers["vary"] == "Accept-Encoding"
    # httpx decodes gzip for us; the size on the wire is the header's
    assert packed.content == raw or gzip.decompress(packed.content) == raw
    assert int(packed.headers["content-length"]) < len(raw) / 2


async def test_an_unchanged_asset_answers_304_and_nothing_outside_the_folder_is_served(client):
    first = await client.get("/static/app.js")
    again = await client.get("/static/app.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    for path in ("/static/../base.html", "/static/%2e%2e/base.html", "/static/nope.css", "/static/vendor"):
        assert (await client.get(path)).status_code == 404, path


async def test_pages_are_not_compressed(client):
    page = await client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in page.headers
