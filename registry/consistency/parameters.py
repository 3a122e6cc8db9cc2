"""An estimate of a decoder-only transformer's parameter count from its config's sizes.

Per layer: attention is the query and output projections (2·h²) plus the key and value
projections (2·h·kv·h/heads); the MLP is 3·h·ffn when gated (SwiGLU, GeGLU) and 2·h·ffn
otherwise, with ffn defaulting to 8h/3 (gated) or 4h (plain), about 8h² either way. The
embedding is V·h, twice when input and output are untied. Norms and biases are left out:
they are well under 1% of any model this registry lists. Encoder-decoder and
mixture-of-experts models are not estimated: the formula does not describe them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from registry.consistency.dialects import Stated

# The estimate is held to the header count within this share (norms, biases, odd MLPs).
PARAMETER_TOLERANCE = 0.10
GATED = re.compile(r"swiglu|silu|geglu|swish|glu\b", re.I)
# Shapes the formula does not describe: an encoder-decoder, or experts (a count above one;
# open_lm exports `"moe_num_experts": null` for dense models).
NOT_DECODER_ONLY = re.compile(
    r"is_encoder_decoder\W+true|num_decoder_layers"
    r"|(num_local_experts|n_routed_experts|moe_num_experts|num_experts)\W+([2-9]|\d{2,})",
    re.I,
)


def estimate(fields: Mapping[str, Stated], vocab: int | None, text: str) -> int | None:
    """Return the estimated parameter count, None when the sizes or the shape do not allow one."""
    layers, hidden = fields.get("layers"), fields.get("hidden_size")
    if layers is None or hidden is None or vocab is None or NOT_DECODER_ONLY.search(text):
        return None
    h = hidden.value
    heads = fields["heads"].value if "heads" in fields else None
    kv = fields["kv_heads"].value if "kv_heads" in fields else heads
    kv_width = h * kv // heads if heads and kv else h
    gated = GATED.search(text) is not None
    ffn = fields["ffn_size"].value if "ffn_size" in fields else (8 * h // 3 if gated else 4 * h)
    mlp = (3 if gated else 2) * h * ffn
    per_layer = 2 * h * h + 2 * h * kv_width + mlp
    tied = "tied" in fields and fields["tied"].value == 1
    return layers.value * per_layer + vocab * h * (1 if tied else 2)


def within_tolerance(estimated: int, counted: int) -> bool:
    """Return True when an estimate is within the tolerance of the count from the headers."""
    return counted > 0 and abs(estimated - counted) <= counted * PARAMETER_TOLERANCE
