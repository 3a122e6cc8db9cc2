"""What a repository's own name says: its role, a library's, a fork of a training framework.

Tables only, as in `rules`; `rank.repo_name_points` and `propose` read them. A name speaks
whatever line links it: "OLMo-Eval" evaluates, "k2-train" trains, "huggingface/transformers"
is a library the model runs on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from registry.discovery.rules import Rule

# Words in a repository's own name: "OLMo-Eval" is evaluation code whatever its line says.
NAME_TRAINING = re.compile(r"(^|[-_.])(pre)?train(ing)?([-_.]|$)", re.I)
NAME_OTHER_ROLE: tuple[Rule, ...] = (
    ("eval", -3, "its name says evaluation"),
    ("bench", -3, "its name says benchmarks"),
    ("instruct", -2, "its name says instruction tuning"),
    ("finetun", -2, "its name says fine-tuning"),
    ("chat", -2, "its name says chat"),
    ("infer", -1, "its name says inference"),
    ("awq", -2, "its name says quantisation"),
    ("gptq", -2, "its name says quantisation"),
    ("quant", -2, "its name says quantisation"),
    ("serve", -1, "its name says serving"),
)

# Repositories that are general-purpose libraries: a card links them because the model runs
# on them, never because they are this release's code.
LIBRARY_REPOS = frozenset(
    name.lower()
    for name in (
        "huggingface/transformers huggingface/accelerate huggingface/peft huggingface/trl "
        "huggingface/datasets huggingface/text-generation-inference huggingface/optimum "
        "huggingface/safetensors huggingface/tokenizers huggingface/huggingface_hub "
        "vllm-project/vllm pytorch/pytorch microsoft/DeepSpeed NVIDIA/apex NVIDIA/Megatron-LM "
        "NVIDIA/NeMo NVIDIA/TensorRT-LLM google/jax jax-ml/jax google/flax tensorflow/tensorflow "
        "ggerganov/llama.cpp ggml-org/llama.cpp Dao-AILab/flash-attention "
        "HazyResearch/flash-attention microsoft/onnxruntime microsoft/onnxruntime-genai "
        "openai/tiktoken sgl-project/sglang ollama/ollama EleutherAI/lm-evaluation-harness "
        "mlc-ai/mlc-llm"
    ).split()
)
# Name words of repositories that teach or collect rather than build: usage examples.
NOT_RELEASE_NAME = re.compile(r"cookbook|awesome|tutorial|recipes?-?book|playground", re.I)

# Training frameworks labs fork and adapt, by the word their forks keep in the name, with
# the upstream repositories themselves: another owner's repository named with the word is
# the lab's adapted copy, the code its release was trained with (BLOOM's bigscience-workshop/
# Megatron-DeepSpeed, Poro's TurkuNLP/Megatron-DeepSpeed, Swallow's rioyokotalab/Megatron-
# Llama2, given as its "Library"), while the upstream stays a tool.
FRAMEWORK_UPSTREAMS: Mapping[str, frozenset[str]] = {
    "megatron": frozenset({"nvidia/megatron-lm", "microsoft/megatron-deepspeed"}),
    "neox": frozenset({"eleutherai/gpt-neox"}),
    "nanotron": frozenset({"huggingface/nanotron"}),
}
FRAMEWORK_FORK = (2, "its name says it is a lab's fork of a training framework (the code the "
                     "release was trained with)")
