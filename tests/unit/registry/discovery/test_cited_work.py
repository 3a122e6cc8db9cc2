"""A paper link named for another work is not the release's own paper (cited_work)."""

from __future__ import annotations

import pytest

from registry.discovery.cited_work import named_works, other_work_points
from registry.discovery.model import Mention, Role
from registry.discovery.propose import Sources, propose


def paper(text: str) -> Mention:
    return Mention("https://arxiv.org/abs/2410.00037", "README line 1", text=text)


@pytest.mark.parametrize(
    ("text", "model", "penalised"),
    [
        ("the Moshi paper", "tts-1.6b-en_fr", True),  # Kyutai TTS cites its codec's paper
        ("paper about the Gemini family of models", "gemma-2b", True),
        ("IFEval", "zephyr-orpo-141b-A35b-v0.1", True),  # a benchmark, linked bare
        ("RefinedWeb paper", "falcon-7b", True),  # the dataset's paper, "Paper coming soon"
        ("Brown et al., 2020", "falcon-7b", True),  # an author-year citation
        ("pre-print research paper", "tts-1.6b-en_fr", False),  # its own, named by no work
        ("Odds Ratio Preference Optimization (ORPO)", "zephyr-orpo-141b-A35b-v0.1", False),
        ("the Code Llama paper", "CodeLlama-7b-hf", False),  # words of the model's own name
        ("Robust Speech Recognition via Large-Scale Weak Supervision", "whisper-large-v3",
         False),  # a title is not a name
        ("Paper", "OLMo-7B", False),
        ("arXiv", "OLMo-7B", False),
        ("technical report", "Qwen2.5-7B", False),
        ("Qwen2 technical report", "Qwen2.5-7B", False),
        ("T5 paper", "t5-base", False),  # too short a word to tell another work by
        ("", "OLMo-7B", False),  # a Hub tag has no text
    ],
)
def test_a_paper_named_for_another_work_is_penalised(text: str, model: str, penalised: bool) -> None:
    points = other_work_points(paper(text), model)
    assert bool(points) is penalised, (text, named_works(text))
    assert all(value < 0 for value, _ in points)


def test_the_cards_own_paper_outranks_the_paper_of_what_it_builds_on() -> None:
    card = (
        "See also the [pre-print research paper](https://arxiv.org/abs/2509.08753).\n\n"
        "## Model Details\n\nAudio tokenized by Mimi, see "
        "[the Moshi paper](https://arxiv.org/abs/2410.00037).\n"
    )
    found = propose(Sources("kyutai/tts-1.6b-en_fr", {}, (), card, (), [], []))
    top = found.top(Role.PAPER)

    assert top is not None and top.locator == "https://arxiv.org/abs/2509.08753"
    moshi = next(p for p in found.of_role(Role.PAPER) if p.locator.endswith("2410.00037"))
    assert any("another work's paper" in reason for reason in moshi.judged)
