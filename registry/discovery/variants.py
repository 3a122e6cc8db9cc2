"""Which repositories of an organisation are one release: the rule behind the lab sweep.

A lab publishes one model as several repositories: an instruction-tuned or chat version,
a base version, a `-hf` conversion, quantised or re-formatted copies (GGUF, AWQ, GPTQ,
FP8, MLX, ONNX). The rule: split the repository name on `-` and `_` (and a tuning word
glued on in CamelCase, as in LLM360's `AmberChat`), drop the variant tokens below, and
repositories whose remaining names agree are variants of one release.

- Tuning stages of the same weights: instruct, chat, base, sft, dpo (ppo, kto, orpo, rlhf),
  rlvr (OLMo 2's RLVR1), rm (a reward model published with the release, as OLMo 2's,
  Tulu 3's and Qwen2.5-Math's are), hf.
  `it` and `pt` (Gemma's instruction-tuned and pretrained) count only after a size in the
  name (`gemma-2b-it`, `gemma-3-4b-pt`): elsewhere they are Italian and Portuguese
  (`opus-mt-en-it`).
- Formats and quantisations: gguf, awq, gptq, int4, fp8, bf16, q4, 4bit, w4a16, mlx,
  onnx, qat, qlora, spinquant, an `-Original` (Meta's own checkpoint format), intermediate
  `checkpoints`. Everything after the first of these is the copy's detail and is dropped
  too (`Q4_K_M`, `qat-q4_0-gguf`, `QLORA_INT4_EO8`).

What stays is what makes another release: a size (pythia-70m, pythia-160m), a version or
a date (Mistral-7B-v0.1 and -v0.3; OLMo-7B and OLMo-7B-0424), other training data
(-deduped), a specialisation (-Coder, -Math, -VL, -Guard, -Python, -1M), a preview, and a
thinking or reasoning model (LLM360's K2-Think is another model built on another lab's base,
not a stage of K2; so Qwen3's -Thinking-2507 stays beside -Instruct-2507 too).

Known limit: names alone cannot join Olmo 3's base (`Olmo-3-1025-7B`, dated) to its
post-trained models (`Olmo-3-7B-Instruct`, undated): joining dated and undated names would
join OLMo-7B to OLMo-7B-0424. Such a release is registered twice, never merged wrongly.

The release's own repository is the member with the fewest dropped tokens, a base stage
(base, pt) counting after the others (Mistral-Nemo-Base-2407 before its -Instruct; ties:
the earliest created, then the shortest id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Tokens naming a tuning stage of the same model (a variant, not another release).
TUNING_TOKENS = frozenset(
    {"instruct", "base", "chat", "sft", "dpo", "ppo", "kto", "orpo", "rlhf", "rm", "hf"}
)
# Stages that are also language codes: a variant only after a size (see `_is_stage`).
SIZED_TUNING_TOKENS = frozenset({"it", "pt"})
# Stages naming the base weights: the release's own repository before other stages.
BASE_TOKENS = frozenset({"base", "pt"})
# A conversion to another library's layout: the same weights, no training stage.
CONVERSION_TOKENS = frozenset({"hf"})
# Tokens naming a format or a quantisation of the same weights; what follows one is detail.
FORMAT_TOKENS = frozenset(
    {"gguf", "ggml", "awq", "gptq", "exl2", "bnb", "nf4", "mlx", "onnx", "webgpu",
     "safetensors", "pytorch", "candle", "flax", "jax", "tflite", "litert", "openvino",
     "coreml", "qat", "qlora", "spinquant", "unquantized", "original", "checkpoints"}
)
# Quantisation spellings with numbers: int4, fp8, bf16, nvfp4, q4 (of q4_k_m), iq2, 4bit,
# w4a16, and RLVR stages numbered like OLMo's RLVR1.
NUMBERED_FORMAT = re.compile(r"^((u?int|fp|bf|nvfp|mxfp)\d+|f16|f32|i?q\d+|\d+bits?|w\d+a\d+)$")
NUMBERED_STAGE = re.compile(r"^rlvr\d*$")
# A size: 7b, 1.5b, 135m, 1_8b (split as 8b), 8x7b, a MoE's a3b, Gemma 3n's e2b.
SIZE = re.compile(r"^(\d+x)?\d+(\.\d+)?[bmkt]$|^[ae]\d+(\.\d+)?b$")
SEPARATORS = re.compile(r"[-_]")
# A tuning word glued on in CamelCase after a lower-case letter or digit: AmberChat.
GLUED_STAGE = re.compile(r"^(.*[a-z0-9])(Chat|Instruct)$")


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
    kept = [token for token, variant in _classified(name) if not variant]
    return "-".join(kept).lower() or name.lower()


def variant_tokens(repo_id: str) -> tuple[str, ...]:
    """Return the tokens of a repository name that mark it as a variant."""
    name = repo_id.rsplit("/", 1)[-1]
    return tuple(token.lower() for token, variant in _classified(name) if variant)


def post_training_stages(repo_id: str) -> tuple[str, ...]:
    """Return the tuning stages a name says the weights went through after pretraining.

    `-Instruct`, `-chat`, Gemma's sized `-it`, `-DPO`, `-RM`, `AmberChat`; not a base stage,
    an `-hf` conversion or a format, which say nothing of how the weights were trained.
    """
    name = repo_id.rsplit("/", 1)[-1]
    tokens = _tokens(name)
    return tuple(
        token.lower() for index, token in enumerate(tokens)
        if _is_stage(token.lower(), tokens[:index])
        and token.lower() not in BASE_TOKENS | CONVERSION_TOKENS
    )


def _tokens(name: str) -> list[str]:
    tokens: list[str] = []
    for part in SEPARATORS.split(name):
        glued = GLUED_STAGE.match(part)
        tokens.extend(glued.groups() if glued else (part,))
    return [token for token in tokens if token]


def _classified(name: str) -> list[tuple[str, bool]]:
    """Each token of the name, and whether it marks a variant."""
    tokens = _tokens(name)
    result: list[tuple[str, bool]] = []
    in_format_detail = False
    for index, token in enumerate(tokens):
        lowered = token.lower()
        # A format named first is the model's name (ggml-vicuna), not a copy's detail.
        if index > 0 and _is_format(lowered):
            in_format_detail = True
        is_variant = in_format_detail or _is_stage(lowered, tokens[:index])
        result.append((token, is_variant))
    return result


def _is_format(lowered: str) -> bool:
    return lowered in FORMAT_TOKENS or bool(NUMBERED_FORMAT.match(lowered))


def _is_stage(lowered: str, before: list[str]) -> bool:
    if lowered in TUNING_TOKENS or NUMBERED_STAGE.match(lowered):
        return True
    return lowered in SIZED_TUNING_TOKENS and any(SIZE.match(t.lower()) for t in before)


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


def _main_first(repo: Repo) -> tuple[int, int, str, int, str]:
    dropped = variant_tokens(repo.repo_id)
    base = sum(1 for token in dropped if token in BASE_TOKENS)
    return (len(dropped) - base, base, repo.created_at or "", len(repo.repo_id), repo.repo_id)
