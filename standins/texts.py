"""The ``texts/`` folders that ``text_ref`` entries of manifests name."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

TEXTS_FOLDER = "texts"


class TextStore:
    """Finds ``text_ref`` names in the ``texts/`` folder of each manifest folder, latest first."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self._dirs = [Path(folder) / TEXTS_FOLDER for folder in reversed(list(folders))]

    def read(self, name: str) -> bytes | None:
        """Return the named text's bytes, or None when no folder has it."""
        for directory in self._dirs:
            candidate = directory / name
            if candidate.is_file():
                return candidate.read_bytes()
        return None
