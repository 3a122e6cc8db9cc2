"""Config dialects: which key each training framework uses for each architecture field.

One table, read by both sides of the comparison: the released `config.json` is the `hf`
dialect, a training config is whichever dialect its keys match best. Keys are compared
after normalisation (lower case, `-` and `.` prefixes dropped: `--num-layers`,
`"num-layers"` and `model.num_layers` are all `num_layers`). Within a field, keys are
tried in order and the first one the file states wins.

Sources (each framework's own config classes, read 2026-12):
- hf: transformers `PretrainedConfig` subclasses (Llama, GPT-2, T5, Falcon, GPT-NeoX).
- megatron: Megatron-LM `megatron/training/arguments.py` (`--num-layers`, `--num-query-groups`).
- gpt-neox: EleutherAI/gpt-neox `megatron/neox_arguments/neox_args.py` (`num-layers`, `seq-length`).
- olmo: allenai/OLMo `olmo/config.py` `ModelConfig` (`n_layers`, `d_model`, `embedding_size`).
- nanotron: huggingface/nanotron `config/models_config.py` `LlamaConfig`.
- t5x/gin: T5X `network.T5Config` (`emb_dim`, `num_encoder_layers`) and Mesh TF gin (`d_model`).
- composer: llm-foundry MPT `configuration_mpt.py` (`n_layers`, `d_model`, `max_seq_len`).
- open_lm: mlfoundations/open_lm `model_configs/*.json` (`hidden_dim`, `seq_len`).
- lit-gpt: Lightning-AI/litgpt `config.py` (`n_layer`, `n_embd`, `n_query_groups`, `block_size`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The fields compared, in display order, with the words a reader sees.
FIELDS: Mapping[str, str] = {
    "layers": "layers",
    "hidden_size": "hidden size",
    "heads": "attention heads",
    "kv_heads": "key/value heads",
    "vocab_size": "vocabulary size",
    "context_length": "context length",
}
# Read to estimate the parameter count, never compared: an MLP width is stated four ways
# (OLMo's `mlp_hidden_size` is the fused gate and up projection, twice the width).
SIZING_FIELDS: Mapping[str, str] = {"ffn_size": "MLP width", "tied": "tied embeddings"}

Table = Mapping[str, tuple[str, ...]]

DIALECTS: Mapping[str, Table] = {
    "hf": {
        "layers": ("num_hidden_layers", "n_layer", "num_layers", "n_layers"),
        "hidden_size": ("hidden_size", "n_embd", "d_model", "dim"),
        "heads": ("num_attention_heads", "n_head", "num_heads", "n_heads"),
        "kv_heads": ("num_key_value_heads", "num_kv_heads", "n_kv_heads"),
        "vocab_size": ("vocab_size", "padded_vocab_size"),
        "context_length": ("max_position_embeddings", "n_positions", "n_ctx", "seq_length"),
        "ffn_size": ("intermediate_size", "n_inner", "ffn_hidden_size", "d_ff", "ffn_dim"),
        "tied": ("tie_word_embeddings",),
    },
    "megatron": {
        "layers": ("num_layers",),
        "hidden_size": ("hidden_size",),
        "heads": ("num_attention_heads",),
        "kv_heads": ("num_query_groups",),
        "vocab_size": ("padded_vocab_size", "vocab_size"),
        "context_length": ("max_position_embeddings", "seq_length"),
        "ffn_size": ("ffn_hidden_size",),
    },
    "gpt-neox": {
        "layers": ("num_layers",),
        "hidden_size": ("hidden_size",),
        "heads": ("num_attention_heads",),
        "kv_heads": ("num_kv_heads",),
        "vocab_size": ("padded_vocab_size", "vocab_size"),
        "context_length": ("max_position_embeddings", "seq_length"),
        "ffn_size": ("intermediate_size",),
    },
    "olmo": {
        "layers": ("n_layers",),
        "hidden_size": ("d_model",),
        "heads": ("n_heads",),
        "kv_heads": ("n_kv_heads",),
        # The embedding is padded past the tokenizer's vocabulary; the weights hold the pad.
        "vocab_size": ("embedding_size", "vocab_size"),
        "context_length": ("max_sequence_length",),
        "ffn_size": ("mlp_hidden_size",),
        "tied": ("weight_tying",),
    },
    "nanotron": {
        "layers": ("num_hidden_layers",),
        "hidden_size": ("hidden_size",),
        "heads": ("num_attention_heads",),
        "kv_heads": ("num_key_value_heads",),
        "vocab_size": ("vocab_size",),
        "context_length": ("max_position_embeddings", "sequence_length"),
        "ffn_size": ("intermediate_size",),
        "tied": ("tie_word_embeddings",),
    },
    "t5x/gin": {
        "layers": ("num_encoder_layers", "num_layers"),
        "hidden_size": ("emb_dim", "d_model"),
        "heads": ("num_heads",),
        "vocab_size": ("vocab_size",),
        "ffn_size": ("mlp_dim", "d_ff"),
    },
    "composer": {
        "layers": ("n_layers",),
        "hidden_size": ("d_model",),
        "heads": ("n_heads",),
        "kv_heads": ("kv_n_heads",),
        "vocab_size": ("vocab_size",),
        "context_length": ("max_seq_len",),
        "ffn_size": ("ffn_hidden_size",),
        "tied": ("tie_word_embeddings",),
    },
    "open_lm": {
        "layers": ("n_layers",),
        "hidden_size": ("hidden_dim",),
        "heads": ("n_heads",),
        "vocab_size": ("vocab_size",),
        "context_length": ("seq_len",),
        "tied": ("weight_tying",),
    },
    "lit-gpt": {
        "layers": ("n_layer",),
        "hidden_size": ("n_embd",),
        "heads": ("n_head",),
        "kv_heads": ("n_query_groups",),
        "vocab_size": ("padded_vocab_size", "vocab_size"),
        "context_length": ("block_size",),
        "ffn_size": ("intermediate_size",),
    },
}
# Keys only one dialect uses: they decide between dialects that share the rest
# (Megatron and GPT-NeoX share `num_layers`; OLMo and composer share `n_layers`).
MARKERS: Mapping[str, tuple[str, ...]] = {
    "megatron": ("num_query_groups", "ffn_hidden_size", "make_vocab_size_divisible_by"),
    "gpt-neox": ("pipe_parallel_size", "model_parallel_size", "pos_emb", "gpt_j_residual"),
    "olmo": ("embedding_size", "max_sequence_length", "mlp_hidden_size", "block_type"),
    "nanotron": (
        "sequence_length",
        "tp_linear_async_communication",
        "make_vocab_size_divisible_by",
    ),
    "t5x/gin": ("emb_dim", "num_encoder_layers", "d_kv", "mlp_dim"),
    "composer": ("max_seq_len", "kv_n_heads", "attn_config", "expansion_ratio"),
    "open_lm": ("hidden_dim", "seq_len", "post_embed_norm"),
    "lit-gpt": ("n_layer", "n_query_groups", "block_size", "padded_vocab_size"),
}
# A key the dialect states with the opposite sense (GPT-NeoX says `no-weight-tying: true`).
NEGATED_TIED = ("no_weight_tying", "untie_embeddings_and_output_weights")
# OLMo's `mlp_hidden_size` is both gated halves: the MLP width is half of it.
FUSED_FFN: Mapping[str, int] = {"olmo": 2}


@dataclass(frozen=True)
class Stated:
    """One value a file states for a field, and the key and line it came from."""

    value: int
    key: str
    line: int


def detect(keys: set[str]) -> str | None:
    """Return the dialect whose keys the file uses most (markers break ties); None if none."""
    best: tuple[int, int, str] | None = None
    for name, table in DIALECTS.items():
        hits = sum(1 for field_keys in table.values() if keys.intersection(field_keys))
        markers = sum(1 for marker in MARKERS.get(name, ()) if marker in keys)
        score = (hits + markers, markers, name)
        if hits and (best is None or score[:2] > best[:2]):
            best = score
    return best[2] if best else None


def read_fields(dialect: str, values: Mapping[str, Stated]) -> dict[str, Stated]:
    """Return each field the file states, in the dialect's words, by key priority."""
    found: dict[str, Stated] = {}
    for name, keys in DIALECTS[dialect].items():
        stated = next((values[k] for k in keys if k in values), None)
        if stated is not None:
            found[name] = stated
    for key in NEGATED_TIED:
        if "tied" not in found and key in values:
            negated = values[key]
            found["tied"] = Stated(int(not negated.value), key, negated.line)
    return found
