"""Architecture agreement: the config that describes the weights, compared field by field."""

from __future__ import annotations

import json

import pytest

from registry.consistency.architecture import TrainingConfig, compare, released_from
from registry.consistency.config_values import stated_values
from registry.consistency.dialects import read_fields
from registry.consistency.parameters import PARAMETER_TOLERANCE, estimate, within_tolerance
from registry.consistency.report import Agreement, ArchitectureState

# A 7B Llama-shaped model and its 6,738,415,616 parameters (Llama-2-7b's safetensors total).
CONFIG_JSON = json.dumps(
    {
        "architectures": ["LlamaForCausalLM"],
        "hidden_act": "silu",
        "hidden_size": 4096,
        "intermediate_size": 11008,
        "max_position_embeddings": 4096,
        "num_attention_heads": 32,
        "num_hidden_layers": 32,
        "num_key_value_heads": 32,
        "tie_word_embeddings": False,
        "vocab_size": 32000,
    }
)
PARAMETERS = 6_738_415_616


def olmo_config(d_model: int = 4096, n_layers: int = 32, context: int = 4096) -> str:
    return (
        f"model:\n  d_model: {d_model}\n  n_heads: 32\n  n_layers: {n_layers}\n"
        f"  mlp_hidden_size: 22016\n  activation_type: swiglu\n  weight_tying: false\n"
        f"  max_sequence_length: {context}\n  vocab_size: 32000\n"
        "optimizer:\n  learning_rate: 3.0e-4\n"
    )


def released(config: str = CONFIG_JSON, parameters: int | None = PARAMETERS):
    found = released_from(config, parameters, "lab/model-7b")
    assert found is not None
    return found


def by_field(finding) -> dict[str, object]:
    return {f.field: f.agreement for f in finding.fields}


def test_a_config_that_describes_the_weights_agrees_on_every_stated_field() -> None:
    finding = compare(released(), [TrainingConfig("configs/7b.yaml", olmo_config())])
    assert finding.state is ArchitectureState.AGREES, finding.reason
    assert finding.dialect == "olmo"
    assert by_field(finding) == {
        "layers": Agreement.AGREES,
        "hidden size": Agreement.AGREES,
        "attention heads": Agreement.AGREES,
        "key/value heads": Agreement.NOT_STATED,
        "vocabulary size": Agreement.AGREES,
        "context length": Agreement.AGREES,
        "parameter count": Agreement.AGREES,
    }


def test_one_differing_field_is_reported_with_both_values_and_its_line() -> None:
    finding = compare(released(), [TrainingConfig("configs/7b.yaml", olmo_config(context=2048))])
    assert finding.state is ArchitectureState.DIFFERS
    (differs,) = [f for f in finding.fields if f.agreement is Agreement.DIFFERS]
    assert (differs.field, differs.released, differs.trained) == ("context length", 4096, 2048)
    assert differs.where == "configs/7b.yaml:8"
    assert "context length: weights 4096, config 2048 (configs/7b.yaml:8)" in finding.reason


def test_the_config_of_the_right_size_is_chosen_among_a_family() -> None:
    family = [
        TrainingConfig("configs/1b.yaml", olmo_config(d_model=2048, n_layers=16)),
        TrainingConfig("configs/13b.yaml", olmo_config(d_model=5120, n_layers=40)),
        TrainingConfig("configs/7b.yaml", olmo_config()),
    ]
    finding = compare(released(), family)
    assert finding.state is ArchitectureState.AGREES
    assert finding.config == "configs/7b.yaml"
    assert len(finding.candidates) == 3
    assert "chosen among 3 configs" in finding.reason


def test_a_family_without_the_released_size_differs_and_names_the_closest() -> None:
    family = [
        TrainingConfig("configs/1b.yaml", olmo_config(d_model=2048, n_layers=16)),
        TrainingConfig("configs/13b.yaml", olmo_config(d_model=5120, n_layers=40)),
    ]
    finding = compare(released(), family)
    assert finding.state is ArchitectureState.DIFFERS
    assert {f.field for f in finding.fields if f.agreement is Agreement.DIFFERS} >= {
        "layers",
        "hidden size",
        "parameter count",
    }


def test_a_tie_between_equally_fitting_configs_prefers_the_one_named_for_the_size() -> None:
    same = olmo_config()
    finding = compare(
        released(), [TrainingConfig("a/other.yaml", same), TrainingConfig("b/model-7b.yaml", same)]
    )
    assert finding.config == "b/model-7b.yaml"


def test_configs_that_state_no_architecture_are_no_training_config() -> None:
    finding = compare(released(), [TrainingConfig("train.yaml", "optimizer:\n  lr: 0.1\n")])
    assert finding.state is ArchitectureState.NO_CONFIG


@pytest.mark.parametrize("text", [None, "", "not json", "[1, 2]", '{"model_type": "x"}'])
def test_weights_without_a_readable_config_json_are_reported_so(text: str | None) -> None:
    assert released_from(text, PARAMETERS) is None
    finding = compare(None, [TrainingConfig("c.yaml", olmo_config())])
    assert finding.state is ArchitectureState.NO_RELEASED_CONFIG


