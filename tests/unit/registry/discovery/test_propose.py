"""Discovery rules, table-tested over real model cards (tests/data/discovery/cards/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from registry.discovery import Role, Sources, propose
from registry.discovery.card import card_mentions
from registry.discovery.model import Confidence, Discovery
from registry.discovery.paper import paper_page_mentions
from registry.ports import HubPaper

CARDS = Path(__file__).resolve().parents[3] / "data" / "discovery" / "cards"


def discovered(hub_id: str) -> Discovery:
    """Run the pure discovery on a copied card, its metadata read from the front matter."""
    readme = (CARDS / (hub_id.replace("/", "__") + ".md")).read_text()
    front = yaml.safe_load(readme.split("---\n")[1]) if readme.startswith("---\n") else {}
    return propose(Sources(hub_id, front or {}, (), readme))


# (card, role, the top proposal, its provenance, words that must be in how it was judged)
TOP_PROPOSALS = [
    ("allenai/OLMo-7B", Role.CODE, "https://github.com/allenai/OLMo",
     "README line 40, under 'Model Sources'", "its words say training"),
    ("allenai/OLMo-7B", Role.DATA, "allenai/dolma", "card metadata `datasets[0]`",
     "linked on more than one line"),
    ("allenai/OLMo-7B", Role.PAPER, "https://arxiv.org/abs/2402.00838",
     "README line 43, under 'Model Sources'", "its words say paper"),
    ("EleutherAI/pythia-6.9b-deduped", Role.CODE, "https://github.com/EleutherAI/pythia",
     "README line", "under a training heading"),
    ("LLM360/K2", Role.CODE, "https://github.com/LLM360/k2-train",
     "README line 63, under 'Training code'", "its name says training"),
    ("LLM360/K2", Role.DATA, "LLM360/K2Datasets",
     "README line 30, under 'Datasets and Mix'", "published by the model's own organisation"),
    ("bigscience/bloom", Role.CODE, "https://github.com/bigscience-workshop/Megatron-DeepSpeed",
     "README line", "its words say code"),
    ("bigscience/bloom", Role.DATA, "https://huggingface.co/bigscience-data",
     "README line 137, under 'Training Data'", "under a data heading"),
    ("kyutai/tts-1.6b-en_fr", Role.CODE,
     "https://github.com/kyutai-labs/delayed-streams-modeling",
     "README line", "the card names it the model's repository"),
    ("allenai/OLMo-2-1124-7B", Role.DATA, "allenai/olmo-mix-1124", "card metadata `datasets[0]`",
     "linked on more than one line"),
    # "For more details refer to: <repo>. You will find pre-training, post-training, ... code."
    ("HuggingFaceTB/SmolLM2-1.7B", Role.CODE, "https://github.com/huggingface/smollm",
     "README line 29, under 'Model Summary'", "its words say training"),
    # The repository hosts the paper PDF too, but the card tells you to `git clone` it.
    ("deepseek-ai/DeepSeek-V3-Base", Role.CODE, "https://github.com/deepseek-ai/DeepSeek-V3",
     "README line 261, under 'Model Weights & Demo Code Preparation', in a `git clone` command",
     "the card tells you to `git clone` it"),
]


@pytest.mark.parametrize(("card", "role", "locator", "provenance", "why"), TOP_PROPOSALS)
def test_the_top_proposal_and_where_it_was_found(
    card: str, role: Role, locator: str, provenance: str, why: str
) -> None:
    top = discovered(card).top(role)

    assert top is not None and top.locator == locator
    # The best-scoring mention is the provenance; the other places it was seen come along.
    assert any(seen.startswith(provenance) for seen in (top.provenance, *top.also_seen))
    assert any(why in reason for reason in top.judged)


# (card, role, a proposal that must rank below the top one): other roles rank lower.
RANKED_BELOW = [
    ("allenai/OLMo-7B", Role.CODE, "https://github.com/allenai/OLMo-Eval"),  # evaluation
    ("allenai/OLMo-7B", Role.CODE, "https://github.com/allenai/open-instruct"),  # fine-tuning
    ("LLM360/K2", Role.DATA, "cerebras/SlimPajama-627B"),  # a source of the mix
    ("kyutai/tts-1.6b-en_fr", Role.CODE, "https://github.com/linto-ai/whisper-timestamped"),
    ("HuggingFaceTB/SmolLM2-1.7B", Role.CODE, "https://github.com/huggingface/alignment-handbook"),
    ("HuggingFaceTB/SmolLM2-1.7B", Role.CODE, "https://github.com/huggingface/lighteval"),
    ("deepseek-ai/DeepSeek-V3-Base", Role.CODE, "https://github.com/InternLM/lmdeploy"),  # serving
    # The logo and WeChat badge live in the previous model's repository.
    ("deepseek-ai/DeepSeek-V3-Base", Role.CODE, "https://github.com/deepseek-ai/DeepSeek-V2"),
]


@pytest.mark.parametrize(("card", "role", "locator"), RANKED_BELOW)
def test_evaluation_fine_tuning_and_tooling_rank_below_the_training_artifact(
    card: str, role: Role, locator: str
) -> None:
    found = discovered(card)
    ranked = {p.locator: p for p in found.of_role(role)}

    assert ranked[locator].rank > 1 if locator in ranked else any(
        s.url == locator for s in found.set_aside)  # too little said for it: set aside
    top = found.top(role)
    assert top is not None and top.locator != locator
    assert locator not in ranked or ranked[locator].score < top.score


# (card, a link that must be set aside, not proposed, and the reason's words)
SET_ASIDE = [
    ("microsoft/Phi-3-mini-4k-instruct", "https://github.com/microsoft/Phi-3CookBook", "cookbook"),
    ("ibm-granite/granite-3.0-8b-base",
     "https://github.com/ibm-granite/granite-3.0-language-models", "hosts the paper"),
    ("bigscience/bloom", "https://github.com/microsoft/DeepSpeed", "general-purpose library"),
    ("bigscience/bloom", "https://github.com/pytorch/pytorch", "general-purpose library"),
    # "...function calling thanks to datasets developed by [Argilla](...) such as [...]": the
    # instruct model's data, with nothing said for it as the training data.
    ("HuggingFaceTB/SmolLM2-1.7B", "https://huggingface.co/argilla", "more of what the card says"),
    ("HuggingFaceTB/SmolLM2-1.7B", "argilla/Synth-APIGen-v0.1", "its words say instruction data"),
    # A base model's card links its instruct sibling's tuning data (`post_training`): the
    # "Post-training" row of OLMo 2's table, SmolLM2's SFT set and its DPO set.
    ("allenai/OLMo-2-1124-7B", "allenai/tulu-3-sft-olmo-mixture", "the card is a base model's"),
    ("allenai/OLMo-2-1124-7B", "allenai/olmo-2-1124-7b-preference-mix", "post-training"),
    ("HuggingFaceTB/SmolLM2-1.7B", "HuggingFaceTB/smoltalk", "the card is a base model's"),
    ("HuggingFaceTB/SmolLM2-1.7B", "HuggingFaceH4/ultrafeedback_binarized",
     "trained the instruct or chat version"),
]


@pytest.mark.parametrize(("card", "url", "reason"), SET_ASIDE)
def test_links_that_are_not_the_release_are_set_aside_with_a_reason(
    card: str, url: str, reason: str
) -> None:
    found = discovered(card)

    assert url not in {p.locator for p in found.proposals}
    assert any(s.url == url and reason in s.reason for s in found.set_aside)


@pytest.mark.parametrize("card", ["microsoft/Phi-3-mini-4k-instruct",
                                  "ibm-granite/granite-3.0-8b-base"])
def test_releases_that_publish_no_code_or_data_get_no_such_proposal(card: str) -> None:
    found = discovered(card)

    assert found.of_role(Role.CODE) == () and found.of_role(Role.DATA) == ()


def test_a_base_model_is_never_the_training_data() -> None:
    found = propose(Sources("org/Tuned", {"base_model": "org/Base", "datasets": ["org/sft"]}))

    assert [p.locator for p in found.of_role(Role.DATA)] == ["org/sft"]
    assert found.base_models == ("org/Base",)
    assert any("never its training data" in s.reason for s in found.set_aside)


def test_links_to_models_are_not_data_and_the_repo_itself_is_the_weights() -> None:
    readme = ("## Training data\nTrained on [our corpus](https://huggingface.co/datasets/org/c)"
              " after [Base](https://huggingface.co/org/Base) and [this](https://huggingface.co/org/M).\n")
    found = propose(Sources("org/M", {}, (), readme))

    assert [p.locator for p in found.of_role(Role.DATA)] == ["org/c"]
    assert found.top(Role.WEIGHTS) is not None and found.top(Role.WEIGHTS).locator == "org/M"
    assert [s.url for s in found.set_aside] == ["org/Base"]


def test_a_link_under_training_outranks_one_in_the_citation() -> None:
    readme = ("# M\n## Citation\nSee https://github.com/org/cited\n"
              "## Training\nThe code is https://github.com/org/trainer\n")
    found = propose(Sources("org/M", {}, (), readme))

    assert [p.locator for p in found.of_role(Role.CODE)] == ["https://github.com/org/trainer"]
    # The cited repository has more said against it than for it: set aside, with why.
    assert "in the citation" in {s.url: s.reason for s in found.set_aside}[
        "https://github.com/org/cited"]
    assert found.top(Role.CODE) is not None
    assert found.top(Role.CODE).confidence in (Confidence.HIGH, Confidence.MEDIUM)


def test_code_blocks_are_commands_not_claims_except_git_clone() -> None:
    readme = ("## Usage\n```bash\npip install git+https://github.com/org/lib\n"
              "git clone https://github.com/org/release.git\n```\n")
    found = propose(Sources("org/M", {}, (), readme))

    assert [p.locator for p in found.of_role(Role.CODE)] == ["https://github.com/org/release"]
    assert "in a `git clone` command" in found.of_role(Role.CODE)[0].provenance


def test_card_mentions_keep_the_readme_line_and_the_heading_path() -> None:
    readme = (CARDS / "allenai__OLMo-7B.md").read_text()
    mentions = {m.url: m for m in card_mentions(readme)}

    olmo = mentions["https://github.com/allenai/OLMo"]
    assert (olmo.line, olmo.heading) == (40, "Model Sources")
    assert olmo.headings == ("Model Card for OLMo 7B", "Model Details", "Model Sources")


# (card, a code link given as the framework the model was trained with, a link from another
# real card that says it is the training code): the tool ranks below the training code.
TRAINING_TOOL_VS_TRAINING_CODE = [
    ("HuggingFaceTB/SmolLM2-1.7B", "https://github.com/huggingface/nanotron",
     "LLM360/K2", "https://github.com/LLM360/k2-train"),
]


@pytest.mark.parametrize(("card", "tool", "other", "code"), TRAINING_TOOL_VS_TRAINING_CODE)
def test_a_training_framework_is_a_tool_and_ranks_below_training_code(
    card: str, tool: str, other: str, code: str
) -> None:
    found = discovered(card)
    training = {p.locator: p for p in discovered(other).of_role(Role.CODE)}[code]

    # "Training Framework: nanotron" says training, but of the tool: the words do not settle
    # it, and with more said against it than for it the tool is set aside, saying why.
    assert tool not in {p.locator for p in found.of_role(Role.CODE)}
    why = {s.url: s.reason for s in found.set_aside}[tool]
    assert "a framework the model was trained with" in why
    assert "its words say training" not in why
    assert training.confidence is Confidence.HIGH


# (a card line, whether its dataset link clears the data floor): a link merely named is a
# claim; one whose words say evaluation, SFT or instruction data and nothing else is not.
DATA_FLOOR = [
    ("Data: [corpus](https://huggingface.co/datasets/org/d)", True),
    ("We evaluate on [bench](https://huggingface.co/datasets/org/d).", False),
    ("The SFT dataset is [here](https://huggingface.co/datasets/org/d).", False),
    ("Trained on [our SFT mix](https://huggingface.co/datasets/org/d).", True),  # +2 -2, +1
    ("## Training Data\nThe [SFT set](https://huggingface.co/datasets/org/d).", True),
]


@pytest.mark.parametrize(("line", "proposed"), DATA_FLOOR)
def test_a_data_link_needs_more_said_for_it_than_against_it(line: str, proposed: bool) -> None:
    found = propose(Sources("other/M", {}, (), line + "\n"))

    assert [p.locator for p in found.of_role(Role.DATA)] == (["org/d"] if proposed else [])
    assert proposed or any(s.url == "org/d" for s in found.set_aside)


# (the GitHub link of the paper's Hub page, proposed as code?, the reason when set aside):
# the page's link is a claim about the paper's code; the same filters as a card link apply.
PAPER_PAGE_LINKS = [
    ("https://github.com/org/release", True, None),
    ("https://github.com/microsoft/Phi-3CookBook", False, "cookbook"),
    ("https://github.com/huggingface/transformers", False, "general-purpose library"),
]


@pytest.mark.parametrize(("url", "proposed", "reason"), PAPER_PAGE_LINKS)
def test_the_github_link_of_the_papers_hub_page(url: str, proposed: bool, reason: str) -> None:
    page = HubPaper("2401.00001", "T", url, None)
    found = propose(Sources("org/m", {}, (), "", paper_page_mentions=paper_page_mentions(page)))

    code = found.top(Role.CODE)
    if proposed:
        assert code is not None and code.locator == url
        assert code.provenance == "the Hub's page of the paper (arXiv 2401.00001), its GitHub link"
        assert code.confidence is not Confidence.HIGH  # a page link alone, never high
    else:
        assert code is None
        assert any(s.url == url and reason in s.reason for s in found.set_aside)


def test_a_paper_page_without_a_github_link_says_nothing() -> None:
    assert paper_page_mentions(HubPaper("2401.00001", "T", None, "https://org.example")) == ()
