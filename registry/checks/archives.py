"""Archives: the one table of suffixes the checkers know as packed files they never open.

A zip's or tar's members would need the whole archive, or a member-by-member walk, so no
checker reads them: weights packed in an archive are not shown to be weights, nor shown
not to be (`weights.names`), and code packed in one is not shown absent (`code.unread`).
"""

from __future__ import annotations

import re

ARCHIVE_SUFFIXES = (
    ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar.zst", ".7z", ".rar",
)  # fmt: skip

# The pieces of an archive split to fit an upload limit: `split -b` (.tar.gz.aa), 7-Zip and
# WinRAR volumes (.7z.001, .zip.002), `.part-aa`/`.part01` suffixes; each is part of one.
SPLIT_ARCHIVE = re.compile(
    "(" + "|".join(re.escape(s) for s in ARCHIVE_SUFFIXES) + ")"
    r"\.(part[-_.]?[a-z0-9]{1,3}|\d{2,3}|a[a-z])$"
)


def is_archive(name: str) -> bool:
    """Return True for a (lower-cased) file name that is an archive or a piece of one."""
    return name.endswith(ARCHIVE_SUFFIXES) or SPLIT_ARCHIVE.search(name) is not None
