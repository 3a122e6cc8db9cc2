"""A weight file as the stand-in serves it: real header bytes with filler where tensor data goes.

A layout is a list of segments, each either literal bytes (headers, pickles, zip entries)
or a run of filler of a given length (tensor data nobody needs to see). Ranges are served
from the segments without ever building the whole file, so a 10 GB shard costs its header.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from .filler import iter_filler


@dataclass(frozen=True)
class Filler:
    """`size` bytes of deterministic filler (stand-in tensor data)."""

    size: int


Segment = bytes | Filler


@dataclass(frozen=True)
class Layout:
    """A file's bytes as segments; `seed` picks the filler so each file's bytes differ."""

    segments: tuple[Segment, ...]

    @cached_property
    def size(self) -> int:
        """Return the file's length in bytes."""
        return sum(_length(s) for s in self.segments)

    @cached_property
    def head(self) -> bytes:
        """Return the literal bytes before the first filler (the header)."""
        out = bytearray()
        for segment in self.segments:
            if isinstance(segment, Filler):
                break
            out += segment
        return bytes(out)

    def resized(self, size: int) -> Layout:
        """Return the layout cut to `size` bytes, or padded with filler up to it."""
        if size >= self.size:
            extra = size - self.size
            return Layout(self.segments + ((Filler(extra),) if extra else ()))
        kept: list[Segment] = []
        left = size
        for segment in self.segments:
            if left <= 0:
                break
            length = _length(segment)
            if length <= left:
                kept.append(segment)
            else:
                kept.append(segment[:left] if isinstance(segment, bytes) else Filler(left))
            left -= min(length, left)
        return Layout(tuple(kept))

    def read(self, seed: str, start: int, end: int) -> Iterator[bytes]:
        """Yield the bytes in [start, end); filler is positioned by its offset in the file."""
        offset = 0
        for segment in self.segments:
            length = _length(segment)
            lo, hi = max(start, offset), min(end, offset + length)
            if lo < hi:
                if isinstance(segment, bytes):
                    yield segment[lo - offset : hi - offset]
                else:
                    yield from iter_filler(seed, lo, hi)
            offset += length
            if offset >= end:
                return


def _length(segment: Segment) -> int:
    return len(segment) if isinstance(segment, bytes) else segment.size
