"""Third-party copies: another organisation's model, quantised or converted and re-uploaded.

The Hub is full of GGUF, GPTQ, AWQ and MLX re-uploads of labs' models by people who are
not the lab ("TheBloke/Llama-2-7B-GGUF", "bartowski/...-GGUF"). Their cards say so in
the Hub's own fields: `base_model` names the original repository, in another namespace,
and `quantized_by`, `base_model_relation: quantized` (or the Hub's derived tag
`base_model:quantized:<id>`), a quantisation config or a quantised format says what was
done to it. Such a repository holds weights, but not the lab's publication of them: the
copy may differ from what the lab released, and its openness is the re-uploader's word.
So it is a doubt (never open), and the sentence names the original to declare instead.

A derivative of its own (a fine-tune, an adapter or a merge over another org's base, so
said by `base_model_relation`) is the publisher's own model, and no copy. So is a conversion
published from a sibling namespace of the same organisation: IBM puts its Granite GGUFs in
`ibm-research` beside the models in `ibm-granite`, Google its own under `google-*` names.
A shared first word alone does not make a sibling: `meta-llama` (Meta) and `meta-math` (the
MetaMath authors), `Open-Orca` and `open-r1` share a word anyone may start a name with. Two
namespaces are one organisation when their first word is the same, names no common word
(`COMMON_FIRST_WORDS`) and is either the whole of one of them (`google` and
`google-research-datasets`) or an organisation's own name that it publishes under several
namespaces (`ORGANISATION_WORDS`). Re-uploaders (TheBloke, bartowski, unsloth,
mlx-community) never share the lab's first word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from registry.checks.hub_common import read_unless_gated
from registry.checks.weight_formats import WeightFormat
from registry.ports import HubClient, HubRepoInfo

# Relations (the card's base_model_relation, the Hub's base_model:<relation>:<id> tags).
COPY_RELATIONS = frozenset({"quantized"})
OWN_WORK_RELATIONS = frozenset({"finetune", "adapter", "merge"})
# Formats that are a conversion for a runtime: named in the sentence, never enough alone
# (a lab converts its own fine-tune of another's base to GGUF too).
QUANTISED_FORMATS = frozenset({WeightFormat.GGUF, WeightFormat.GGML})
# A repository name that says it is a quantised or converted copy ("...-GGUF", "-AWQ").
COPY_NAME = re.compile(
    r"[-_.](gguf|ggml|gptq|awq|exl2|mlx|bnb|[248]bit|int[48]|q[2-8](_k)?(_[msl])?|fp8|hqq)"
    r"([-_.]|$)",
    re.I,
)
# English and AI words that begin the names of unrelated namespaces ("meta-llama" and
# "meta-math", "Open-Orca" and "open-r1", "ai-forever" and "AI-Sweden-Models"): sharing one
# says nothing of who publishes.
COMMON_FIRST_WORDS = frozenset({
    "the", "my", "our", "new", "next", "one", "all", "any", "free", "open", "public", "true",
    "big", "deep", "fast", "tiny", "mini", "micro", "nano", "mega", "super", "smart", "meta",
    "multi", "auto", "neural", "ai", "ml", "nlp", "llm", "llms", "gpt", "bert", "llama", "hf",
    "model", "models", "data", "text", "code", "chat", "vision", "speech", "language",
    "machine", "learning", "research", "science", "quant", "quants", "community", "team",
    "lab", "labs", "group", "project", "test", "dev", "bio", "med", "legal", "fin", "edu",
})  # fmt: skip
# Organisations that publish under several namespaces, none of them the bare name, so the
# whole-name rule cannot see them: IBM (ibm-granite, ibm-research, ibm-fms, ibm-ai-platform,
# ibm-nasa-geospatial on the Hub).
ORGANISATION_WORDS = frozenset({"ibm"})
RELATION_TAG = re.compile(r"^base_model:(?:(?P<relation>\w+):)?(?P<id>[\w.-]+(?:/[\w.-]+)?)$")
CONFIG_PATH = "config.json"
CONFIG_READ_BYTES = 64 * 1024


@dataclass(frozen=True)
class ThirdPartyCopy:
    """A repository that re-uploads another namespace's model, and what shows it."""

    original: str  # the base model the card names, in another namespace
    copier: str  # the repository's own namespace
    signs: tuple[str, ...]  # what says it is a copy, for the sentence

    def sentence(self, repo_id: str) -> str:
        """Say whose model this is and where the original lives."""
        owner = f"{self.original.split('/')[0]}'s" if "/" in self.original else "its publisher's"
        return (
            f"{repo_id} is {self.copier}'s quantised or converted copy of {self.original}, a "
            f"model in another namespace ({'; '.join(self.signs)}): the weights a release "
            f"describes are {owner} publication, not this re-upload."
        )


