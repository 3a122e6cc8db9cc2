"""Generic trainers: when training code is a framework's, what ties it to one model?

A copy or fork of a generic trainer (Megatron-LM, GPT-NeoX, nanotron...) holds code
that *can* train a model, plus the trainer's own example configs and launch scripts. If
nothing else is there, the artifact shows a trainer, not the run that trained this
model: the same files are published for every model. So the rule, written once:

    training code in a recognised generic trainer, outside that trainer's home
    repository, is tied to a model only by a recipe of its own: a training config,
    launcher or entrypoint outside the trainer's stock places (and outside example
    folders), in the trainer repository or in the repository that pins or launches it.

Without one, the `GENERIC_TRAINER_ONLY` doubt keeps the pillar below open. The trainer's
home repository is exempt: there the stock configs are its makers' own runs.
A repository is recognised by content markers, and also when its README says it is a
fork (then only example folders count as stock).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from registry.checks.code.paths import EXAMPLE_PATH


@dataclass(frozen=True)
class GenericTrainer:
    """A trainer published for everyone: where it lives, how to spot it, what it ships."""

    name: str
    homes: tuple[str, ...]  # OWNER/REPO of the trainer's own repositories
    markers: tuple[re.Pattern[str], ...]  # every marker must match some path
    stock: re.Pattern[str]  # paths the trainer itself ships (entrypoints, configs, examples)


def _trainer(
    name: str, homes: tuple[str, ...], markers: tuple[str, ...], stock: str
) -> GenericTrainer:
    return GenericTrainer(
        name, homes, tuple(re.compile(m, re.I) for m in markers), re.compile(stock, re.I)
    )


# Sources: each project's repository layout as published on GitHub (read 2025-06).
GENERIC_TRAINERS: tuple[GenericTrainer, ...] = (
    _trainer(
        "Megatron-LM",
        ("NVIDIA/Megatron-LM", "microsoft/Megatron-DeepSpeed"),
        (r"^megatron/(training\.py|training/training\.py)$", r"^pretrain_gpt\.py$"),
        r"^(examples\w*/|pretrain_\w+\.py$|megatron/|tools/|tasks/)",
    ),
    _trainer(
        "GPT-NeoX",
        ("EleutherAI/gpt-neox",),
        (r"^deepy\.py$", r"^megatron/neox_arguments/"),
        r"^(configs/|train\.py$|deepy\.py$|megatron/|tools/|eval_tasks/)",
    ),
    _trainer(
        "nanotron",
        ("huggingface/nanotron",),
        (r"^src/nanotron/", r"^run_train\.py$"),
        r"^(examples/|run_train\.py$|run_generate\.py$|src/nanotron/)",
    ),
    _trainer(
        "LLM Foundry",
        ("mosaicml/llm-foundry",),
        (r"^llmfoundry/",),
        r"^(scripts/|mcli/|llmfoundry/)",
    ),
    _trainer(
        "LitGPT",
        ("Lightning-AI/litgpt", "Lightning-AI/lit-gpt"),
        (r"^litgpt/",),
        r"^(config_hub/|litgpt/|extensions/|tutorials/)",
    ),
    _trainer("torchtitan", ("pytorch/torchtitan",), (r"^torchtitan/",), r"^(torchtitan/|scripts/)"),
    _trainer(
        "OLMo",
        ("allenai/OLMo",),
        (r"^olmo/train\.py$", r"^scripts/train\.py$"),
        r"^(configs/|scripts/|olmo/)",
    ),
    _trainer(
        "Levanter", ("stanford-crfm/levanter",), (r"^src/levanter/",), r"^(config/|src/levanter/)"
    ),
    _trainer(
        "MaxText",
        ("google/maxtext", "AI-Hypercomputer/maxtext"),
        (r"(^|/)maxtext/train\.py$",),
        r"(^|/)maxtext/|^end_to_end/",
    ),
    _trainer(
        "fairseq",
        ("facebookresearch/fairseq", "pytorch/fairseq"),
        (r"^fairseq_cli/train\.py$",),
        r"^(fairseq/|fairseq_cli/)",
    ),
    _trainer(
        "nanoGPT",
        ("karpathy/nanoGPT",),
        (r"^train\.py$", r"^model\.py$", r"^config/train_gpt2\.py$"),
        r"^(config/|train\.py$|model\.py$|sample\.py$|bench\.py$|data/)",
    ),
    _trainer(
        "transformers",
        ("huggingface/transformers",),
        (r"^src/transformers/",),
        r"^src/transformers/",
    ),
    _trainer("T5X", ("google-research/t5x",), (r"^t5x/train\.py$",), r"^t5x/"),
)

# A README that says the repository is a fork of another one.
FORK_STATEMENT = re.compile(
    r"(?:\b(?:is|a|an|detached)\s+(?:a\s+|an\s+)?fork(?:ed)?|^\W*forked)\s+(?:of|from)\s+"
    r"(?:\[[^\]]*\]\()?(?:https?://)?(?:github\.com/)?(?P<upstream>[\w.-]+/[\w.-]+)",
    re.I | re.M,
)
# A fork whose upstream is not in the table ships, as stock, only its example folders.
SELF_DECLARED_STOCK = re.compile(r"(?!)")  # matches nothing


def recognise(repo_name: str, paths: Iterable[str], readme: str | None) -> GenericTrainer | None:
    """Return the generic trainer a repository is a copy or fork of; None for its home or others."""
    listed = tuple(paths)
    for trainer in GENERIC_TRAINERS:
        if all(any(m.search(p) for p in listed) for m in trainer.markers):
            homes = {h.lower() for h in trainer.homes}
            return None if repo_name.lower() in homes else trainer
    fork = FORK_STATEMENT.search(readme or "")
    if fork and fork["upstream"].rstrip(".").lower() != repo_name.lower():
        upstream = fork["upstream"].rstrip(".")
        return GenericTrainer(f"a fork of {upstream}", (upstream,), (), SELF_DECLARED_STOCK)
    return None


def own_recipe(trainer: GenericTrainer | None, paths: Iterable[str]) -> tuple[str, ...]:
    """Return the recipe paths that are a repository's own: not stock, not examples."""
    return tuple(
        p
        for p in dict.fromkeys(paths)
        if not EXAMPLE_PATH.search(p.lower()) and not (trainer and trainer.stock.search(p))
    )
