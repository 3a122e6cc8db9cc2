"""The dialect table: each framework's way of stating an architecture reads as the same fields."""

from __future__ import annotations

import pytest

from registry.consistency.config_values import stated_values
from registry.consistency.dialects import DIALECTS, FIELDS, detect, read_fields

# One snippet per dialect, in the framework's own syntax, all describing the same model.
SNIPPETS = {
    "hf": (
        '{"num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32,\n'
        ' "num_key_value_heads": 8, "vocab_size": 32000, "max_position_embeddings": 4096}'
    ),
    "megatron": (
        "torchrun pretrain_gpt.py \\\n  --num-layers 32 \\\n  --hidden-size 4096 \\\n"
        "  --num-attention-heads 32 \\\n  --num-query-groups 8 \\\n  --seq-length 4096 \\\n"
        "  --max-position-embeddings 4096 \\\n  --padded-vocab-size 32000 \\\n"
        "  --ffn-hidden-size 14336\n"
    ),
    "gpt-neox": (
        '{\n  "pipe-parallel-size": 1,\n  "model-parallel-size": 2,\n  "num-layers": 32,\n'
        '  "hidden-size": 4096,\n  "num-attention-heads": 32,\n  "num-kv-heads": 8,\n'
        '  "seq-length": 4096,\n  "max-position-embeddings": 4096,\n  "padded-vocab-size": 32000\n}'
    ),
    "olmo": (
        "model:\n  d_model: 4096\n  n_heads: 32\n  n_kv_heads: 8\n  n_layers: 32\n"
        "  mlp_hidden_size: 28672\n  max_sequence_length: 4096\n  vocab_size: 31990\n"
        "  embedding_size: 32000\n"
    ),
    "nanotron": (
        "model:\n  model_config:\n    hidden_size: 4096\n    num_attention_heads: 32\n"
        "    num_hidden_layers: 32\n    num_key_value_heads: 8\n    vocab_size: 32000\n"
        "    max_position_embeddings: 4096\ntokens:\n  sequence_length: 4096\n"
    ),
    "t5x/gin": (
        "network.T5Config.emb_dim = 4096\nnetwork.T5Config.num_heads = 32\n"
        "network.T5Config.num_encoder_layers = 32\nnetwork.T5Config.vocab_size = 32000\n"
        "network.T5Config.mlp_dim = 14336\n"
    ),
    "composer": (
        "model:\n  name: mpt_causal_lm\n  d_model: 4096\n  n_heads: 32\n  n_layers: 32\n"
        "  max_seq_len: 4096\n  vocab_size: 32000\n  attn_config:\n    kv_n_heads: 8\n"
    ),
    "open_lm": (
        '{"hidden_dim": 4096, "n_layers": 32, "n_heads": 32, "seq_len": 4096,\n'
        ' "vocab_size": 32000, "post_embed_norm": false, "weight_tying": false}'
    ),
    "lit-gpt": (
        'Config(name="x-7b", block_size=4096, padded_vocab_size=32000, n_layer=32, n_head=32,\n'
        "       n_embd=4096, n_query_groups=8, intermediate_size=14336)"
    ),
}
EXPECTED = {
    "layers": 32,
    "hidden_size": 4096,
    "heads": 32,
    "kv_heads": 8,
    "vocab_size": 32000,
    "context_length": 4096,
}
# What a dialect cannot say: T5X gin has no key/value heads or context length of its own;
# open_lm has no grouped-query attention key.
UNSTATED = {"t5x/gin": {"kv_heads", "context_length"}, "open_lm": {"kv_heads"}}


def test_every_dialect_has_a_snippet() -> None:
    assert set(SNIPPETS) == set(DIALECTS)


@pytest.mark.parametrize("dialect", sorted(SNIPPETS))
def test_each_dialect_is_recognised_and_maps_to_the_same_fields(dialect: str) -> None:
    values = stated_values(SNIPPETS[dialect])
    assert detect(set(values)) == dialect
    fields = read_fields(dialect, values)
    expected = {k: v for k, v in EXPECTED.items() if k not in UNSTATED.get(dialect, set())}
    assert {k: fields[k].value for k in expected} == expected
    assert not (UNSTATED.get(dialect, set()) & set(fields))


def test_every_compared_field_has_a_key_in_the_hf_dialect() -> None:
    assert set(FIELDS) <= set(DIALECTS["hf"])


@pytest.mark.parametrize(
    ("text", "key", "value", "line"),
    [
        ("a: 1\nn_layers: 32\n", "n_layers", 32, 2),
        ('"num-layers": 24,', "num_layers", 24, 1),
        ("model.num_layers = 12", "num_layers", 12, 1),
        ("--num-layers=48 --hidden-size 1024", "num_layers", 48, 1),
        ("NUM_LAYERS=40\ntorchrun x.py --num-layers $NUM_LAYERS", "num_layers", 40, 1),
        ("LAYERS=40\ntorchrun x.py --num-layers ${LAYERS}", "num_layers", 40, 2),
        ("weight_tying: false", "weight_tying", 0, 1),
        ("tie_word_embeddings: True", "tie_word_embeddings", 1, 1),
        ("hidden_size: 1_024", "hidden_size", 1024, 1),
        ("--untie-embeddings-and-output-weights \\\n", "untie_embeddings_and_output_weights", 1, 1),
    ],
)
def test_settings_are_read_with_their_line(text: str, key: str, value: int, line: int) -> None:
    stated = stated_values(text)[key]
    assert (stated.value, stated.line) == (value, line)


@pytest.mark.parametrize(
    "text",
    [
        "lr: 3.0e-4",  # a learning rate is not a whole number
        "t_max: 5e12",
        "# n_layers: 32",  # a comment states nothing
        "// n_layers: 32",
        "version: 1.2.3",
    ],
)
def test_non_settings_are_not_read(text: str) -> None:
    values = stated_values(text)
    assert "lr" not in values and "t_max" not in values and "n_layers" not in values
    assert "version" not in values


def test_the_first_statement_of_a_key_wins() -> None:
    assert stated_values("n_layers: 32\nn_layers: 16\n")["n_layers"].value == 32


def test_negated_tying_reads_as_untied() -> None:
    values = stated_values('"num-layers": 32, "hidden-size": 8, "no-weight-tying": true')
    assert read_fields("gpt-neox", values)["tied"].value == 0


def test_a_file_with_no_architecture_keys_has_no_dialect() -> None:
    assert detect(set(stated_values("optimizer:\n  lr: 0.1\nwarmup_steps: 100\n"))) is None


def test_launcher_variables_with_shell_defaults_resolve() -> None:
    # MAP-Neo's launcher: `export FFN_HIDDEN_SIZE=${FFN_HIDDEN_SIZE:-24576}`, then
    # `--ffn-hidden-size ${FFN_HIDDEN_SIZE}` and `--num-query-groups ${NUM_KV_HEADS:-16}`.
    text = (
        "export FFN_HIDDEN_SIZE=${FFN_HIDDEN_SIZE:-24576}\n"
        'ARGS="--ffn-hidden-size ${FFN_HIDDEN_SIZE} \\\n    --num-query-groups ${NUM_KV_HEADS:-16}"\n'
    )
    values = stated_values(text)
    assert values["ffn_hidden_size"].value == 24576
    assert values["num_query_groups"].value == 16
