"""HTTP bodies shared by the Hub and URL stand-ins: HEAD, GET and single byte ranges, streamed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from werkzeug.wrappers import Request, Response

ChunkSource = Callable[[int, int], Iterable[bytes]]
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, total: int) -> tuple[int, int] | None | bool:
    """Parse ``Range: bytes=a-b`` into a half-open (start, end).

    Returns None when there is no usable single range (serve the whole body) and False
    when the range cannot be satisfied (416).
    """
    match = _RANGE.match((header or "").strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # suffix range: the last N bytes
        length = int(last)
        return (max(total - length, 0), total) if length else False
    start = int(first)
    end = min(int(last) + 1, total) if last else total
    if start >= total or end <= start:
        return False
    return (start, end)


def bytes_source(content: bytes) -> ChunkSource:
    """A chunk source over bytes already in memory."""
    return lambda start, end: [content[start:end]]


def byte_response(
    request: Request,
    *,
    total: int,
    chunks: ChunkSource,
    content_type: str,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Answer HEAD or GET for a body of ``total`` bytes, honouring one Range on 200 responses."""
    span = parse_range(request.headers.get("Range"), total) if status == 200 else None
    response_headers = {"Accept-Ranges": "bytes", **(headers or {})}
    if span is False:
        response_headers["Content-Range"] = f"bytes */{total}"
        return Response(b"", status=416, headers=response_headers, content_type=content_type)
    start, end = span if isinstance(span, tuple) else (0, total)
    if isinstance(span, tuple):
        status = 206
        response_headers["Content-Range"] = f"bytes {start}-{end - 1}/{total}"
    response_headers["Content-Length"] = str(end - start)
    body: Iterable[bytes] = [] if request.method == "HEAD" else chunks(start, end)
    return Response(
        body,
        status=status,
        headers=response_headers,
        content_type=content_type,
        direct_passthrough=True,
    )
