"""The discovery rules as tables: which words around a link make it more or less likely to be
the release's training code, training data or paper.

Each table pairs a word stem (matched on lower-cased text) with points and the reason a
submitter reads. The sources of the judgement: the Model Openness Framework (arXiv
2403.13784) separates training code from evaluation, inference and fine-tuning code, and
the Hugging Face model card template puts the training data under "Training Details" and
the paper under "Model Sources" and "Citation"; a link's heading and words say which part
of that template it fills.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from registry.discovery.model import Confidence, Role

Rule = tuple[str, int, str]  # (word stem, points, why); a stem ending in "$" is a whole word

# Headings, by role. The nearest enclosing heading with a listed stem decides, and within
# it the first row that matches (so the more specific rows come first: "Training Data" is
# a data section, not a code one). A link under "Training" outranks one in "Citation" (a
# citation names other work, and its own paper, never the code or data).
HEADINGS: Mapping[Role, tuple[Rule, ...]] = {
    Role.CODE: (
        # The card template's "Software" section (under "Compute Infrastructure") lists the
        # tools a model was trained with: NeMo, PyTorch, JAX, nanotron; not the release's code.
        ("software", -2, "under a software heading (the tools it was trained with)"),
        # The template's "Compute Infrastructure" and "Training Infrastructure" sections:
        # the hardware and software the model was trained on, never the release's code.
        ("infrastructure", -2, "under an infrastructure heading (the tools it was trained on)"),
        ("hardware", -2, "under a hardware heading (the tools it was trained on)"),
        ("training data", -1, "under a data heading (data, not code)"),
        ("data", -1, "under a data heading (data, not code)"),
        ("pretrain", 3, "under a pretraining heading"),
        ("train", 3, "under a training heading"),
        ("reproduc", 3, "under a reproduction heading"),
        # What you install or run to use the model ("How to use this AWQ model from Python
        # code", "Install the necessary packages"): a tool's repository, not the release's code.
        ("install", -2, "under an installation heading (what you install to use it)"),
        ("how to use", -2, "under a usage heading"),
        ("usage", -2, "under a usage heading"),
        ("code", 2, "under a code heading"),
        ("repositor", 2, "under a repositories heading"),
        ("source", 2, "under a sources heading"),
        ("resource", 1, "under a resources heading"),
        ("citation", -3, "in the citation"),
        ("bibtex", -3, "in the citation"),
        ("acknowledg", -3, "in the acknowledgements"),
        ("evaluat", -2, "under an evaluation heading"),
        ("benchmark", -2, "under a benchmarks heading"),
        ("limitation", -2, "under a limitations heading"),
        ("license", -1, "under a licence heading"),
        ("licence", -1, "under a licence heading"),
        ("quantiz", -2, "under a quantisation heading"),
        ("deploy", -2, "under a deployment heading"),
        ("inference", -1, "under an inference heading"),
        ("fine-tun", -1, "under a fine-tuning heading"),
        ("finetun", -1, "under a fine-tuning heading"),
    ),
    Role.DATA: (
        ("pretrain", 3, "under a pretraining-data heading"),
        ("pre-train", 3, "under a pretraining-data heading"),  # Swallow's "Continual Pre-Training"
        # An "Instruction Tuning" section (under Swallow's "Training Datasets") lists the
        # instruct model's data, not the pretraining data of the release.
        ("instruction", -2, "under an instruction-tuning heading"),
        ("data", 3, "under a data heading"),
        ("corpus", 3, "under a corpus heading"),
        ("train", 2, "under a training heading"),
        ("citation", -3, "in the citation"),
        ("evaluat", -3, "under an evaluation heading"),
        ("benchmark", -3, "under a benchmarks heading"),
        ("result", -2, "under a results heading"),
        ("fine-tun", -1, "under a fine-tuning heading"),
        ("finetun", -1, "under a fine-tuning heading"),
        ("usage", -2, "under a usage heading"),
        ("how to use", -2, "under a usage heading"),
    ),
    Role.PAPER: (
        ("paper", 3, "under a paper heading"),
        ("citation", 2, "in the citation (its own paper is what a card asks you to cite)"),
        ("bibtex", 2, "in the citation"),
        ("source", 1, "under a sources heading"),
    ),
}

# Words in the link text and its line. Training words settle it: a line that says the
# repo trains the model ranks above every line that does not, even if it also mentions
# inference ("Core repo (training, inference, fine-tuning etc.)"). Other role words only
# lower a link whose words never mention training.
TRAINING_WORDS: tuple[Rule, ...] = (
    ("pretrain", 3, "its words say pretraining"),
    ("training", 3, "its words say training"),
    ("train", 3, "its words say training"),
    ("reproduc", 3, "its words say reproduction"),
)
# "Trained on [X]" says what the model learnt from: data words, never a repository's training
# code (Llemma "initialized with [Code Llama 7B] weights, and trained on the Proof-Pile-2";
# Falcon "outperforms [MPT-7B], [StableLM] ... thanks to being trained on 1,500B tokens").
TRAINED_ON = re.compile(r"(?<![a-z])(?:pre-?)?trained\s+on(?![a-z])")
# A link given as the framework a model was trained *with* names a tool the release used
# (SmolLM2's "Training Framework: nanotron", the model-card template's "Software" section),
# not the release's own training code or recipes; its training words do not settle it.
TOOL_WORDS: tuple[Rule, ...] = (
    ("framework", -2, "its words say a framework the model was trained with (a tool, not "
                      "the release's code)"),
    # "Training was done using [JAX]", "trained with [NeMo]": the link names what it used.
    ("trained using", -2, "its words say a tool the model was trained using (not the "
                          "release's code)"),
    ("done using", -2, "its words say a tool the training was done using (not the "
                       "release's code)"),
    ("trained with", -2, "its words say a tool the model was trained with (not the "
                         "release's code)"),
    # stable-code-3b's "**Library**: [GPT-NeoX]" and "We use a fork of `gpt-neox`
    # ([EleutherAI, 2021])": the library, and the upstream of a fork, are someone's tool.
    ("library", -2, "its words say a library the model uses (a tool, not the release's code)"),
    ("fork of", -2, "its words say the upstream a fork was made from (not the release's code)"),
)
# A link whose own words say it is the lab's fork ("a [custom fork] of Megatron-DeepSpeed"):
# the adapted framework the release was trained with, which the lab publishes as its code.
OWN_FORK: tuple[Rule, ...] = (("fork", 0, "its words say the lab's own fork"),)
# The heading reasons (HEADINGS above) that say a section lists tools.
TOOL_HEADINGS = ("under a software heading", "under an infrastructure heading",
                 "under a hardware heading")
OTHER_ROLE_WORDS: tuple[Rule, ...] = (
    ("evaluat", -3, "its words say evaluation"),
    ("eval", -3, "its words say evaluation"),
    ("benchmark", -3, "its words say benchmarks"),
    ("fine-tun", -2, "its words say fine-tuning"),
    ("finetun", -2, "its words say fine-tuning"),
    # "instruct$": the word itself ("the Instruct model"), never "instructions" (how-to
    # prose: "follow the instructions in the repository").
    ("instruct$", -2, "its words say instruction tuning"),
    ("instruction-tun", -2, "its words say instruction tuning"),
    ("instruction tun", -2, "its words say instruction tuning"),
    ("instruction-follow", -2, "its words say instruction tuning"),
    ("instruction follow", -2, "its words say instruction tuning"),
    ("inference", -1, "its words say inference"),
    ("demo", -2, "its words say demo"),
    ("quantiz", -2, "its words say quantisation"),
)
# The card template's "Repository:" field says where the model's materials live: it ranks a
# link up, but does not by itself say the repository holds code (see the paper-host rule).
REPOSITORY_WORDS: tuple[Rule, ...] = (
    ("repository", 2, "the card names it the model's repository"),
    ("repo", 2, "the card names it the model's repository"),
)
CODE_WORDS: tuple[Rule, ...] = (
    ("source code", 2, "its words say source code"),
    ("code", 1, "its words say code"),
    ("implementation", 1, "its words say implementation"),
)
DATA_WORDS: tuple[Rule, ...] = (
    ("training data", 2, "its words say training data"),
    ("pretraining", 2, "its words say pretraining"),
    ("pre-training", 2, "its words say pretraining"),
    ("trained on", 2, "its words say the model was trained on it"),
    ("corpus", 1, "its words say corpus"),
    ("dataset", 1, "its words say dataset"),
    ("download", 1, "its words say it can be downloaded"),
)
DATA_OTHER_WORDS: tuple[Rule, ...] = (
    ("evaluat", -3, "its words say evaluation"),
    ("benchmark", -3, "its words say benchmark"),
    ("preference", -2, "its words say preference (post-training) data"),
    ("sft", -2, "its words say supervised fine-tuning data"),
    ("fine-tun", -2, "its words say fine-tuning"),
    ("instruct$", -2, "its words say instruction data"),
    ("instruction tun", -2, "its words say instruction data"),
    ("instruction-tun", -2, "its words say instruction data"),
    ("instruction data", -2, "its words say instruction data"),
    ("instruction follow", -2, "its words say instruction data"),
    ("instruction-follow", -2, "its words say instruction data"),
    # The small set a quantised copy was calibrated on (TheBloke's "AWQ Dataset" column).
    ("quantiz", -2, "its words say quantisation (calibration) data"),
    ("awq", -2, "its words say quantisation (calibration) data"),
    ("gptq", -2, "its words say quantisation (calibration) data"),
    ("calibrat", -2, "its words say calibration data"),
)
PAPER_WORDS: tuple[Rule, ...] = (
    ("technical report", 3, "its words say technical report"),
    ("paper", 3, "its words say paper"),
    ("report", 2, "its words say report"),
    ("preprint", 2, "its words say preprint"),
)

# Where a link comes from: the base of its score.
SOURCE_POINTS: Mapping[str, tuple[int, str]] = {
    "metadata": (4, "the card's metadata declares it"),
    "command": (3, "the card tells you to `git clone` it"),
    "paper": (3, "the paper's abstract page names it"),
    # The paper's own first page (arXiv's HTML rendering): what its authors wrote under the
    # abstract ("Code: https://github.com/..."), as much theirs as the abstract page.
    "paper_text": (3, "the paper's first page names it"),
    # The GitHub link on the Hub's page of the paper: set by its authors or the Hub's
    # community for the paper's code, so below what the authors wrote on arXiv.
    "paper_page": (2, "the Hub's page of the paper links it as the paper's code"),
    "collection": (2, "a Hub collection the card links as its data lists it"),
    "card": (1, "the card links it"),
    "tag": (1, "a Hub tag names it"),
}
SAME_OWNER = (1, "published by the model's own organisation")
# An owner counts as the same when the names match, or one is the other plus a suffix
# ("kyutai" and "kyutai-labs", "Qwen" and "QwenLM"); shorter prefixes say nothing.
MIN_OWNER_PREFIX = 4
CORROBORATED = (1, "linked on more than one line")
# A dataset id the Hub answers 404 for is not a dataset the public can see (a typo, a
# private or deleted repo, or a name never published): it stays a claim for the checks,
# but never at the confidence of one the Hub confirmed.
NOT_ON_HUB = (-3, "the Hub has no public dataset with this id (404)")
# The card's id is not on the Hub, but a dataset of the same namespace whose name extends it
# is (`near_names`): the card's words point there, one step less sure than a confirmed id.
NEAR_NAME = (-1, "the Hub has no public dataset with the card's id; one whose name extends it "
                 "is proposed")
SAME_NAME = (1, "named like the model")
# A data link needs more said for it than against it: one whose words say SFT, preference or
# evaluation data (SmolLM2's "the SFT dataset", "datasets developed by Argilla" for its
# instruct model), with nothing else in its favour, is not proposed as the training data.
# Any mention at all scores +1, so a link the card merely names still clears the floor.
DATA_FLOOR = (1, "more of what the card says about it is against it being the training data "
                 "than for it")

# A repository some line names as a tool the model was made with, published by another
# organisation, is that organisation's tool wherever else the card links it.
TOOL_REPOSITORY = ("another organisation's tool the card says the model was trained or run "
                   "with (a library, a framework, the upstream of a fork), not this release's code")
# A repository needs more said for it than against it; one another organisation publishes
# needs something said for it beyond where it is linked (Falcon-7B's comparison "outperforms
# [MPT-7B], [StableLM], [RedPajama]" links StableLM's repository and says nothing of code;
# an unofficial implementation on a paper's Hub page is that page's link and nothing more).
CODE_FLOOR = (1, "more of what the card says about it is against it being the release's code "
                 "than for it")
OTHER_OWNER_CODE_FLOOR = (1, "another organisation's repository, linked without a word that it "
                             "is this release's code, training or repository")

# File suffixes that make a link a paper rather than code or data.
PAPER_SUFFIXES = (".pdf",)
# A PDF named as a licence or terms is the repository's licence, not its paper (Skywork's
# "Skywork Community License.pdf" and "Skywork 模型社区许可协议.pdf", "licence agreement").
LICENCE_FILE = re.compile(r"licen[cs]e|许可|agreement|terms", re.I)
# File suffixes of downloadable data (a URL data artifact must be a download).
DATA_SUFFIXES = (
    ".tar", ".tar.gz", ".tgz", ".zip", ".jsonl", ".jsonl.gz", ".json.gz", ".parquet",
    ".arrow", ".txt.gz", ".zst", ".bz2", ".xz",
)
# Tokens of a model name too generic to say two names are alike.
NAME_STOPWORDS = frozenset(
    "base hf instruct chat mini model models the pytorch bf16 fp16 fp8 gguf awq gptq "
    "deduped open".split()
)

# Score -> confidence, highest threshold first.
CONFIDENCE_THRESHOLDS: tuple[tuple[int, Confidence], ...] = (
    (5, Confidence.HIGH),
    (3, Confidence.MEDIUM),
)


def confidence_for(score: int) -> Confidence:
    """Return the confidence word for a score."""
    for threshold, confidence in CONFIDENCE_THRESHOLDS:
        if score >= threshold:
            return confidence
    return Confidence.LOW


def name_tokens(name: str) -> frozenset[str]:
    """Return the distinctive alphabetic tokens of a model or repository name."""
    tokens = re.findall(r"[a-z]{3,}", name.lower())
    return frozenset(t for t in tokens if t not in NAME_STOPWORDS)
