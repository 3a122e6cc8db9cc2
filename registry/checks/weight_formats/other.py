"""Words for bytes that are not weights: what a placeholder, a page or a pointer really is.

Tried in order; the first row that matches names the file's content in evidence
("model.safetensors is not weights: it is an HTML page").
"""

from __future__ import annotations

from collections.abc import Callable

LFS_POINTER = b"version https://git-lfs.github.com/spec/"
TINY_BYTES = 16  # no weights format fits in fewer bytes than this


def _lowered(data: bytes) -> bytes:
    return data.lstrip()[:64].lower()


def _is_text(data: bytes) -> bool:
    sample = data[:4096]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return bool(text) and printable >= 0.95 * len(text)


# (test on the first bytes, what the file then is) -- order matters: most specific first.
CONTENT_KINDS: tuple[tuple[Callable[[bytes], bool], str], ...] = (
    (lambda d: d.startswith(LFS_POINTER), "a Git LFS pointer: the file itself was never uploaded"),
    (lambda d: _lowered(d).startswith((b"<!doctype html", b"<html")), "an HTML page"),
    (lambda d: _lowered(d).startswith((b"<?xml", b"<error")), "an XML document"),
    (lambda d: d.lstrip()[:1] in (b"{", b"[") and _is_text(d), "JSON text"),
    (lambda d: d.startswith(b"\x1f\x8b"), "gzip-compressed data, not a weights format"),
    (lambda d: d.startswith(b"PK\x03\x04"), "a zip archive that is neither PyTorch nor .npz"),
    (lambda d: d.startswith(b"\x89PNG") or d.startswith(b"\xff\xd8\xff"), "an image"),
    (_is_text, "text"),
)


def describe(data: bytes, size: int | None) -> str:
    """Return what bytes that match no weights format are, as the end of a sentence."""
    length = size if size is not None else len(data)
    if length == 0:
        return "it is empty"
    if length < TINY_BYTES:
        return f"it holds only {length} byte{'s' if length != 1 else ''}"
    for test, kind in CONTENT_KINDS:
        if test(data):
            return f"it is {kind}{_opening(data) if kind in ('text', 'JSON text') else ''}"
    return "its bytes match no weights format (no known header)"


def _opening(data: bytes) -> str:
    words = " ".join(data[:200].decode("utf-8", "replace").split())[:40]
    return f" (starts {words!r})" if words else ""
