"""Deterministic filler bytes: stand-in content for files known only by their size.

The same seed and size always give the same bytes, so git blob ids and served bodies are
stable across runs. Bytes are produced block by block and never held whole in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache

BLOCK_SIZE = 64 * 1024


@lru_cache(maxsize=64)
def _block(seed: str) -> bytes:
    # Random-looking bytes (not a repeated short pattern) so git and zlib cannot shrink a
    # "large blob" to nothing; 64 KiB is beyond zlib's 32 KiB window.
    return hashlib.shake_256(seed.encode("utf-8")).digest(BLOCK_SIZE)


def iter_filler(seed: str, start: int, end: int, chunk_size: int = BLOCK_SIZE) -> Iterator[bytes]:
    """Yield the filler bytes for ``seed`` in the half-open range [start, end)."""
    block = _block(seed)
    position = start
    while position < end:
        offset = position % BLOCK_SIZE
        length = min(chunk_size, BLOCK_SIZE - offset, end - position)
        yield block[offset : offset + length]
        position += length


def filler_bytes(seed: str, size: int) -> bytes:
    """Return ``size`` filler bytes for ``seed`` at once; for small sizes only."""
    return b"".join(iter_filler(seed, 0, size))
