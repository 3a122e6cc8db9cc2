"""Doubts: facts that keep a verdict below open, written once and applied to every checker.

Open needs positive evidence: every fact that makes an artifact open must be confirmed
from the artifact itself. A checker that sees something that weakens that confirmation
(a LICENSE text nobody can read, a README command whose script is missing, files that
exist by name but are empty...) records a `Doubt` on its observation instead of deciding
what it means; `apply_doubts` then caps the verdict at each rule's ceiling and names every
doubt in the reasons and the evidence. The table is shown on /about/standard.

A doubt never raises a verdict: it caps an open or restricted verdict, and leaves absent
and unverified ones as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from registry.model import Verdict
from registry.standard import OPENNESS_RANK


class DoubtId(StrEnum):
    """The kinds of doubt a checker can record."""

    LICENCE_TEXT_UNREADABLE = "licence_text_unreadable"
    COMMAND_SCRIPT_MISSING = "command_script_missing"
    EMPTY_FILES = "empty_files"
    INTERMEDIATE_CHECKPOINTS_ONLY = "intermediate_checkpoints_only"
    OTHER_TERMS_APPLY = "other_terms_apply"
    GENERIC_TRAINER_ONLY = "generic_trainer_only"
    UNSAFE_PICKLE = "unsafe_pickle"
    CARD_RESTRICTS_USE = "card_restricts_use"
    WEIGHTS_SMALLER_THAN_CONFIG = "weights_smaller_than_config"
    WEIGHTS_SMALLER_THAN_NAME = "weights_smaller_than_name"
    ADAPTER_ONLY = "adapter_only"
    DATA_ONLY_IN_PART = "data_only_in_part"
    THIRD_PARTY_COPY = "third_party_copy"
    DELTA_WEIGHTS_ONLY = "delta_weights_only"
    DATA_LINKS_ONLY = "data_links_only"
    DATA_SMALLER_THAN_CARD = "data_smaller_than_card"


@dataclass(frozen=True)
class DoubtRule:
    """One row of the table: the most open verdict the doubt allows, why, and what lifts it."""

    id: DoubtId
    ceiling: Verdict
    meaning: str
    remediation: str  # what the lab can do so the doubt no longer applies (no final stop)


# One row per doubt. The ceiling is "restricted" unless a row says otherwise: the artifact
# is published, but its openness is not confirmed, so it earns half a point, not a full one.
DOUBT_RULES: Mapping[DoubtId, DoubtRule] = MappingProxyType(
    {
        rule.id: rule
        for rule in (
            DoubtRule(
                DoubtId.LICENCE_TEXT_UNREADABLE,
                Verdict.RESTRICTED,
                "A licence file is present but its text is not one we recognise; a permissive "
                "tag or card field beside it cannot say what the file itself grants.",
                "replace the licence file's text with the licence's standard wording (an SPDX "
                "licence such as Apache-2.0 or MIT), so it says what it grants",
            ),
            DoubtRule(
                DoubtId.COMMAND_SCRIPT_MISSING,
                Verdict.RESTRICTED,
                "Instructions run a script that is not in the repository, so the published "
                "code cannot run them as written.",
                "commit the scripts the instructions run, at the paths they name",
            ),
            DoubtRule(
                DoubtId.EMPTY_FILES,
                Verdict.RESTRICTED,
                "Some files exist by name but hold no bytes, so what is published is less "
                "than what the listing shows.",
                "upload the contents of the files that hold no bytes",
            ),
            DoubtRule(
                DoubtId.INTERMEDIATE_CHECKPOINTS_ONLY,
                Verdict.RESTRICTED,
                "Weights are found only under intermediate-checkpoint folders, not as the "
                "final model the release describes.",
                "publish the final model's weights, not only intermediate checkpoints",
            ),
            DoubtRule(
                DoubtId.GENERIC_TRAINER_ONLY,
                Verdict.RESTRICTED,
                "The training code is a generic trainer's, with no training config or launch "
                "script of the repository's own, so nothing ties it to the model it is said to "
                "have trained.",
                "publish the training configuration and launch script used for this model",
            ),
            DoubtRule(
                DoubtId.UNSAFE_PICKLE,
                Verdict.RESTRICTED,
                "A weights pickle imports code that runs when the file is loaded (os.system, "
                "eval...), so the weights cannot be used safely as published.",
                "publish the weights as safetensors, or as pickles that import no code",
            ),
            DoubtRule(
                DoubtId.CARD_RESTRICTS_USE,
                Verdict.RESTRICTED,
                "The card's own text limits use (research or non-commercial only, commercial "
                "use forbidden), whatever the licence tag says.",
                "remove the research-only or non-commercial terms from the card, so its text "
                "agrees with an open licence",
            ),
            DoubtRule(
                DoubtId.WEIGHTS_SMALLER_THAN_CONFIG,
                Verdict.RESTRICTED,
                "The weights hold fewer parameters than the model's own config.json needs for "
                "its embeddings alone, so they are not the model the release describes.",
                "publish the full weights: the files hold fewer parameters than config.json "
                "describes",
            ),
            DoubtRule(
                DoubtId.WEIGHTS_SMALLER_THAN_NAME,
                Verdict.RESTRICTED,
                "The weights hold under half the parameters the repository's own name claims "
                "(7B, 125M), so they are a toy or placeholder checkpoint, not the model the "
                "name announces.",
                "publish the full weights: the files hold far fewer parameters than the "
                "repository's name says",
            ),
            DoubtRule(
                DoubtId.ADAPTER_ONLY,
                Verdict.RESTRICTED,
                "The weights are an adapter (LoRA or another parameter-efficient method) over "
                "a base model held elsewhere: the model the release describes is not in this "
                "repository without the base model's weights.",
                "publish the merged model's weights (the base with the adapter applied), or "
                "declare the base model's weights as an artifact of the release",
            ),
            DoubtRule(
                DoubtId.THIRD_PARTY_COPY,
                Verdict.RESTRICTED,
                "The repository is someone else's quantised or converted re-upload of a model "
                "another namespace published (its card names that base model): the weights are "
                "not the lab's own publication, and may not be what the lab released.",
                "declare the lab's own repository of the model (the base model the card names) "
                "as the release's weights",
            ),
            DoubtRule(
                DoubtId.DELTA_WEIGHTS_ONLY,
                Verdict.RESTRICTED,
                "The card says the weight files are a delta (or XOR) to apply to another "
                "model's weights: the model the release describes exists only with that other "
                "model's weights, under its terms.",
                "publish the full weights of the model (the delta applied), or declare the base "
                "model's weights as an artifact of the release",
            ),
            DoubtRule(
                DoubtId.DATA_ONLY_IN_PART,
                Verdict.RESTRICTED,
                "The dataset's own card or file names say its files are only part of the data "
                "(a sample or subset, ids or URLs without the text, the rest on request, only "
                "validation or test splits), so the training data is not published in full.",
                "publish the whole training data (the text itself, not only ids or a sample) "
                "and say so in the dataset card",
            ),
            DoubtRule(
                DoubtId.DATA_LINKS_ONLY,
                Verdict.RESTRICTED,
                "The data files list links to the items (image URLs with captions or sizes, "
                "a file of URLs), not the items themselves: the training data must be fetched "
                "from the web, where it may have changed or gone, so it is not published here.",
                "publish the items themselves (the images, audio or documents the links point "
                "to), not only their URLs",
            ),
            DoubtRule(
                DoubtId.DATA_SMALLER_THAN_CARD,
                Verdict.RESTRICTED,
                "The data files hold less than a ten-thousandth of the bytes the dataset card's "
                "own size claim needs (tokens or terabytes, however densely stored), so they are "
                "only a sample of the data the card describes.",
                "publish the whole dataset the card describes, or state the size of what is "
                "published",
            ),
            DoubtRule(
                DoubtId.OTHER_TERMS_APPLY,
                Verdict.RESTRICTED,
                "The card says other terms apply to a bundled or parent model, whatever the "
                "licence tag says.",
                "release the bundled or parent model's part under an open licence too, or say "
                "on the card that no other terms apply",
            ),
        )
    }
)


@dataclass(frozen=True)
class Doubt:
    """One doubt a checker saw: which rule, and the sentence that says what it saw."""

    id: DoubtId
    detail: str

    @property
    def rule(self) -> DoubtRule:
        """Return the table row this doubt belongs to."""
        return DOUBT_RULES[self.id]

    def as_fact(self) -> dict[str, str]:
        """Return the doubt as evidence facts store it."""
        return {"id": self.id.value, "detail": self.detail, "ceiling": self.rule.ceiling.value}


def apply_doubts(verdict: Verdict, doubts: Iterable[Doubt]) -> tuple[Verdict, tuple[str, ...]]:
    """Cap `verdict` at the ceiling of every doubt; return it with one reason per doubt."""
    unique = list(dict.fromkeys(doubts))  # the same doubt seen twice is named once
    reasons = tuple(f"Doubt: {d.detail} ({d.rule.meaning})" for d in unique)
    if verdict in (Verdict.ABSENT, Verdict.UNVERIFIED):
        return verdict, reasons  # nothing to cap: a doubt never raises a verdict
    ceilings = [d.rule.ceiling for d in unique]
    return min([verdict, *ceilings], key=OPENNESS_RANK.__getitem__), reasons
