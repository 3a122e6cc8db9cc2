"""Generic trainers: which repositories are copies of one, and which recipes are their own."""

from __future__ import annotations

import pytest

from registry.checks.trainers import own_recipe, recognise

MEGATRON = ("megatron/training.py", "pretrain_gpt.py", "examples/pretrain_gpt.sh")
NEOX = ("deepy.py", "train.py", "megatron/neox_arguments/arguments.py", "configs/125M.yml")
NANOTRON = ("run_train.py", "src/nanotron/trainer.py", "examples/config_tiny_llama.yaml")


@pytest.mark.parametrize(
    ("name", "paths", "readme", "trainer"),
    [
        ("lab/Megatron-LM", MEGATRON, None, "Megatron-LM"),
        ("lab/gpt-neox", NEOX, None, "GPT-NeoX"),
        ("lab/nanotron-fork", NANOTRON, None, "nanotron"),
        ("lab/trainer", ("llmfoundry/train.py", "scripts/train/train.py"), None, "LLM Foundry"),
        ("lab/lit", ("litgpt/pretrain.py", "config_hub/pretrain/x.yaml"), None, "LitGPT"),
        ("lab/nano", ("train.py", "model.py", "config/train_gpt2.py"), None, "nanoGPT"),
        # The trainer's home repository is not a copy: its stock configs are its makers' runs.
        ("NVIDIA/Megatron-LM", MEGATRON, None, None),
        ("EleutherAI/gpt-neox", NEOX, None, None),
        ("allenai/OLMo", ("olmo/train.py", "scripts/train.py"), None, None),
        # One marker alone is not the trainer (LLM360's K2 vendors megatron/ without pretrain_gpt.py).
        ("LLM360/k2-train", ("megatron/training.py", "main.py"), None, None),
        # A README that says the repository is a fork makes it a copy of that upstream.
        ("lab/x", ("train.py",), "This is a fork of https://github.com/other/trainer.", "a fork of other/trainer"),
        ("lab/x", ("train.py",), "Forked from [upstream](https://github.com/o/t)", "a fork of o/t"),
        ("lab/x", ("train.py",), "# Our own trainer", None),
    ],
)
def test_recognising_a_generic_trainer(
    name: str, paths: tuple[str, ...], readme: str | None, trainer: str | None
) -> None:
    found = recognise(name, paths, readme)
    assert (found.name if found else None) == trainer


@pytest.mark.parametrize(
    ("trainer_paths", "recipe", "own"),
    [
        # Megatron-LM ships examples/ and its pretrain_*.py; a lab's launcher elsewhere is its own.
        (MEGATRON, ("examples/pretrain_gpt.sh", "pretrain_gpt.py"), ()),
        (MEGATRON, ("neo/scripts/pretrain_7b.sh", "examples/x.sh"), ("neo/scripts/pretrain_7b.sh",)),
        (MEGATRON, ("run_bf16.sh",), ("run_bf16.sh",)),
        (NEOX, ("configs/20B.yml", "train.py"), ()),
        (NEOX, ("lab_configs/ours-7b.yml",), ("lab_configs/ours-7b.yml",)),
        # Example and tutorial folders are nobody's own run, in any repository.
        ((), ("examples/train_tiny.yaml", "tutorials/run.sh"), ()),
        ((), ("configs/7b.yaml",), ("configs/7b.yaml",)),
    ],
)
def test_own_recipe(
    trainer_paths: tuple[str, ...], recipe: tuple[str, ...], own: tuple[str, ...]
) -> None:
    trainer = recognise("lab/copy", trainer_paths, None)
    assert own_recipe(trainer, recipe) == own
