"""Which repositories of an organisation are one release: the rule behind the lab sweep.

A lab publishes one model as several repositories: an instruction-tuned or chat version,
a base version, a `-hf` conversion, quantised or re-formatted copies (GGUF, AWQ, GPTQ,
FP8, MLX, ONNX). The rule: split the repository name on `-` and `_`, drop every token
in the tables below, and repositories whose remaining names agree are variants of one
release. The release's own repository is the member with the fewest dropped tokens
(ties: the earliest created, then the shortest id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Tokens naming a tuning stage of the same model (a variant, not another release).
TUNING_TOKENS = frozenset({"instruct", "base", "chat", "it", "sft", "dpo", "hf"})
# Tokens naming a format or a quantisation of the same weights.
FORMAT_TOKENS = frozenset(
    {"gguf", "awq", "gptq", "fp8", "fp16", "bf16", "int4", "int8", "4bit", "8bit", "exl2",
     "mlx", "onnx", "safetensors", "pytorch", "candle", "ggml", "nf4", "bnb"}
)
# Quantisation spellings with numbers: q4, q4_k_m (split into q4, k, m), w4a16.
QUANT_PATTERN = re.compile(r"^(q\d+|w\d+a\d+|k|m|s|l|xs|xl)$")
SEPARATORS = re.compile(r"([-_])")


@dataclass(frozen=True)
class Repo:
    """A repository as the listing shows it."""

    repo_id: str
    created_at: str | None = None


@dataclass(frozen=True)
class ReleaseGroup:
    """Repositories that are one release: its own repository first, then its variants."""

    key: str
    main: Repo
    variants: tuple[Repo, ...]

    def dropped(self, repo: Repo) -> tuple[str, ...]:
        """Return the variant tokens of one member's name (what makes it a variant)."""
        return variant_tokens(repo.repo_id)


def release_key(repo_id: str) -> str:
    """Return the name a repository has once its variant tokens are dropped (lower case)."""
    name = repo_id.rsplit("/", 1)[-1]
    parts = SEPARATORS.split(name)
    kept = [part for part in parts[::2] if part and not _is_variant(part, parts)]
    return "-".join(kept).lower() or name.lower()


def variant_tokens(repo_id: str) -> tuple[str, ...]:
    """Return the tokens of a repository name that mark it as a variant."""
    parts = SEPARATORS.split(repo_id.rsplit("/", 1)[-1])
    return tuple(part.lower() for part in parts[::2] if part and _is_variant(part, parts))


def _is_variant(token: str, parts: Sequence[str]) -> bool:
    lowered = token.lower()
    if lowered in TUNING_TOKENS or lowered in FORMAT_TOKENS:
        return True
    # Single letters such as the "k" and "m" of q4_k_m count only beside a quantisation.
    return bool(QUANT_PATTERN.match(lowered)) and any(
        re.match(r"^q\d+$", p.lower()) for p in parts[::2]
    )


def group_releases(repos: Iterable[Repo]) -> tuple[ReleaseGroup, ...]:
    """Return the organisation's repositories grouped into releases, in order of creation."""
    groups: dict[str, list[Repo]] = {}
    for repo in repos:
        groups.setdefault(release_key(repo.repo_id), []).append(repo)
    result = []
    for key, members in groups.items():
        ordered = sorted(members, key=_main_first)
        result.append(ReleaseGroup(key, ordered[0], tuple(ordered[1:])))
    return tuple(sorted(result, key=lambda g: (g.main.created_at or "", g.main.repo_id)))


def _main_first(repo: Repo) -> tuple[int, str, int, str]:
    return (len(variant_tokens(repo.repo_id)), repo.created_at or "", len(repo.repo_id),
            repo.repo_id)
