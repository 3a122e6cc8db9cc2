"""The size a repository's name claims ("OW-7B", "opt-125m") against the weights it holds.

A model's name states its parameter count, and labs name repositories by it. Real weights
of a thousand parameters under "OW-7B" are a toy or placeholder checkpoint, not the model
the name announces; without a config.json to hold them to (`config_bound`), the name is
the claim. The bound is loose: half the named count, since real counts round to the name
(Qwen2.5-0.5B holds 494 M, Gemma-2B 2.5 B) and a mixture's "8x7B" is held to 7B only.

Some labs write the decimal point as an underscore ("stablelm-2-1_6b" is 1.6 B), while
others join words with underscores ("llama_2_7b" is Llama 2 at 7 B). Where an underscore
between digits could be either, the smaller reading is the claim: a name that can be read
both ways never raises a doubt its plain reading would not.

Quantised weights packed into integers (GPTQ's int32 `qweight`, bitsandbytes' uint8) hold
several parameters per element, so their element count says nothing of the model's size;
they are never held to the name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from registry.checks.weight_formats import PACKED_DTYPES
from registry.checks.weights.sentences import count

NAMED_SIZE = re.compile(r"^(?:\d+x)?(?P<n>\d+(?:\.\d+)?)(?P<unit>[bm])$", re.I)
# "1_6b": digits, an underscore read as a decimal point, digits and a unit, as one word.
UNDERSCORE_DECIMAL = re.compile(
    r"(?:^|[-_.])(?P<token>(?P<n>\d+_\d+)(?P<unit>[bm]))(?=[-_.]|$)", re.I
)
UNITS = {"b": 10**9, "m": 10**6}
MIN_SHARE_OF_NAME = 0.5


def named_size(repo_id: str) -> tuple[str, int] | None:
    """Return the size token of a repository's name and the parameters it names, if any."""
    name = repo_id.rsplit("/", 1)[-1]
    readings = []
    for token in re.split(r"[-_]", name):
        match = NAMED_SIZE.match(token)
        if match:
            readings.append((token, int(float(match["n"]) * UNITS[match["unit"].lower()])))
            break
    for match in UNDERSCORE_DECIMAL.finditer(name):
        number = float(match["n"].replace("_", "."))
        readings.append((match["token"], int(number * UNITS[match["unit"].lower()])))
    return min(readings, key=lambda reading: reading[1], default=None)


def smaller_than_named(repo_id: str, parameters: Mapping[str, int]) -> str | None:
    """Return the sentence when the weights hold under half the parameters the name claims."""
    claim = named_size(repo_id)
    total = sum(parameters.values())
    if claim is None or not total or set(parameters) & PACKED_DTYPES:
        return None
    token, named = claim
    if total >= named * MIN_SHARE_OF_NAME:
        return None
    return (
        f"The repository's name says {token} parameters ({repo_id}), but the weights hold "
        f"{count(total)}, under half of that: they are not the model the name announces"
    )
