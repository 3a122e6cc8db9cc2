"""Rules that failed on real cards outside the seed (tests/integration/discovery/test_unseen_cards.py).

Each row is a line or two of a real card (the card named beside it), reduced to what decides
the rule; the rule is general, the card only where it was seen failing.
"""

from __future__ import annotations

import pytest

from registry.discovery import Role, Sources, propose, rank
from registry.discovery.card import card_mentions
from registry.discovery.links import classify
from registry.discovery.model import Discovery
from registry.discovery.paper import paper_page_mentions
from registry.ports import HubPaper


def discovered(readme: str, hub_id: str = "example-org/model-7b") -> Discovery:
    return propose(Sources(hub_id, {}, (), readme))


def test_a_comment_over_several_lines_is_not_read_and_lines_keep_their_numbers() -> None:
    # allenai/tulu-2-7b comments out a paragraph that links the EasyLM DPO trainer.
    readme = ("# Card\n\n<!--We then further aligned the model with a\n"
              "[Jax DPO trainer](https://github.com/hamishivi/EasyLM) built on EasyLM.\n-->\n"
              "- **Repository:** https://github.com/allenai/open-instruct\n")

    mentions = card_mentions(readme)

    assert [(m.url, m.line) for m in mentions] == [("https://github.com/allenai/open-instruct", 6)]


# (the card's line, its heading, the link, a reason that must be in how it was judged, or one
# that must not be)
WORDS = [
    # allenai/tulu-2-7b: the bare URL's own path ("open-instruct") is not the line's words.
    ("- **Repository:** https://github.com/allenai/open-instruct", "Model Sources",
     "https://github.com/allenai/open-instruct", "the card names it the model's repository",
     "its words say instruction tuning"),
    # meta-llama/Meta-Llama-3-8B-Instruct: "instructions" are how-to prose, not instruct tuning.
    ("Please, follow the instructions in the [repository](https://github.com/meta-llama/llama3)",
     "Use with llama3", "https://github.com/meta-llama/llama3",
     "the card names it the model's repository", "its words say instruction tuning"),
    # EleutherAI/llemma_7b: "trained on" names the data; the link is the base model's code.
    ("It was initialized with [Code Llama 7B](https://github.com/facebookresearch/codellama) "
     "weights, and trained on the Proof-Pile-2", "Llemma",
     "https://github.com/facebookresearch/codellama", "the card links it",
     "its words say training"),
]


@pytest.mark.parametrize(("line", "heading", "url", "said", "unsaid"), WORDS)
def test_what_a_links_words_say(line: str, heading: str, url: str, said: str, unsaid: str) -> None:
    found = {p.locator: p for p in discovered(f"## {heading}\n\n{line}\n").of_role(Role.CODE)}
    judged = found[url].judged if url in found else next(
        (s.reason,) for s in discovered(f"## {heading}\n\n{line}\n").set_aside if s.url == url)

    assert any(said in why for why in judged), judged
    assert not any(unsaid in why for why in judged), judged


def test_a_tuned_models_words_still_say_instruction_tuning() -> None:
    readme = "## Code\n\nThe [instruction-tuning code](https://github.com/example-org/tune)\n"

    (code,) = discovered(readme).of_role(Role.CODE)

    assert any("instruction tuning" in why for why in code.judged)


# (card text, the link, the words its set-aside reason must hold): links that are not the
# release's code are set aside with the reason, never proposed, on weights-only cards.
NOT_THE_RELEASES_CODE = [
    # tiiuae/falcon-7b compares itself with other models; nothing says StableLM is its code.
    ("## Why use Falcon-7B?\n\n* **It outperforms comparable open-source models** (e.g., "
     "[MPT-7B](https://huggingface.co/mosaicml/mpt-7b), [StableLM](https://github.com/"
     "Stability-AI/StableLM) etc.), thanks to being trained on 1,500B tokens of RefinedWeb.\n",
     "https://github.com/Stability-AI/StableLM", "another organisation's repository"),
    # berkeley-nest/Starling-LM-7B-alpha's licence section links Llama's model card.
    ("## License\nThe dataset, model and online demo is a research preview intended for "
     "non-commercial use only, subject to the data distillation [License](https://github.com/"
     "facebookresearch/llama/blob/main/MODEL_CARD.md) of LLaMA\n",
     "https://github.com/facebookresearch/llama", "another organisation's repository"),
    # stabilityai/stable-code-3b: the library it runs on, and the upstream of its fork, linked
    # again where the tokenizer's words say "train".
    ("## Model Details\n* **Library**: [GPT-NeoX](https://github.com/EleutherAI/gpt-neox)\n"
     "* **Tokenizer**: a modified version of the [`NeoX`](https://github.com/EleutherAI/gpt-neox)"
     " tokenizer. We add special tokens to train for Fill in the Middle.\n"
     "### Training Infrastructure\n* **Software**: We use a fork of `gpt-neox` ([EleutherAI, "
     "2021](https://github.com/EleutherAI/gpt-neox)), train under 2D parallelism\n",
     "https://github.com/EleutherAI/gpt-neox", "another organisation's tool"),
]


