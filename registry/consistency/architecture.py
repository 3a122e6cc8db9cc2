"""Architecture agreement: the training config that describes the released weights, field by field.

The released side is the weights' `config.json` (the `hf` dialect) and the parameter count
read from the weight headers. The training side is every training config the code checker
found: each is read in its own dialect, and the one agreeing with the weights on most
fields is compared (a repository publishing a family's 1B, 7B and 13B configs is judged on
its 7B). When none agrees on a majority of the stated fields, the closest is still shown.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from registry.consistency import parameters
from registry.consistency.config_values import stated_values
from registry.consistency.dialects import DIALECTS, FIELDS, FUSED_FFN, Stated, detect, read_fields
from registry.consistency.report import (
    Agreement,
    ArchitectureFinding,
    ArchitectureState,
    CandidateConfig,
    FieldFinding,
)

# Multimodal configs keep the language model's sizes in a nested section.
NESTED_SECTIONS = ("text_config", "language_config", "llm_config", "params_args_dict")
# A tokenizer's vocabulary is padded up to a multiple of this (or more) for fast matmuls.
VOCAB_PADDING = 64
MAX_VOCAB_PAD = 1024
# The fields that make a config describe an architecture at all.
DESCRIBING = ("layers", "hidden_size")
NAME_WORD = re.compile(r"\d+(?:\.\d+)?[bmk]?|[a-z]+")


@dataclass(frozen=True)
class Released:
    """What the released weights say of themselves."""

    fields: Mapping[str, Stated]
    parameters: int | None  # counted from the weight headers
    text: str
    repo_id: str = ""


@dataclass(frozen=True)
class TrainingConfig:
    """One training config's text, by path."""

    path: str
    text: str


def released_from(
    config_json: str | None, counted: int | None, repo_id: str = ""
) -> Released | None:
    """Return the released architecture from a config.json text; None when it states none."""
    if not config_json:
        return None
    try:
        config = json.loads(config_json)
    except ValueError:
        return None
    if not isinstance(config, dict):
        return None
    section = next((config[k] for k in NESTED_SECTIONS if isinstance(config.get(k), dict)), config)
    values = {
        str(k): Stated(int(v), str(k), 0)
        for k, v in section.items()
        if isinstance(v, int)  # bool is an int: `tie_word_embeddings` reads as 1 or 0
    }
    # Most weights speak `hf`; a framework's own export (open_lm, OLMo's hf_olmo) its own.
    fields = read_fields("hf", values)
    if not all(f in fields for f in DESCRIBING):
        dialect = detect(set(values))
        fields = read_fields(dialect, values) if dialect else fields
    if not any(f in fields for f in DESCRIBING):
        return None
    return Released(fields, counted, config_json, repo_id)


def compare(released: Released | None, configs: Sequence[TrainingConfig]) -> ArchitectureFinding:
    """Choose the training config that describes the weights and compare it field by field."""
    if released is None:
        return ArchitectureFinding(
            ArchitectureState.NO_RELEASED_CONFIG,
            "The weights publish no readable config.json stating their layers and hidden size.",
        )
    read = [_read(c) for c in configs]
    describing = [r for r in read if r is not None]
    if not describing:
        return ArchitectureFinding(
            ArchitectureState.NO_CONFIG,
            f"None of the {len(configs)} training file(s) read states an architecture "
            "(layers and hidden size).",
        )
    judged = [(r, _fields(released, r)) for r in describing]
    judged.sort(key=lambda pair: _rank(pair, released))
    best, findings = judged[0]
    candidates = tuple(
        CandidateConfig(
            r.path, r.dialect, _count(f, Agreement.AGREES), _count(f, Agreement.DIFFERS)
        )
        for r, f in judged
    )
    differing = [f for f in findings if f.agreement is Agreement.DIFFERS]
    state = ArchitectureState.DIFFERS if differing else ArchitectureState.AGREES
    return ArchitectureFinding(
        state,
        _reason(best, findings, len(describing)),
        best.path,
        best.dialect,
        tuple(findings),
        candidates,
    )


@dataclass(frozen=True)
class _Read:
    path: str
    dialect: str
    fields: Mapping[str, Stated]
    text: str


