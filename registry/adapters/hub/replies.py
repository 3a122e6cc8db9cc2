"""Hub replies (huggingface_hub objects and JSON) turned into the ports' frozen dataclasses.

Kept apart from `adapter.py` so the adapter reads as requests and error mapping; nothing here
talks to the network or imports huggingface_hub.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from registry.model import FailureKind
from registry.ports import (
    AdapterError,
    HubFile,
    HubRepoInfo,
    HubRepoSummary,
    RepoType,
    SafetensorsHeader,
    SafetensorsSummary,
    TensorHeader,
)


def safetensors_header(path: str, parsed: Any) -> SafetensorsHeader:
    try:
        tensors = tuple(
            TensorHeader(
                str(name),
                str(info.dtype),
                tuple(_whole(n) for n in info.shape),
                (_whole(info.data_offsets[0]), _whole(info.data_offsets[1])),
            )
            for name, info in parsed.tensors.items()
        )
    except (TypeError, ValueError, IndexError) as error:
        return SafetensorsHeader(path, problem=f"header format not recognised ({error})")
    metadata = parsed.metadata if isinstance(parsed.metadata, dict) else {}
    return SafetensorsHeader(path, tensors, {str(k): str(v) for k, v in metadata.items()})


def _whole(value: Any) -> int:
    # JSON numbers only: a bool or a string in a shape is a malformed header.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value


def repo_info(repo_type: RepoType, repo_id: str, endpoint: str, info: Any) -> HubRepoInfo:
    gate_mode = _gate_mode(info.gated)
    return HubRepoInfo(
        repo_type=repo_type,
        repo_id=repo_id,
        endpoint=endpoint,
        sha=info.sha,
        gated=gate_mode is not None,
        gate_mode=gate_mode,
        private=bool(info.private),
        disabled=bool(info.disabled),
        tags=tuple(str(tag) for tag in (info.tags or ())),
        card_data=_card_dict(info.card_data),
        safetensors=safetensors_summary(getattr(info, "safetensors", None)),
        canonical_id=str(info.id) if getattr(info, "id", None) else None,
    )


def summary(repo_type: RepoType, info: Any) -> HubRepoSummary:
    """Return one listed repository as the port describes it."""
    return HubRepoSummary(
        repo_type=repo_type,
        repo_id=str(info.id),
        sha=info.sha,
        created_at=_iso(info.created_at),
        last_modified=_iso(info.last_modified),
        private=bool(info.private),
        gated=_gate_mode(info.gated) is not None,
        tags=tuple(str(tag) for tag in (info.tags or ())),
    )


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if hasattr(moment, "isoformat") else None


def safetensors_summary(field: Any) -> SafetensorsSummary | None:
    # Only a well-formed summary is kept: counts per dtype and a whole-number total.
    parameters = getattr(field, "parameters", None)
    total = getattr(field, "total", None)
    if not isinstance(parameters, dict) or isinstance(total, bool) or not isinstance(total, int):
        return None
    counts = {str(k): v for k, v in parameters.items() if isinstance(v, int) and v >= 0}
    return SafetensorsSummary(counts, total)


def _gate_mode(gated: Any) -> str | None:
    # The Hub sends false, "auto" or "manual"; older replies used a bare true.
    if gated is None or gated is False or str(gated).lower() in ("", "false"):
        return None
    return "manual" if gated is True else str(gated)


def _card_dict(card_data: Any) -> dict[str, object]:
    if card_data is None:
        return {}
    if isinstance(card_data, dict):
        return dict(card_data)
    to_dict = getattr(card_data, "to_dict", None)
    return dict(to_dict()) if callable(to_dict) else {}


def tree_files(items: list[Any]) -> Iterator[HubFile]:
    for item in items:
        if not isinstance(item, dict) or "path" not in item:
            raise AdapterError(FailureKind.MALFORMED_REPLY, "a tree entry has no path")
        if item.get("type", "file") != "file":
            continue
        size = item.get("size")
        yield HubFile(str(item["path"]), size if isinstance(size, int) else None)


def take(chunks: Iterator[bytes], skip: int, length: int) -> bytes:
    """Return `length` bytes after the first `skip` of a stream, reading no further."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= skip + length:
            break
    return bytes(buffer[skip : skip + length])
