"""A small world for the consistency tests: one trainer publishing two sizes, five models.

The trainer's configs are OLMo-dialect YAML for a 1B-shaped and a 7B-shaped model (small
numbers, so the weights stay small); `lab/model-7b` is the 7B one, pinned to the trainer's
`v1.0` and to the corpus' `v1.0`. The other models each change one thing.
"""

from __future__ import annotations

import json
from typing import Any

from tests.unit.registry.checks.checks_fakes import MIT_TEXT

TRAINER = "https://github.com/lab/trainer"
CORPUS = "lab/corpus"
MISSING_SHA = "deadbeef" * 5

# 4 layers of width 256, a 1024-wide plain MLP, 1024 tokens, untied: 3,670,016 parameters
# (4 x (4 x 256^2 + 2 x 256 x 1024) + 2 x 1024 x 256), the count the headers hold.
SEVEN_B = {"d_model": 256, "n_layers": 4, "context": 512}
ONE_B = {"d_model": 128, "n_layers": 2, "context": 512}
PARAMETERS_7B = 3_670_016


def training_config(d_model: int, n_layers: int, context: int) -> str:
    return (
        f"run_name: lab-{n_layers}\nmodel:\n  d_model: {d_model}\n  n_heads: 4\n"
        f"  n_layers: {n_layers}\n  mlp_hidden_size: {4 * d_model}\n  activation_type: gelu\n"
        f"  weight_tying: false\n  max_sequence_length: {context}\n  vocab_size: 1024\n"
        "optimizer:\n  name: adamw\n  learning_rate: 3.0e-4\nscheduler:\n  t_warmup: 100\n"
        "data:\n  paths:\n    - s3://lab-bucket/preprocessed/webtext/part-000-00000.npy\n"
        "    - s3://lab-bucket/preprocessed/webtext/part-000-00001.npy\n"
    )


TRAINER_FILES = [
    {"path": "LICENSE", "content": MIT_TEXT},
    {
        "path": "README.md",
        "content": "# Trainer\n\n## Pretraining\n\n```\ntorchrun scripts/train.py configs/7b.yaml\n```\n",
    },
    {"path": "scripts/train.py", "content": "loss.backward()\noptimizer.step()\n"},
    {"path": "configs/1b.yaml", "content": training_config(**ONE_B)},
    {"path": "configs/7b.yaml", "content": training_config(**SEVEN_B)},
    {"path": "requirements.txt", "content": "torch==2.3.1\nnumpy==1.26.4\n"},
]


def config_json(hidden: int = 256, layers: int = 4, context: int = 512) -> str:
    return json.dumps(
        {
            "architectures": ["OlmoForCausalLM"],
            "hidden_size": hidden,
            "num_hidden_layers": layers,
            "num_attention_heads": 4,
            "num_key_value_heads": 4,
            "intermediate_size": 4 * hidden,
            "max_position_embeddings": context,
            "vocab_size": 1024,
            "tie_word_embeddings": False,
        }
    )


def model(
    repo_id: str,
    card: str,
    *,
    config: str | None = None,
    parameters: int = PARAMETERS_7B,
    datasets: tuple[str, ...] = (CORPUS,),
) -> dict[str, Any]:
    return {
        "kind": "model",
        "id": repo_id,
        "tags": ["license:apache-2.0"],
        "card_data": {"license": "apache-2.0", "datasets": list(datasets)},
        "card_text": card,
        "files": [
            {"path": "config.json", "content": config or config_json()},
            {
                "path": "model.safetensors",
                "format": "safetensors",
                "header": {"parameters": parameters, "dtype": "BF16", "tensor_count": 20},
            },
        ],
    }


PINNED_CARD = (
    "# Model 7B\n\nTrained with https://github.com/lab/trainer/tree/v1.0 on\n"
    "https://huggingface.co/datasets/lab/corpus/tree/v1.0.\n"
)
MANIFESTS: dict[str, Any] = {
    "git/trainer.yml": {
        "kind": "git",
        "url": TRAINER,
        "files": TRAINER_FILES,
        # A version-named ref; the git stand-in serves it as a branch.
        "branches": {"v1.0": TRAINER_FILES},
    },
    "hub/datasets/corpus.yml": {
        "kind": "dataset",
        "id": CORPUS,
        "tags": ["license:odc-by"],
        "card_data": {"license": "odc-by"},
        "ref_tags": {"v1.0": "main"},
        "files": [
            {"path": "README.md", "content": "# Corpus\n"},
            {"path": "data/webtext/webtext-0000.json.zst", "size": 1000},
            {"path": "data/webtext/webtext-0001.json.zst", "size": 1000},
        ],
    },
    "hub/models/7b.yml": model("lab/model-7b", PINNED_CARD),
    "hub/models/7b-missing-commit.yml": model(
        "lab/model-7b-missing-commit",
        f"# Model\n\nCode: https://github.com/lab/trainer/commit/{MISSING_SHA}\n"
        "Data: https://huggingface.co/datasets/lab/corpus/tree/v9.9\n",
    ),
    "hub/models/7b-extra-data.yml": model(
        "lab/model-7b-extra-data", PINNED_CARD, datasets=(CORPUS, "lab/secret-mix")
    ),
    "hub/models/7b-long-context.yml": model(
        "lab/model-7b-long-context", PINNED_CARD, config=config_json(context=2048)
    ),
    "hub/models/13b.yml": model(
        "lab/model-13b",
        PINNED_CARD,
        config=config_json(hidden=512, layers=8),
        parameters=26_214_400,
    ),
}