@pytest.mark.parametrize(("readme", "url", "reason"), NOT_THE_RELEASES_CODE)
def test_links_that_are_not_the_releases_code_are_set_aside(
    readme: str, url: str, reason: str
) -> None:
    found = discovered(readme)

    assert found.top(Role.CODE) is None
    assert reason in {s.url: s.reason for s in found.set_aside}[url]


def test_a_labs_own_fork_of_a_framework_is_its_training_code() -> None:
    # LumiOpen/Poro-34B: the link's own words say it is the fork, not the framework.
    readme = ("## Training\n\nTraining began in September 2023 using a [custom fork]"
              "(https://github.com/TurkuNLP/Megatron-DeepSpeed) of the Megatron-Deepspeed "
              "framework.\n")

    code = discovered(readme, "LumiOpen/Poro-34B").top(Role.CODE)

    assert code is not None and code.locator == "https://github.com/TurkuNLP/Megatron-DeepSpeed"
    assert not any("a framework the model was trained with" in why for why in code.judged)


def test_a_labs_own_tool_keeps_its_points_and_is_not_set_aside_as_anothers() -> None:
    readme = "### Software\n- [Forge](https://github.com/example-org/forge)\n"

    aside = {s.url: s.reason for s in discovered(readme).set_aside}

    assert "another organisation's tool" not in aside["https://github.com/example-org/forge"]


# (the PDF a card links in a repository, whether it is read as a paper)
PDFS = [
    ("https://github.com/SkyworkAI/Skywork/blob/main/Skywork%20Community%20License.pdf", False),
    ("https://github.com/SkyworkAI/Skywork/blob/main/Skywork%20模型社区许可协议.pdf", False),
    ("https://github.com/will-singularity/Skywork-MM/blob/main/skywork_mm.pdf", True),
]


@pytest.mark.parametrize(("url", "paper"), PDFS)
def test_a_licence_pdf_is_not_a_paper(url: str, paper: bool) -> None:
    found = discovered(f"# Card\n\nRead [this]({url}).\n")

    assert any(p.locator == url for p in found.of_role(Role.PAPER)) is paper


def test_a_repository_whose_licence_pdf_the_card_links_is_still_its_code() -> None:
    # Skywork-13B-base: its own repository, linked as "Github" and for its licence PDF.
    readme = ('<a href="https://github.com/SkyworkAI/Skywork" target="_blank">Github</a>\n\n'
              "## License\n[Skywork Community License](https://github.com/SkyworkAI/Skywork/"
              "blob/main/Skywork%20Community%20License.pdf)\n")

    code = discovered(readme, "Skywork/Skywork-13B-base").top(Role.CODE)

    assert code is not None and code.locator == "https://github.com/SkyworkAI/Skywork"


# (a Hub namespace, a git account, whether they are one organisation)
OWNERS = [
    ("stabilityai", "Stability-AI", True),  # stablelm-3b-4e1t's own StableLM repository
    ("kyutai", "kyutai-labs", True),
    ("meta-llama", "meta-llama", True),
    ("stabilityai", "EleutherAI", False),
    ("ai", "ai2", False),  # too short a prefix to say anything
]


@pytest.mark.parametrize(("namespace", "account", "same"), OWNERS)
def test_one_organisation_spelt_with_and_without_hyphens(
    namespace: str, account: str, same: bool
) -> None:
    assert rank.same_owner(namespace.lower(), account.lower()) is same


