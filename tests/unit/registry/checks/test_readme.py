"""README reading: headings and their trail, code blocks of every kind, and which topics train."""

from __future__ import annotations

import pytest

from registry.checks.readme import sections, topic_of, training_sections


@pytest.mark.parametrize(
    ("trail", "topic"),
    [
        # A training heading decides for the sections under it...
        (("Pretraining",), "training"),
        (("Model", "Pretraining", "Launch"), "training"),
        (("Training Code for K2",), "training"),
        (("Reproducing Training",), "training"),
        (("Usage", "Train a model"), "training"),
        (("Launch Training",), "training"),
        # ...unless a nearer heading is about something else.
        (("Pretraining", "Evaluation"), "evaluation"),
        (("Pretraining", "Data preparation"), "data"),
        (("Pretraining", "Converting checkpoints"), "inference"),
        (("Training", "Benchmarks"), "evaluation"),
        # A heading with two topics takes the one that is not pretraining.
        (("Training data",), "data"),
        (("Training and fine-tuning",), "fine-tuning"),
        (("Training details",), "results"),
        # "pretrained" and "trained" are about using a model.
        (("Pretrained Models",), "inference"),
        (("How is it trained?",), None),
        # Fine-tuning binds its whole subtree: a "Training" step under it is fine-tuning.
        (("Fine-tuning", "Training"), "fine-tuning"),
        (("SFT", "Launch"), "fine-tuning"),
        (("LoRA adapters",), "fine-tuning"),
        (("Instruction tuning", "Train"), "fine-tuning"),
        # Neutral headings give nothing; the first section has no heading at all.
        (("Installation",), None),
        ((), None),
    ],
)
def test_heading_topics(trail: tuple[str, ...], topic: str | None) -> None:
    assert topic_of(trail) == topic


NESTED = """# Model

Intro text.

## Pretraining

Some prose.

### Launch

```bash
bash pretrain.sh
```

## Evaluation

```bash
bash eval.sh
```
"""


def test_a_sub_heading_takes_its_parents_training_context() -> None:
    (launch,) = [s for s in training_sections(NESTED) if s.blocks]
    assert launch.trail == ("Model", "Pretraining", "Launch")
    assert [b.text for b in launch.blocks] == ["bash pretrain.sh\n"]
    assert launch.blocks[0].info == "bash"
    assert launch.blocks[0].line == 12  # the first line of code, for the evidence


@pytest.mark.parametrize(
    ("body", "code", "info"),
    [
        ("```bash\npython train.py\n```\n", "python train.py\n", "bash"),
        ("~~~sh\npython train.py\n~~~\n", "python train.py\n", "sh"),
        ("    python train.py\n", "python train.py\n", ""),  # an indented block
        ("1. Run:\n\n   ```\n   python train.py\n   ```\n", "python train.py\n", ""),  # in a list
        ("```{.bash}\npython train.py\n```\n", "python train.py\n", "bash"),
    ],
)
def test_every_kind_of_code_block_is_found(body: str, code: str, info: str) -> None:
    (section,) = training_sections(f"## Training\n\n{body}")
    assert [(b.text, b.info) for b in section.blocks] == [(code, info)]


def test_setext_headings_are_headings() -> None:
    text = "Training\n========\n\n    python train.py\n"
    assert [s.trail for s in training_sections(text)] == [("Training",)]


def test_a_comment_inside_a_code_block_is_not_a_heading() -> None:
    text = "## Training\n\n```bash\n# Evaluation\npython train.py\n```\n"
    (section,) = sections(text)
    assert section.trail == ("Training",)
    assert "# Evaluation" in section.blocks[0].text


def test_a_section_body_stops_at_the_next_heading() -> None:
    text = "## License\n\nMIT\n\n### Notes\n\nOther text.\n"
    first = sections(text)[0]
    assert first.heading == "License"
    assert "MIT" in first.body and "Other text" not in first.body


def test_inline_markup_in_headings_is_read_as_text() -> None:
    (section,) = sections("## [Pre-training](docs/train.md) with `torchrun`\n")
    assert section.heading == "Pre-training with torchrun"
    assert topic_of(section.trail) == "training"
