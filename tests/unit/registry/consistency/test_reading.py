"""Which further files the consistency check reads: configs named by configs."""

from __future__ import annotations

from registry.consistency.reading import referenced_configs
from registry.consistency.sources import command_configs

PATHS = (
    "training/configs/7b.json",
    "training/open_lm_configs/open_lm_7b.json",
    "t5/models/gin/models/t5.1.0.base.gin",
    "t5/models/gin/models/bi_v1.gin",
    "README.md",
)


def test_a_model_config_named_by_a_training_config_is_read() -> None:
    texts = {"training/configs/7b.json": '{"model": "training/open_lm_configs/open_lm_7b.json"}'}
    assert referenced_configs(texts, PATHS) == ["training/open_lm_configs/open_lm_7b.json"]


def test_a_gin_include_resolves_beside_the_file_or_under_any_folder() -> None:
    texts = {"t5/models/gin/models/t5.1.0.base.gin": "include 'models/bi_v1.gin'\n"}
    assert referenced_configs(texts, PATHS) == ["t5/models/gin/models/bi_v1.gin"]


def test_files_already_read_missing_or_named_in_prose_are_not_read_again() -> None:
    texts = {
        "training/configs/7b.json": '{"model": "training/configs/7b.json", "x": "gone.yaml"}',
        "README.md": "see training/open_lm_configs/open_lm_7b.json",  # not a config
    }
    assert referenced_configs(texts, PATHS) == []


def test_configs_a_training_command_names_are_read() -> None:
    commands = (
        'README.md:39 (training): t5_mesh_transformer --gin_file="dataset.gin" '
        '--gin_file="models/bi_v1.gin" --model_dir="${MODEL_DIR}"',
    )
    assert command_configs(commands, PATHS + ("t5/models/gin/dataset.gin",)) == [
        "t5/models/gin/dataset.gin",
        "t5/models/gin/models/bi_v1.gin",
    ]
