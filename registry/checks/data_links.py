"""Datasets of links: rows that point at the items (image URLs and captions), not the items.

LAION-5B, DataComp's pool and COYO publish parquet files whose columns are a URL, a caption
and the image's size or scores; the images themselves are not in the repository and must
be fetched from the web, where many are gone. The files exist and hold bytes, but they are
not the training data; a `urls.txt` of one link a line is the same thing. The checker
reads what the columns are from the card's `dataset_info.features` (which the Hub writes
for parquet data) or from the first bytes of small text files (a CSV or TSV header, a
JSON Lines record, lines of a text file), and records a doubt when they are links only:

- a link column, no column that holds the item (an `image`, `audio` or binary feature, a
  text body), and no media files or archives anywhere in the repository;
- and either a column describing a linked media item (caption, width, height, NSFW,
  similarity...), or no column of text content at all (ids, titles and URLs only).

A web-text corpus that keeps each document's URL beside its text (FineWeb: text, id, url)
holds its content and is no list of links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from posixpath import basename

from registry.ports import AdapterError, HubClient, HubRepoInfo

LINK_COLUMN = re.compile(
    r"^(urls?|links?|uri|href|src|(image|img|photo|video|audio|media|download|source|file|page)"
    r"[_-]?(url|uri|link))$",
    re.I,
)
# Columns or feature types that hold the item itself.
ITEM_TYPES = frozenset({"image", "audio", "video", "binary", "large_binary", "bytes", "pdf"})
ITEM_COLUMN = re.compile(
    r"^(image|images|img|jpg|jpeg|png|webp|audio|video|bytes|image_bytes|pixel_values|pdf"
    r"|mp4|wav|flac|file_name)$",
    re.I,
)
# Columns that describe a linked media item: it is elsewhere.
MEDIA_DESCRIPTION_COLUMN = re.compile(
    r"^(caption|captions|alt|alt_?text|(original_?)?(width|height)|aspect_?ratio|nsfw|punsafe"
    r"|pwatermark|similarity|clip_?(score|sim\w*)|aesthetic\w*|phash|image_phash|exif|duration"
    r"|fps|resolution|sample_?rate)$",
    re.I,
)
TEXT_COLUMN = re.compile(
    r"^(text|texts|content|contents|document|body|raw_?content|markdown|html|code|article"
    r"|passage|story|conversations?|messages|instruction|input|output|response|question"
    r"|answer|prompt|completion|chosen|rejected|transcript\w*)$",
    re.I,
)
# Files that are the items, or archives that may hold them (webdataset shards).
MEDIA_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".wav", ".flac", ".mp3",
    ".ogg", ".mp4", ".webm", ".mkv", ".tar", ".tar.gz", ".tgz", ".zip", ".pdf",
)  # fmt: skip
READABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".txt")
HEAD_BYTES = 8 * 1024
MAX_FILES_READ = 3
MIN_URL_LINES = 3
URL_LINE = re.compile(r"^\s*(?:https?|s3|gs)://\S+\s*$")
# A URL list whose links end like data shards is a download manifest of the data itself,
# hosted elsewhere (RedPajama-Data-1T's urls.txt of jsonl files, Dolma's urls/v1_7.txt of
# json.gz files): the corpus is published, in files, not as links to items on the web.
SHARD_SUFFIXES = (
    ".jsonl", ".json", ".ndjson", ".parquet", ".arrow", ".csv", ".tsv", ".txt", ".gz",
    ".zst", ".zstd", ".bz2", ".xz", ".lz4", ".tar", ".tfrecord", ".bin", ".idx", ".npy",
)  # fmt: skip


@dataclass(frozen=True)
class Links:
    """Where the columns were read, what they are, and that they only link to the items."""

    where: str
    columns: tuple[str, ...]

    def sentence(self) -> str:
        """Say what the rows hold and what they lack."""
        return (
            f"{self.where} lists only links to the items ({', '.join(self.columns[:8])}), not "
            "the items themselves: they are fetched from the web, not published here"
        )


class FileHeads:
    """The first HEAD_BYTES of a dataset's files, each read from the Hub at most once.

    The links rule and the download-manifest rule both look at the same few text files; one
    FileHeads per check lets them share the reads.
    """

    def __init__(self, hub: HubClient, info: HubRepoInfo) -> None:
        self._hub, self._info = hub, info
        self._read: dict[str, str | None] = {}

    def lines(self, path: str) -> list[str] | None:
        """Return the file's complete, non-blank first lines; None when it could not be read."""
        if path not in self._read:
            self._read[path] = _head(self._hub, self._info, path)
        head = self._read[path]
        if head is None:
            return None
        whole = head.splitlines()
        return [line for line in (whole[:-1] or whole) if line.strip()]  # the last may be cut


