"""The seed catalogue as the answer key: discovery from each release's Hub id alone.

Runs the real adapters (huggingface_hub, the guarded URL reader) against the packaged
stand-ins, whose cards are the snapshot of the real cards, and prints the figure. The
catalogue's artifact lists are only the answer key: discovery never reads them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import standins
from registry.adapters import AdapterSettings
from registry.adapters.http import HttpProbeAdapter
from registry.adapters.hub import HubAdapter
from registry.discovery import Confidence, Discovery, Role, discover
from registry.discovery.measure import Figure, measure
from standins.loader import parse_manifest
from standins.synthetic import synthetic_hub_manifest

CATALOGUE = Path(__file__).resolve().parents[3] / "registry" / "data" / "releases.json"


def loopback_settings(stand_ins: standins.StandIns) -> AdapterSettings:
    """The adapters' settings for the stand-ins: loopback only, GitHub's URLs rewritten."""
    return AdapterSettings(
        hub_endpoint=stand_ins.hub_endpoint,
        allowed_hosts=frozenset({"127.0.0.1", "localhost"}),
        git_protocols=frozenset({"https", "http"}),
        rewrites=stand_ins.rewrites,
    )


def discovered(
    settings: AdapterSettings, hub_id: str, *, pages: bool = True, probe: bool = True
) -> Discovery:
    """Discover from a Hub id; `pages` reads papers' pages, `probe` follows moved links."""
    reader = HttpProbeAdapter(settings) if pages else None
    return discover(HubAdapter(settings), reader, hub_id, probe=reader if probe else None)


@pytest.fixture(scope="module")
def seeded() -> Iterator[AdapterSettings]:
    with standins.start() as stand_ins:
        yield loopback_settings(stand_ins)


@pytest.fixture(scope="module")
def figure(seeded: AdapterSettings) -> Figure:
    releases = json.loads(CATALOGUE.read_text())["releases"]
    return measure(releases, lambda hub_id: discovered(seeded, hub_id))