def test_a_nested_text_config_is_the_language_model() -> None:
    nested = json.dumps({"model_type": "llava", "text_config": json.loads(CONFIG_JSON)})
    assert released(nested).fields["layers"].value == 32


def test_a_framework_export_is_read_in_its_own_dialect() -> None:
    open_lm = json.dumps(
        {
            "params_args_dict": {
                "dim": 4096,
                "n_layers": 32,
                "n_heads": 32,
                "seq_len": 2048,
                "vocab_size": 50432,
            }
        }
    )
    found = released(open_lm)
    assert (found.fields["layers"].value, found.fields["hidden_size"].value) == (32, 4096)


# Vocabulary tolerance: a tokenizer's count padded to a multiple of 64 is the same vocabulary.
@pytest.mark.parametrize(
    ("trained", "weights", "agreement"),
    [
        (32000, 32000, Agreement.AGREES),
        (50277, 50304, Agreement.AGREES),  # padded up to a multiple of 64
        (50304, 50280, Agreement.AGREES),  # either side may state the padded count
        (100278, 100352, Agreement.AGREES),
        (32000, 32001, Agreement.DIFFERS),  # 32001 is no multiple of 64
        (32000, 64000, Agreement.DIFFERS),  # far past any padding
        (50304, 50240, Agreement.DIFFERS),  # the smaller is not padded to the larger
    ],
)
def test_vocabulary_tolerance(trained: int, weights: int, agreement: Agreement) -> None:
    config = json.loads(CONFIG_JSON) | {"vocab_size": weights}
    training = olmo_config().replace("vocab_size: 32000", f"vocab_size: {trained}")
    finding = compare(released(json.dumps(config), None), [TrainingConfig("c.yaml", training)])
    assert by_field(finding)["vocabulary size"] is agreement


# Parameter tolerance: the estimate must be within PARAMETER_TOLERANCE of the header count.
@pytest.mark.parametrize(
    ("counted", "agrees"),
    [
        (PARAMETERS, True),
        (round(PARAMETERS * (1 + PARAMETER_TOLERANCE * 0.9)), True),
        (round(PARAMETERS * (1 - PARAMETER_TOLERANCE * 0.9)), True),
        (round(PARAMETERS * (1 + PARAMETER_TOLERANCE * 1.2)), False),
        (PARAMETERS // 2, False),
    ],
)
def test_parameter_tolerance(counted: int, agrees: bool) -> None:
    finding = compare(released(parameters=counted), [TrainingConfig("c.yaml", olmo_config())])
    expected = Agreement.AGREES if agrees else Agreement.DIFFERS
    assert by_field(finding)["parameter count"] is expected


@pytest.mark.parametrize(
    ("text", "vocab", "expected"),
    [
        # Pythia 6.9B (GPT-NeoX, untied, 4h MLP): 6,857,302,016 parameters on the Hub.
        ('"num-layers": 32, "hidden-size": 4096, "num-attention-heads": 32', 50432, 6_857_302_016),
        # SmolLM2-1.7B (Llama, tied, SwiGLU 8192): 1,711,376,384.
        (
            "num_hidden_layers: 24\nhidden_size: 2048\nnum_attention_heads: 32\n"
            "num_key_value_heads: 32\nintermediate_size: 8192\nhidden_act: silu\n"
            "tie_word_embeddings: true\n",
            49152,
            1_711_376_384,
        ),
        # Llama-3.1-8B (GQA 8 of 32, SwiGLU 14336, untied): 8,030,261,248.
        (
            "num_hidden_layers: 32\nhidden_size: 4096\nnum_attention_heads: 32\n"
            "num_key_value_heads: 8\nintermediate_size: 14336\nhidden_act: silu\n",
            128256,
            8_030_261_248,
        ),
    ],
)
def test_the_estimate_is_within_tolerance_of_real_counts(
    text: str, vocab: int, expected: int
) -> None:
    values = stated_values(text)
    dialect = "gpt-neox" if "num-layers" in text else "hf"
    estimated = estimate(read_fields(dialect, values), vocab, text)
    assert estimated is not None and within_tolerance(estimated, expected)


@pytest.mark.parametrize(
    "text",
    [
        '"is_encoder_decoder": true',
        "num_local_experts: 8",
        "num_decoder_layers: 12",
        '"n_routed_experts": 256',
    ],
)
def test_no_estimate_for_shapes_the_formula_does_not_describe(text: str) -> None:
    values = stated_values("num_hidden_layers: 12\nhidden_size: 768\n")
    assert estimate(read_fields("hf", values), 32000, text) is None


def test_among_equally_fitting_configs_the_one_named_like_the_weights_wins() -> None:
    same = olmo_config()
    rerun = TrainingConfig("configs/model-7b-0424.yaml", same)
    original = TrainingConfig("configs/model-7b.yaml", same)
    assert compare(released(), [rerun, original]).config == "configs/model-7b.yaml"


@pytest.mark.parametrize("text", ['"moe_num_experts": null, "moe_freq": 0', "num_experts: 1"])
def test_a_dense_model_with_expert_settings_switched_off_is_estimated(text: str) -> None:
    values = stated_values("num_hidden_layers: 12\nhidden_size: 768\n")
    assert estimate(read_fields("hf", values), 32000, text) is not None
