"""Card shapes discovery meets on cards it has never seen, as tables.

Each row is a shape real cards use (the card and line it comes from is named beside it):
reference-style links, nested link text, HTML links and badges, bare and scheme-less URLs,
links in tables, citations, the `datasets` metadata in its several forms, quantised copies.
The whole real cards are in tests/data/discovery/cards (SOURCES.md) and standins/snapshots.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from registry.discovery import Role, Sources, propose
from registry.discovery.card import card_mentions
from registry.discovery.links import TargetKind, classify
from registry.discovery.model import Discovery

ROOT = Path(__file__).resolve().parents[4]
CARDS = ROOT / "tests" / "data" / "discovery" / "cards"
MODELS = ROOT / "standins" / "snapshots" / "hub" / "models"


def _card(name: str) -> tuple[dict[str, object], str]:
    """Return (front matter, README) of a copied card."""
    readme = (CARDS / f"{name}.md").read_text()
    front = yaml.safe_load(readme.split("---\n")[1]) if readme.startswith("---\n") else {}
    return front or {}, readme


def _snapshot(hub_id: str) -> tuple[dict[str, object], str]:
    """Return (card metadata, card text) of a packaged snapshot manifest."""
    manifest = yaml.safe_load((MODELS / f"{hub_id}.yml").read_text())
    return manifest.get("card_data") or {}, str(manifest.get("card_text") or "")


def _propose(hub_id: str, readme: str, card_data: dict[str, object] | None = None) -> Discovery:
    return propose(Sources(hub_id, card_data or {}, (), readme))


def _codes(found: Discovery) -> list[str]:
    return [p.locator for p in found.of_role(Role.CODE)]


# (card text, the URL read, its link text, its README line): every way a card writes a link.
LINK_SHAPES = [
    # Reference-style, as the Gemma cards write them: read where used, under that heading.
    ("## Software\nTraining was done using [JAX][jax].\n\n[jax]: https://github.com/google/jax\n",
     "https://github.com/google/jax", "JAX", 2),
    ("## S\nSee [the code][].\n\n[the code]: https://github.com/org/repo 'Title'\n",
     "https://github.com/org/repo", "the code", 2),
    ("## S\nSee [Code].\n\n[code]: <https://github.com/org/repo>\n",
     "https://github.com/org/repo", "Code", 2),
    # A definition nothing uses is still a link the card wrote: read on its own line.
    ("# M\n[repo]: https://github.com/org/repo\n", "https://github.com/org/repo", "repo", 2),
    # Link text in brackets, as the Distil-Whisper README writes "[[Paper]](...)".
    ("[[Paper]](https://arxiv.org/abs/2311.00430) [[Code]](https://github.com/org/repo)\n",
     "https://github.com/org/repo", "[Code]", 1),
    # A title in single quotes.
    ("[code](https://github.com/org/repo 'the code')\n", "https://github.com/org/repo", "code", 1),
    # HTML links around a shields.io badge, as the Qwen and DeepSeek cards write them.
    ('<a href="https://github.com/org/repo"><img alt="GitHub" '
     'src="https://img.shields.io/github/stars/org/repo"/></a>\n',
     "https://github.com/org/repo", "", 1),
    ("[![GitHub](https://img.shields.io/badge/GitHub-repo-blue)](https://github.com/org/repo)\n",
     "https://github.com/org/repo", "GitHub", 1),
    # Bare, scheme-less and www. URLs.
    ("- **Repository:** https://github.com/huggingface/alignment-handbook\n",
     "https://github.com/huggingface/alignment-handbook", "", 1),
    ("The code is at github.com/org/repo.\n", "https://github.com/org/repo", "", 1),
    ("(see https://github.com/org/repo)\n", "https://github.com/org/repo", "", 1),
]


@pytest.mark.parametrize(("readme", "url", "text", "line"), LINK_SHAPES)
def test_every_link_shape_is_read_with_its_text_and_line(
    readme: str, url: str, text: str, line: int
) -> None:
    mentions = [m for m in card_mentions(readme) if m.url == url]

    assert [(m.text, m.line) for m in mentions] == [(text, line)]


def test_no_badge_image_or_reference_definition_is_read_as_a_link() -> None:
    readme = ("[![GitHub](https://img.shields.io/badge/GitHub-repo-blue)](https://github.com/o/r)\n"
              "Trained with [X][x].\n\n[x]: https://github.com/o/x\n")

    assert [m.url for m in card_mentions(readme)] == ["https://github.com/o/r",
                                                       "https://github.com/o/x"]


def test_the_gemma_card_reference_links_are_read_where_they_are_used() -> None:
    card_data, text = _snapshot("google/gemma-2-9b")
    readme = text
    mentions = {m.url: m for m in card_mentions(readme)}

    jax = mentions["https://github.com/google/jax"]
    assert (jax.text, jax.heading) == ("JAX", "Software")
    assert jax.context.startswith("Training was done using JAX and ML Pathways")
    kaggle = mentions["https://www.kaggle.com/models/google/gemma-2"]
    assert (kaggle.text, kaggle.heading) == ("Gemma on Kaggle", "Gemma 2 model card")
    # The card names no release code (JAX is the library it was trained with).
    found = _propose("google/gemma-2-9b", readme, card_data)
    assert found.of_role(Role.CODE) == ()
    assert any(s.url == "https://github.com/google/jax" and "library" in s.reason
               for s in found.set_aside)


# (URL, kind, locator): Hub and git URLs in the forms cards write them.
URL_SHAPES = [
    # The dataset viewer of a legacy id is a page of "wikitext", not a repo "wikitext/viewer".
    ("https://huggingface.co/datasets/wikitext/viewer/wikitext-2-v1/test", TargetKind.HF_DATASET,
     "wikitext"),
    ("https://huggingface.co/datasets/org/d/viewer/default/train", TargetKind.HF_DATASET, "org/d"),
    ("https://huggingface.co/gpt2/tree/main", TargetKind.HF_MODEL, "gpt2"),
    ("https://www.github.com/org/repo", TargetKind.GIT_REPO, "https://github.com/org/repo"),
    ("https://github.com/org/repo/tree/main/training", TargetKind.GIT_FILE,
     "https://github.com/org/repo"),
]


@pytest.mark.parametrize(("url", "kind", "locator"), URL_SHAPES)
def test_hub_and_git_urls_in_the_forms_cards_write_them(
    url: str, kind: TargetKind, locator: str
) -> None:
    target = classify(url)

    assert (target.kind, target.locator) == (kind, locator)


# (card metadata, the data proposals, what is set aside): the `datasets` key in its forms.
METADATA_SHAPES = [
    ({"datasets": "allenai/dolma"}, ["allenai/dolma"], []),  # a string, not a list
    ({"datasets": ["https://huggingface.co/datasets/allenai/dolma"]}, ["allenai/dolma"], []),
    ({"datasets": ["https://github.com/org/data-tools"]}, [], ["https://github.com/org/data-tools"]),
    # A base model is never the training data, even when the metadata lists it there too.
    ({"base_model": "org/Base", "datasets": ["org/corpus"]}, ["org/corpus"], ["org/Base"]),
    ({"base_model": ["org/Base"], "datasets": []}, [], ["org/Base"]),
    # ...and when a fine-tune's card lists its base model under `datasets` as well.
    ({"base_model": "org/Base", "datasets": ["org/Base", "org/sft"]}, ["org/sft"], ["org/Base"]),
]


@pytest.mark.parametrize(("card_data", "data", "aside"), METADATA_SHAPES)
def test_the_datasets_metadata_in_its_forms(
    card_data: dict[str, object], data: list[str], aside: list[str]
) -> None:
    found = _propose("other/M", "", card_data)

    assert [p.locator for p in found.of_role(Role.DATA)] == data
    assert [s.url for s in found.set_aside] == aside


# (card text, the code links in rank order): where a link sits decides its rank. A link with
# too little said for it, or named as another organisation's tool, is set aside instead of
# ranked last (pool.sift): still below every proposal.
RANKINGS = [
    # A table row labelled as the training code, as LLM360's cards tabulate their sources.
    ("| Resource | Link |\n|---|---|\n| Evaluation | [e](https://github.com/org/evals) |\n"
     "| Training code | [t](https://github.com/org/trainer) |\n",
     ["https://github.com/org/trainer", "https://github.com/org/evals"]),
    # A bibtex `url` field, fenced or not, ranks below a link under a training heading.
    ("## Training\nCode: https://github.com/org/trainer\n## Citation\n```bibtex\n@misc{m,\n"
     "  url = {https://github.com/org/cited}\n}\n```\n",
     ["https://github.com/org/trainer"]),
    ("## Training\nCode: https://github.com/org/trainer\n## Citation\n@misc{m,\n"
     "  howpublished = {\\url{https://github.com/org/cited}},\n}\n",
     ["https://github.com/org/trainer", "https://github.com/org/cited"]),
    # The model-card template's "Software" section names the tools it was trained with.
    ("## Training\nThe [training code](https://github.com/org/trainer).\n"
     "### Software\n- [Forge](https://github.com/tools/forge)\n",
     ["https://github.com/org/trainer", "https://github.com/tools/forge"]),
    # "trained using [a tool]" names what was used; "trained with [our training code]" does not.
    ("Trained using [Forge](https://github.com/tools/forge).\n"
     "See [our training code](https://github.com/org/trainer).\n",
     ["https://github.com/org/trainer", "https://github.com/tools/forge"]),
    ("Trained with [our training code](https://github.com/org/trainer).\n",
     ["https://github.com/org/trainer"]),
]


@pytest.mark.parametrize(("readme", "ranked"), RANKINGS)
def test_where_a_link_sits_decides_its_rank(readme: str, ranked: list[str]) -> None:
    found = _propose("lab/M", readme)  # not the links' owner: kinship decides nothing here

    proposed = _codes(found)
    assert proposed == ranked[: len(proposed)] and proposed
    assert set(ranked[len(proposed):]) <= {s.url for s in found.set_aside}
    if len(proposed) > 1:
        scores = [p.score for p in found.of_role(Role.CODE)]
        assert scores[0] > scores[1]


def test_trained_with_our_training_code_keeps_its_training_words() -> None:
    found = _propose("org/M", "Trained with [our training code](https://github.com/org/trainer).\n")

    top = found.top(Role.CODE)
    assert top is not None and any("its words say training" in why for why in top.judged)


def test_a_quantised_copy_proposes_its_originals_sources_not_its_tools() -> None:
    # TheBloke's AWQ card: tools to install and serve, a calibration set in a table, the
    # original card below with its repository and datasets, and the original as base_model.
    card_data, readme = _card("TheBloke__zephyr-7B-alpha-AWQ")
    found = _propose("TheBloke/zephyr-7B-alpha-AWQ", readme, card_data)

    code = found.of_role(Role.CODE)
    assert code[0].locator == "https://github.com/huggingface/alignment-handbook"
    assert code[0].provenance.startswith("README line 171, under 'Model Sources'")
    # AutoAWQ, another organisation's tool to install: below the floor, set aside.
    aside = {s.url: s.reason for s in found.set_aside}
    assert "https://github.com/casper-hansen/AutoAWQ" not in {p.locator for p in code}
    assert "installation heading" in aside["https://github.com/casper-hansen/AutoAWQ"]
    assert "its name says quantisation" in aside["https://github.com/casper-hansen/AutoAWQ"]
    assert [p.locator for p in found.of_role(Role.DATA)] == ["stingning/ultrachat",
                                                              "openbmb/UltraFeedback"]
    assert "never its training data" in aside["HuggingFaceH4/zephyr-7b-alpha"]
    assert "calibration" in aside["wikitext"]  # the "AWQ Dataset" column
    assert "library" in aside["https://github.com/vllm-project/vllm"]
    assert "models are not training data" in aside["mistralai/Mistral-7B-v0.1"]


def test_a_mix_tables_dataset_column_adds_nothing_for_its_rows() -> None:
    # LLM360/K2's "Datasets and Mix" table: its "Dataset" column lists the mix's sources.
    card_data, readme = _card("LLM360__K2")
    found = _propose("LLM360/K2", readme, card_data)

    ranked = {p.locator: p for p in found.of_role(Role.DATA)}
    assert ranked["LLM360/K2Datasets"].rank == 1
    assert ranked["cerebras/SlimPajama-627B"].score < ranked["LLM360/K2Datasets"].score


def test_the_starcoder2_software_section_is_tools_and_its_repository_is_the_code() -> None:
    card_data, readme = _snapshot("bigcode/starcoder2-15b")
    found = _propose("bigcode/starcoder2-15b", readme, card_data)

    assert _codes(found) == ["https://github.com/bigcode-project/starcoder2"]
    assert any(s.url == "https://github.com/pytorch/pytorch" for s in found.set_aside)
    assert found.top(Role.DATA) is not None
    assert found.top(Role.DATA).locator == "bigcode/the-stack-v2-train"


def test_the_whisper_release_card_names_its_code_in_prose_and_no_data() -> None:
    # "The original code repository can be found [here](https://github.com/openai/whisper)."
    card_data, readme = _snapshot("openai/whisper-large-v3")
    found = _propose("openai/whisper-large-v3", readme, card_data)

    code = found.top(Role.CODE)
    assert code is not None and code.locator == "https://github.com/openai/whisper"
    assert any("the card names it the model's repository" in why for why in code.judged)
    # Libraries in the usage and speed-up sections are set aside; the "Training Data"
    # section links only the paper PDF, which is not a data download.
    assert _codes(found) == ["https://github.com/openai/whisper"]
    assert found.of_role(Role.DATA) == ()


# (card lines, the library set aside): JAX moved from google/jax to jax-ml/jax, and the later
# Gemma cards' reference definitions name the new home ("[jax]: https://github.com/jax-ml/jax").
LIBRARY_HOMES = [
    "Training was done using [JAX][jax].\n\n[jax]: https://github.com/google/jax\n",
    "Training was done using [JAX][jax].\n\n[jax]: https://github.com/jax-ml/jax\n",
]


@pytest.mark.parametrize("readme", LIBRARY_HOMES)
def test_a_library_is_set_aside_at_its_old_and_new_home(readme: str) -> None:
    found = _propose("google/gemma-x", readme)

    assert found.of_role(Role.CODE) == ()
    assert all("library" in s.reason for s in found.set_aside)


# (card text, the heading path of the link): setext headings ("Training\n========") count
# like "#" headings. Only a one-line paragraph is read as one: cards put "---" under longer
# prose and under lists as a separator far more often than they underline a long heading.
SETEXT = [
    ("Model\n=====\n\nTraining\n--------\n\nCode: https://github.com/org/trainer\n",
     ("Model", "Training")),
    ("# Model\n\nText that goes on\nover two lines\n---\n\nhttps://github.com/org/trainer\n",
     ("Model",)),
    ("# Model\n\n- item\n---\n\nhttps://github.com/org/trainer\n", ("Model",)),
]


@pytest.mark.parametrize(("readme", "headings"), SETEXT)
def test_setext_headings_are_headings(readme: str, headings: tuple[str, ...]) -> None:
    (mention,) = card_mentions(readme)

    assert mention.headings == headings
