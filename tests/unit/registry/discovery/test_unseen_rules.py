"""Rules that failed on real cards outside the seed (tests/integration/discovery/test_unseen_cards.py).

Each row is a line or two of a real card (the card named beside it), reduced to what decides
the rule; the rule is general, the card only where it was seen failing.
"""

from __future__ import annotations

import pytest

from registry.discovery import Role, Sources, propose
from registry.discovery.card import card_mentions
from registry.discovery.model import Discovery


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