def links_only(
    hub: HubClient, info: HubRepoInfo, paths: Sequence[str], data: Sequence[str],
    heads: FileHeads | None = None,
) -> Links | None:
    """Return how the data files show themselves to be links only, or None when they may not."""
    if any(p.lower().endswith(MEDIA_SUFFIXES) for p in paths):
        return None
    described = _card_features(info.card_data)
    if described is not None:
        columns = [c for feature in described for c in feature]
        typed = {t for feature in described for t in feature.values()}
        if described and all(_links(f.keys(), f.values()) for f in described) and not (
            typed & ITEM_TYPES
        ):
            return Links("The card's dataset_info.features", tuple(dict.fromkeys(columns)))
        return None
    return _from_files(heads or FileHeads(hub, info), data)


def _links(columns: Iterable[str], types: Iterable[str] = ()) -> bool:
    names = list(columns)
    if not any(LINK_COLUMN.match(c) for c in names):
        return False
    if any(ITEM_COLUMN.match(c) for c in names) or set(types) & ITEM_TYPES:
        return False
    media = any(MEDIA_DESCRIPTION_COLUMN.match(c) for c in names)
    return media or not any(TEXT_COLUMN.match(c) for c in names)


def _card_features(card: Mapping[str, object]) -> list[dict[str, str]] | None:
    # dataset_info is one config's info, or a list of them; each has a features list.
    info = card.get("dataset_info")
    configs = info if isinstance(info, list) else [info] if isinstance(info, dict) else []
    found = []
    for config in configs:
        features = config.get("features") if isinstance(config, dict) else None
        if isinstance(features, list):
            found.append({
                str(f["name"]): str(f.get("dtype", f.get("_type", "")))
                for f in features if isinstance(f, dict) and "name" in f
            })  # fmt: skip
    return found or None


def _from_files(heads: FileHeads, data: Sequence[str]) -> Links | None:
    # Only when every data file can be read this way: a parquet shard beside a CSV of
    # links may hold the content, and its columns are not read here.
    if not data or not all(p.lower().endswith(READABLE_SUFFIXES) for p in data):
        return None
    shown: list[tuple[str, tuple[str, ...]]] = []
    for path in data[:MAX_FILES_READ]:
        lines = heads.lines(path)
        columns = _columns(path, lines) if lines is not None else None
        if columns is None:
            return None
        shown.append((path, columns))
    where = ", ".join(p for p, _ in shown) + (" ..." if len(data) > len(shown) else "")
    return Links(where, tuple(dict.fromkeys(c for _, cs in shown for c in cs)))


def _columns(path: str, lines: list[str]) -> tuple[str, ...] | None:
    # The columns a text file's first lines show, when they are links only; else None.
    name = basename(path).lower()
    if not lines:
        return None
    if name.endswith(".txt"):
        urls = [line for line in lines if URL_LINE.match(line)]
        every = len(urls) >= MIN_URL_LINES and len(urls) == len(lines)
        return ("one URL a line",) if every and not _shard_manifest(urls) else None
    if name.endswith((".jsonl", ".ndjson")):
        try:
            record = json.loads(lines[0])
        except ValueError:
            return None
        columns = tuple(record) if isinstance(record, dict) else ()
    else:
        separator = "\t" if name.endswith(".tsv") else ","
        columns = tuple(c.strip().strip('"') for c in lines[0].split(separator))
    return columns if columns and _links(columns) else None


def download_manifests(
    hub: HubClient, info: HubRepoInfo, data: Sequence[str], heads: FileHeads | None = None
) -> tuple[str, ...]:
    """Return the data files when every one is a URL list of shards hosted elsewhere, else ().

    Such a file's bytes are a list of the corpus's files, not the corpus: RedPajama-Data-1T's
    urls/*.txt name 2,084 jsonl files at data.together.xyz in a few kilobytes.
    """
    if not data or not all(p.lower().endswith(".txt") for p in data):
        return ()
    heads = heads or FileHeads(hub, info)
    for path in data[:MAX_FILES_READ]:
        lines = heads.lines(path) or []
        if not lines or not all(URL_LINE.match(line) for line in lines):
            return ()
        if not _shard_manifest(lines):
            return ()
    return tuple(data)


def _shard_manifest(urls: Sequence[str]) -> bool:
    # Most links name data files (a stray README or checksum link does not change that).
    shards = [u for u in urls if u.strip().split("?")[0].lower().endswith(SHARD_SUFFIXES)]
    return len(shards) * 2 > len(urls)


def _head(hub: HubClient, info: HubRepoInfo, path: str) -> str | None:
    # Best effort, like the other reads of a dataset's contents: unread shows nothing.
    try:
        return hub.read_text(info.repo_type, info.repo_id, path, info.sha, HEAD_BYTES)
    except AdapterError:
        return None