def test_the_figure_is_printed_and_nothing_is_invented(
    figure: Figure, capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print("\n" + "\n".join(figure.lines()))

    assert figure.expected == 37  # 25 code and 12 data artifacts in the seed catalogue
    assert figure.invented == 0
    # Issue 16's target is 90% (34 of 37); 34 is reached. The three misses, and the evidence
    # looked for, are in the report: a change that loses a found artifact fails here.
    assert figure.found >= 34
    assert figure.share >= 0.9


def test_the_papers_first_page_gives_code_the_abstract_page_does_not(seeded: AdapterSettings) -> None:
    found = discovered(seeded, "mistralai/Mistral-7B-v0.1")

    # The card links the paper; the abstract page links only the blog post; the paper's first
    # page (arXiv HTML) says "Code: https://github.com/mistralai/mistral-src", which GitHub
    # answers with 301 to the repository's new name.
    code = found.top(Role.CODE)
    assert code is not None and code.locator == "https://github.com/mistralai/mistral-inference"
    assert code.provenance == (
        "the paper's first page (arXiv HTML 2310.06825), before its first section")
    assert any("answers 301 (moved permanently)" in why for why in code.judged)
    assert "paper first page https://arxiv.org/html/2310.06825 (2 links)" in found.read
    assert found.problems == ()


def test_discovery_reads_the_paper_page_through_the_url_adapter(seeded: AdapterSettings) -> None:
    found = discovered(seeded, "EleutherAI/pythia-6.9b-deduped", probe=False)

    code = found.top(Role.CODE)
    assert code is not None and code.locator == "https://github.com/EleutherAI/pythia"
    assert "paper abstract page (arXiv 2304.01373), abstract" in code.also_seen
    assert any("paper abstract page" in line for line in found.read)


def test_a_legacy_dataset_id_is_proposed_at_its_new_home(seeded: AdapterSettings) -> None:
    found = discovered(seeded, "google-t5/t5-base", pages=False)

    data = found.top(Role.DATA)
    assert data is not None and data.locator == "allenai/c4"
    assert data.provenance == "card metadata `datasets[0]`"
    assert "the Hub answers 'c4' as 'allenai/c4'" in data.judged


def test_a_moved_repository_is_proposed_at_its_new_home(seeded: AdapterSettings) -> None:
    found = discovered(seeded, "meta-llama/Llama-2-7b-hf")
    unprobed = discovered(seeded, "meta-llama/Llama-2-7b-hf", probe=False)

    code = found.top(Role.CODE)
    # The card links the old address; GitHub (the stand-in's URL manifest) answers it with 301.
    assert code is not None and code.locator == "https://github.com/meta-llama/llama"
    assert code.provenance.startswith("README line")
    assert any("answers 301 (moved permanently)" in why for why in code.judged)
    old = unprobed.top(Role.CODE)
    assert old is not None and old.locator == "https://github.com/facebookresearch/llama"


def test_a_card_linked_dataset_collection_is_read_through_the_hub(seeded: AdapterSettings) -> None:
    found = discovered(seeded, "m-a-p/neo_7b", pages=False)

    data = found.top(Role.DATA)
    assert data is not None and data.locator == "m-a-p/Matrix"
    assert data.provenance.startswith(
        "Hub collection 'Neo-Datasets' (m-a-p/neo-datasets-66395dc55cbebc0a7767bbd5), item 1")
    assert "Hub collection m-a-p/neo-datasets-66395dc55cbebc0a7767bbd5 (1 datasets)" in found.read


def test_a_dataset_id_the_hub_does_not_hold_is_resolved_by_the_cards_figures(
    seeded: AdapterSettings,
) -> None:
    found = discovered(seeded, "bigcode/starcoder2-15b", pages=False)

    # The card names bigcode/the-stack-v2-train, which the Hub has no dataset for; the Hub
    # lists two that extend the name, and only the full-ids card says "600+ programming
    # languages", as the model card's Model Summary does (the smol-ids card says 17).
    data = found.top(Role.DATA)
    assert data is not None and data.locator == "bigcode/the-stack-v2-train-full-ids"
    assert data.provenance == "card metadata `datasets[0]`"
    assert data.confidence is Confidence.MEDIUM  # never high: the card's own id is missing
    assert any("only bigcode/the-stack-v2-train-full-ids's card states the model card's "
               "'600 programming'" in why for why in data.judged)
    assert "Hub listing of bigcode's datasets named like the-stack-v2-train (2 found)" in found.read
    assert "dataset card of bigcode/the-stack-v2-train-smol-ids (69 lines)" in found.read
    assert [p.locator for p in found.of_role(Role.DATA)] == ["bigcode/the-stack-v2-train-full-ids"]


def _missing_dataset_world(card: str, datasets: dict[str, str]) -> list[object]:
    """A model whose card names `example-org/corpus`, and the datasets the Hub does hold."""
    model = replace(synthetic_hub_manifest("example-org/m-7b", file_count=1), card_text=card,
                    card_data={"datasets": ["example-org/corpus"]})
    held = [parse_manifest({
        "kind": "dataset", "id": repo_id, "snapshot": True, "card_text": text,
        "source": "https://example.org/a-test-fixture (read 2026-12-03)", "files": [],
    }) for repo_id, text in datasets.items()]
    return [model, *held]


@pytest.mark.parametrize(("card", "datasets", "top", "said"), [
    # Nothing extends the name: the card's id stays, marked as not on the Hub.
    ("Trained on 2T tokens.", {"example-org/other": ""}, "example-org/corpus",
     "no public dataset of example-org extends the name"),
    # One dataset extends it: proposed in its place, without reading its card.
    ("Trained on 2T tokens.", {"example-org/corpus-v2": ""}, "example-org/corpus-v2",
     "example-org/corpus-v2 is the only public dataset of example-org"),
    # Two extend it and their cards' figures do not tell them apart: the card's id stays.
    ("Trained on 2T tokens.",
     {"example-org/corpus-en": "`example-org/corpus-en`: 1T tokens of English",
      "example-org/corpus-fr": "`example-org/corpus-fr`: 1T tokens of French"},
     "example-org/corpus", "the card's figures single out none of them"),
    # Two extend it and only one card states the model card's figure.
    ("Trained on 2T tokens of English.",
     {"example-org/corpus-en": "`example-org/corpus-en`: 2T tokens of English",
      "example-org/corpus-fr": "`example-org/corpus-fr`: 1T tokens of French"},
     "example-org/corpus-en", "only example-org/corpus-en's card states the model card's '2t tokens'"),
])
def test_a_missing_dataset_id_against_the_namespaces_listing(
    card: str, datasets: dict[str, str], top: str, said: str
) -> None:
    with standins.start(manifests=_missing_dataset_world(card, datasets)) as stand_ins:
        found = discovered(loopback_settings(stand_ins), "example-org/m-7b", pages=False,
                           probe=False)

    data = found.top(Role.DATA)
    assert data is not None and data.locator == top
    assert any(said in why for why in data.judged), data.judged
    if top == "example-org/corpus":
        assert "the Hub has no public dataset with this id (404) (-3)" in data.judged


def test_a_base_models_card_does_not_give_its_instruct_siblings_data(seeded: AdapterSettings) -> None:
    found = discovered(seeded, "HuggingFaceTB/SmolLM2-1.7B", pages=False)

    # The Hub holds both sets the card links ("You can find the SFT dataset here: .../smoltalk",
    # "We then applied Direct Preference Optimization (DPO) using [UltraFeedback](...)"): they
    # tuned SmolLM2-1.7B-Instruct, not this base model, so neither is proposed.
    assert found.top(Role.DATA) is None
    aside = {s.url: s.reason for s in found.set_aside}
    for dataset in ("HuggingFaceTB/smoltalk", "HuggingFaceH4/ultrafeedback_binarized"):
        assert "the card is a base model's" in aside[dataset]
        assert "404" not in aside[dataset]  # the Hub confirms both exist
    assert "supervised fine-tuning data" in aside["HuggingFaceTB/smoltalk"]


def test_the_github_link_of_the_papers_hub_page_is_proposed_as_code() -> None:
    # A test release (no seeded paper page exists): its card names its paper, and the
    # Hub's page of that paper links the code the card never does.
    card = "# M\n\nPaper: [our technical report](https://arxiv.org/abs/2401.00001)\n"
    model = replace(synthetic_hub_manifest("example-org/m-7b", file_count=1), card_text=card)
    paper = parse_manifest({
        "kind": "paper", "snapshot": True, "arxiv_id": "2401.00001", "title": "M",
        "source": "https://example.org/a-test-fixture (read 2026-12-03)",
        "github_repo": "https://github.com/example-org/m-release",
    })
    with standins.start(manifests=[model, paper]) as stand_ins:
        found = discovered(loopback_settings(stand_ins), "example-org/m-7b", pages=False,
                           probe=False)

    code = found.top(Role.CODE)
    assert code is not None and code.locator == "https://github.com/example-org/m-release"
    assert code.provenance == "the Hub's page of the paper (arXiv 2401.00001), its GitHub link"
    assert "Hub paper page 2401.00001" in found.read


def test_the_paper_of_what_a_card_builds_on_is_not_read(seeded: AdapterSettings) -> None:
    # Kyutai TTS cites "the Moshi paper" for its codec beside its own "pre-print research
    # paper"; Moshi's abstract page (served) links Moshi's repository, not this release's.
    found = discovered(seeded, "kyutai/tts-1.6b-en_fr")

    paper, code = found.top(Role.PAPER), found.top(Role.CODE)
    assert paper is not None and paper.locator == "https://arxiv.org/abs/2509.08753"
    assert not any("2410.00037" in line for line in found.read)
    assert code is not None and code.locator == "https://github.com/kyutai-labs/delayed-streams-modeling"
    assert all("paper abstract page" not in c.provenance for c in found.of_role(Role.CODE))