def third_party_copy(
    hub: HubClient, info: HubRepoInfo, main_format: WeightFormat | None, paths: set[str]
) -> ThirdPartyCopy | None:
    """Return the copy the card and files show, or None when the weights are the repo's own."""
    namespace = _namespace(info.repo_id)
    relations, bases = _relations_and_bases(info.card_data, info.tags)
    foreign = [b for b in bases if not same_organisation(_namespace(b), namespace)]
    if not foreign or relations & OWN_WORK_RELATIONS:
        return None
    signs = _copy_signs(info, relations)
    if not signs and CONFIG_PATH in paths:
        signs += _config_quantisation(hub, info)
    if not signs:
        return None  # a quantised format alone may be the publisher's own conversion
    if main_format in QUANTISED_FORMATS:
        signs.append(f"its weights are {main_format.value.upper()} files")
    return ThirdPartyCopy(foreign[0], namespace or info.repo_id, tuple(signs))


def _copy_signs(info: HubRepoInfo, relations: set[str]) -> list[str]:
    # What says "copied and converted": each alone suffices beside a foreign base model.
    signs = []
    quantized_by = info.card_data.get("quantized_by")
    if isinstance(quantized_by, str) and quantized_by.strip():
        signs.append(f"the card says quantized_by: {quantized_by.strip()}")
    if relations & COPY_RELATIONS:
        signs.append("the card's base model relation is quantized")
    name = info.repo_id.split("/")[-1]
    match = COPY_NAME.search(name)
    if match:
        signs.append(f"its name says {match.group(1)}")
    return signs


def _config_quantisation(hub: HubClient, info: HubRepoInfo) -> list[str]:
    # GPTQ, AWQ and bitsandbytes re-uploads keep safetensors but say so in config.json.
    text = read_unless_gated(hub, info, CONFIG_PATH, CONFIG_READ_BYTES)
    try:
        config = json.loads(text) if text else None
    except ValueError:
        return []
    quant = config.get("quantization_config") if isinstance(config, dict) else None
    if not isinstance(quant, Mapping):
        return []
    method = quant.get("quant_method")
    named = f" ({method})" if isinstance(method, str) else ""
    return [f"its config.json has a quantization_config{named}"]


def _relations_and_bases(
    card: Mapping[str, object], tags: Iterable[str]
) -> tuple[set[str], list[str]]:
    relation = card.get("base_model_relation")
    relations = {relation.lower()} if isinstance(relation, str) else set()
    raw = card.get("base_model")
    listed = raw if isinstance(raw, list) else [raw]
    bases = [b for b in listed if isinstance(b, str)]
    for tag in tags:
        match = RELATION_TAG.match(tag)
        if match:
            bases.append(match["id"])
            relations |= {match["relation"].lower()} if match["relation"] else set()
    return relations, list(dict.fromkeys(b.strip() for b in bases if b.strip()))


def same_organisation(a: str | None, b: str | None) -> bool:
    """Return True when two Hub namespaces are one organisation's (see the module's rule)."""
    if a is None or b is None:
        return a == b
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    first = re.split(r"[-_.]", a)[0]
    if first != re.split(r"[-_.]", b)[0] or len(first) < 3 or first in COMMON_FIRST_WORDS:
        return False
    return first in (a, b) or first in ORGANISATION_WORDS


def _namespace(repo_id: str) -> str | None:
    # A legacy id without a namespace ("gpt2") belongs to no lab's namespace.
    return repo_id.split("/", 1)[0].lower() if "/" in repo_id else None
