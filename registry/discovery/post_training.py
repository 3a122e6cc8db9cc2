"""Post-training data on a base model's card belongs to its instruct or chat sibling.

A lab's base-model card often tells the family's whole story: SmolLM2-1.7B's says "You can
find the SFT dataset here: .../smoltalk" and "We then applied Direct Preference Optimization
(DPO) using [UltraFeedback](...)"; OLMo 2 7B's table has a "Post-training" row linking the
Tulu 3 SFT mix and the preference mixes. Those sets trained the instruct model, not the
model the card is for. So on the card of a model that is not itself post-trained, a data
link whose own sentence names the sibling or the post-training stage, or speaks of SFT or
preference tuning without claiming this model was trained on it (on a card that has a
sibling to attribute it to), is judged as the sibling's, strongly enough to fall below the
data floor. A post-trained model (its name
says instruct or chat, or its card declares a `base_model` it was tuned from) keeps them:
its fine-tuning data is its training data (Zephyr's UltraChat and UltraFeedback).

Only the sentence that carries the link is read (`Mention.sentence`), not the whole line:
SmolLM2's paragraph says "trained on 11 trillion tokens" two sentences before the DPO one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from registry.discovery.model import Mention
from registry.discovery.variants import post_training_stages

# A `base_model` a quantised copy names is the model it copies, not one it was tuned from.
COPY_RELATIONS = frozenset({"quantized", "quantised"})
POST_TRAINING_WORDS = re.compile(
    r"(?<![a-z])(sft|supervised fine-tun|fine-tun|finetun|instruction[- ]tun|preference|dpo|"
    r"rlhf|ppo)", re.IGNORECASE,
)
# Words that name the post-trained sibling or the stage itself: decisive in the link's sentence.
SIBLING_WORDS = re.compile(
    r"(?<![a-z])(post-?train|instruct(ion)?[- ](version|model|variant)s?|chat (version|model|"
    r"variant)s?|[\w.]*\d[\w.]*-(instruct|chat|it)\b)", re.IGNORECASE,
)
# A sentence that says the model was trained on the link claims it for this model.
TRAINING_CLAIM = re.compile(r"(?<![a-z])(pre-?train|trained on|training data)", re.IGNORECASE)
SIBLINGS_DATA = (-4, "the card is a base model's: data its words call post-training (SFT, "
                     "preference, instruction) trained the instruct or chat version")


def is_post_trained(hub_id: str, card_data: Mapping[str, object]) -> bool:
    """Return True when the model is itself post-trained (so its tuning data is its own)."""
    if post_training_stages(hub_id):  # the lab sweep's stage tokens (variants.py)
        return True
    relation = str(card_data.get("base_model_relation") or "").lower()
    return bool(card_data.get("base_model")) and relation not in COPY_RELATIONS


def has_sibling(readme: str) -> bool:
    """Return True when a card speaks of an instruct or chat version of the model."""
    return SIBLING_WORDS.search(readme) is not None


def siblings_data(mention: Mention, card_has_sibling: bool) -> bool:
    """Return True when a base model's card links data its post-trained sibling was tuned on.

    The link's own sentence decides: it names the sibling or the post-training stage; or it
    speaks of SFT, preference or instruction tuning without saying this model was trained on
    it, on a card that has a sibling to attribute it to.
    """
    sentence = mention.sentence or mention.context
    if SIBLING_WORDS.search(sentence):
        return True
    return (card_has_sibling and POST_TRAINING_WORDS.search(sentence) is not None
            and TRAINING_CLAIM.search(sentence) is None)
