"""Discovery against the packaged stand-ins plus a stand-in organisation with variants."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from standins import StandIns
from tests.integration.discovery.sweep_support import serving_org, standin_settings

CONFIG = '{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}'
CARD = (
    "# Tiny 7B\n\n## Training\n\nThe training code is "
    "[the training repository](https://github.com/LLM360/k2-train).\n\n"
    "## Training data\n\nTrained on [our corpus](https://huggingface.co/datasets/LLM360/K2Datasets).\n"
)


def _model(repo_id: str, created: str, **fields: object) -> dict[str, object]:
    return {
        "kind": "model", "id": repo_id, "created_at": f"{created}T00:00:00.000Z",
        "last_modified": f"{created}T00:00:00.000Z",
        "source": "synthetic: a stand-in organisation for the sweep tests",
        "files": [{"path": "config.json", "content": CONFIG},
                  {"path": "model.safetensors", "size": 1000}],
        **fields,
    }


# A made-up organisation: one model in four variants, and another model (not a real lab).
ORG = {
    "tinylab/Tiny-7B": _model("tinylab/Tiny-7B", "2024-01-01",
                              card_data={"license": "apache-2.0"}, card_text=CARD),
    "tinylab/Tiny-7B-Instruct": _model("tinylab/Tiny-7B-Instruct", "2024-02-01",
                                       card_data={"base_model": "tinylab/Tiny-7B"}),
    "tinylab/Tiny-7B-GGUF": _model("tinylab/Tiny-7B-GGUF", "2024-03-01"),
    "tinylab/Tiny-7B-Instruct-AWQ": _model("tinylab/Tiny-7B-Instruct-AWQ", "2024-03-02"),
    "tinylab/Other-1B": _model("tinylab/Other-1B", "2024-04-01"),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandIns]:
    """The packaged snapshots plus the tinylab organisation."""
    with serving_org(tmp_path_factory.mktemp("tinylab"), ORG) as running:
        yield running


@pytest.fixture
def app_overrides(served: StandIns) -> dict[str, object]:
    """Discovery and checks go to the stand-ins; runs are recorded, not executed."""
    return standin_settings(served)