def test_a_link_whose_own_words_say_repository_is_not_a_tool_of_its_lines_words() -> None:
    # stabilityai/stablelm-3b-4e1t: "trained using" is said of the tokenizer; the link's own
    # words say it is the project's repository (with the run's config).
    readme = ("### Training Procedure\n\nThe model is pre-trained on the aforementioned datasets "
              "in `bfloat16` precision, optimized with AdamW, and trained using the NeoX tokenizer "
              "with a vocabulary size of 50,257. We outline the complete hyperparameters choices "
              "in the project's [GitHub repository - config](https://github.com/Stability-AI/"
              "StableLM/blob/main/configs/stablelm-3b-4e1t.yml).\n")

    code = discovered(readme, "stabilityai/stablelm-3b-4e1t").top(Role.CODE)

    assert code is not None and code.locator == "https://github.com/Stability-AI/StableLM"
    assert "published by the model's own organisation (+1)" in code.judged
    assert not any("a tool the model was trained using" in why for why in code.judged)


def test_pre_training_and_instruction_tuning_sections_of_a_data_list() -> None:
    # tokyotech-llm/Swallow-7b-hf lists both stages under "Training Datasets".
    readme = ("## Training Datasets\n\n### Continual Pre-Training\n"
              "- [RefinedWeb](https://huggingface.co/datasets/tiiuae/falcon-refinedweb)\n\n"
              "### Instruction Tuning\n"
              "- [OpenAssistant Conversations Dataset](https://huggingface.co/datasets/kunishou/"
              "oasst1-89k-ja)\n")

    found = discovered(readme, "tokyotech-llm/Swallow-7b-hf")

    assert [p.locator for p in found.of_role(Role.DATA)] == ["tiiuae/falcon-refinedweb"]
    assert any("pretraining-data heading" in why for why in found.of_role(Role.DATA)[0].judged)
    assert "instruction-tuning heading" in {s.url: s.reason for s in found.set_aside}[
        "kunishou/oasst1-89k-ja"]


# (the GitHub link of the paper's Hub page, the model, proposed?): the page's link of another
# organisation is that page's claim and nothing more; one of the model's own, or named like
# it, is the paper's code.
PAPER_PAGE_OWNERS = [
    ("https://github.com/someone/unofficial-impl", "example-org/falconet-7b", False),
    ("https://github.com/example-org/release", "example-org/falconet-7b", True),
    ("https://github.com/university-lab/falconet", "example-org/falconet-7b", True),  # its name
]


@pytest.mark.parametrize(("url", "hub_id", "proposed"), PAPER_PAGE_OWNERS)
def test_a_paper_pages_link_of_another_organisation(url: str, hub_id: str, proposed: bool) -> None:
    page = paper_page_mentions(HubPaper("2401.00001", "T", url, None))
    found = propose(Sources(hub_id, {}, (), "", paper_page_mentions=page))

    code = found.top(Role.CODE)
    assert (code is not None and code.locator == url) is proposed
    assert proposed or "another organisation's repository" in {
        s.url: s.reason for s in found.set_aside}[url]


# (a repository, whether it is a lab's fork of a training framework): the upstream is a tool.
FORKS = [
    ("https://github.com/rioyokotalab/Megatron-Llama2", True),  # Swallow's "Library"
    ("https://github.com/TurkuNLP/Megatron-DeepSpeed", True),  # Poro's "custom fork"
    ("https://github.com/bigscience-workshop/Megatron-DeepSpeed", True),  # BLOOM's
    ("https://github.com/NVIDIA/Megatron-LM", False),
    ("https://github.com/microsoft/Megatron-DeepSpeed", False),
    ("https://github.com/EleutherAI/gpt-neox", False),
    ("https://github.com/example-org/trainer", False),
]


@pytest.mark.parametrize(("url", "fork"), FORKS)
def test_a_labs_fork_of_a_training_framework(url: str, fork: bool) -> None:
    assert rank.framework_fork(classify(url)) is fork


def test_a_library_label_on_a_labs_fork_names_the_framework_not_a_tool() -> None:
    # tokyotech-llm/Swallow-7b-hf: "Library: [Megatron-LM](<the Yokota lab's fork>)".
    readme = ("## Model Details\n\n* **Library**: [Megatron-LM](https://github.com/rioyokotalab/"
              "Megatron-Llama2) \n")

    code = discovered(readme, "tokyotech-llm/Swallow-7b-hf").top(Role.CODE)

    assert code is not None and code.locator == "https://github.com/rioyokotalab/Megatron-Llama2"
    assert any("fork of a training framework" in why for why in code.judged)