def _read(config: TrainingConfig) -> _Read | None:
    values = stated_values(config.text)
    dialect = detect(set(values))
    if dialect is None:
        return None
    fields = dict(read_fields(dialect, values))
    if not all(f in fields for f in DESCRIBING):
        return None
    fused = FUSED_FFN.get(dialect)
    if fused and "ffn_size" in fields and parameters.GATED.search(config.text):
        ffn = fields["ffn_size"]
        fields["ffn_size"] = Stated(ffn.value // fused, ffn.key, ffn.line)
    return _Read(config.path, dialect, fields, config.text)


def _fields(released: Released, trained: _Read) -> list[FieldFinding]:
    findings = [_field(name, released.fields.get(name), trained) for name in FIELDS]
    findings.append(_parameters(released, trained))
    return findings


def _field(name: str, released: Stated | None, trained: _Read) -> FieldFinding:
    ours = trained.fields.get(name)
    where = f"{trained.path}:{ours.line}" if ours else None
    if released is None or ours is None:
        return FieldFinding(FIELDS[name], Agreement.NOT_STATED, _v(released), _v(ours), where)
    if released.value == ours.value:
        return FieldFinding(FIELDS[name], Agreement.AGREES, released.value, ours.value, where)
    if name == "vocab_size" and _padded(ours.value, released.value):
        small, large = sorted((ours.value, released.value))
        note = f"a vocabulary of {small} padded to {large} embedding rows"
        return FieldFinding(FIELDS[name], Agreement.AGREES, released.value, ours.value, where, note)
    return FieldFinding(FIELDS[name], Agreement.DIFFERS, released.value, ours.value, where)


def _parameters(released: Released, trained: _Read) -> FieldFinding:
    vocab = trained.fields.get("vocab_size") or released.fields.get("vocab_size")
    # The shape (encoder-decoder, experts, gated MLP) may be stated on either side.
    shape = f"{trained.text}\n{released.text}"
    estimated = parameters.estimate(trained.fields, vocab.value if vocab else None, shape)
    label = "parameter count"
    if estimated is None or not released.parameters:
        return FieldFinding(
            label, Agreement.NOT_STATED, released.parameters, estimated, trained.path
        )
    tolerance = f"estimated from the config's sizes, within {parameters.PARAMETER_TOLERANCE:.0%}"
    if "vocab_size" not in trained.fields:
        tolerance += " (vocabulary from config.json)"
    agreement = (
        Agreement.AGREES
        if parameters.within_tolerance(estimated, released.parameters)
        else Agreement.DIFFERS
    )
    return FieldFinding(label, agreement, released.parameters, estimated, trained.path, tolerance)


def _padded(trained: int, released: int) -> bool:
    # A tokenizer's 50,280 tokens held in a 50,304-row embedding are the same vocabulary,
    # whichever side states the tokenizer's count and which the embedding's.
    # Two counts that are both padded are two different embeddings.
    small, large = sorted((trained, released))
    padded = large % VOCAB_PADDING == 0 and small % VOCAB_PADDING != 0
    return padded and small < large <= small + MAX_VOCAB_PAD


def _rank(
    pair: tuple[_Read, list[FieldFinding]], released: Released
) -> tuple[int, int, int, int, str]:
    # Fit first; among configs that fit equally (a family's 7B and its 7B re-run), the one
    # named like the weights (`OLMo-7B.yaml` for allenai/OLMo-7B, not `OLMo-7B-0424.yaml`).
    read, findings = pair
    shared, extra = _name_overlap(read.path, released.repo_id)
    return (
        -_count(findings, Agreement.AGREES),
        _count(findings, Agreement.DIFFERS),
        -shared,
        extra,
        read.path,
    )


def _name_overlap(path: str, repo_id: str) -> tuple[int, int]:
    stem = posixpath.splitext(posixpath.basename(path))[0]
    ours = set(NAME_WORD.findall(stem.lower()))
    theirs = set(NAME_WORD.findall(repo_id.rsplit("/", 1)[-1].lower()))
    return len(ours & theirs), len(ours - theirs)


def _count(findings: list[FieldFinding], agreement: Agreement) -> int:
    return sum(1 for f in findings if f.agreement is agreement)


def _reason(best: _Read, findings: list[FieldFinding], describing: int) -> str:
    differing = [f for f in findings if f.agreement is Agreement.DIFFERS]
    agreeing = [f.field for f in findings if f.agreement is Agreement.AGREES]
    among = (
        f" (chosen among {describing} configs stating an architecture)" if describing > 1 else ""
    )
    if not differing:
        return f"{best.path}{among} agrees with the weights on {', '.join(agreeing)}."
    said = "; ".join(
        f"{f.field}: weights {f.released}, config {f.trained} ({f.where})" for f in differing
    )
    return f"{best.path}{among} differs from the weights: {said}."


def _v(stated: Stated | None) -> int | None:
    return stated.value if stated else None


__all__ = ["DIALECTS", "Released", "TrainingConfig", "compare", "released_from"]
