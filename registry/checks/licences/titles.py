"""Licences known by a phrase of their text: titles askalono lacks, and title-less openings."""

from __future__ import annotations

import re

# Licence texts askalono does not know (it only has SPDX texts): distinctive title
# phrases -> the expression `registry.licences` classifies. Matched case-insensitively.
LICENCE_TEXT_TITLES: tuple[tuple[str, str], ...] = (
    (r"llama 2 community license", "llama2"),
    (r"llama 3\.1 community license", "llama3.1"),
    (r"llama 3\.2 community license", "llama3.2"),
    (r"llama 3\.3 community license", "llama3.3"),
    (r"meta llama 3 community license", "llama3"),
    (r"llama 4 community license", "llama4"),
    (r"gemma terms of use", "gemma"),
    (r"deepseek license agreement", "deepseek"),
    (r"qwen research license", "qwen-research"),
    (r"(qwen|tongyi qianwen) license agreement", "qwen"),
    (r"bigcode open ?rail-m", "bigcode-openrail-m"),
    (r"bigscience rail license v1\.0|bloom rail", "bigscience-bloom-rail-1.0"),
    (r"bigscience open ?rail-m", "bigscience-openrail-m"),
    (r"creativeml open ?rail-m", "creativeml-openrail-m"),
    (r"apple sample code license", "apple-ascl"),
    # The ASCL's text carries no title: its opening sentence is its name (OpenELM's LICENSE).
    (r"this apple software is supplied to you by apple inc", "apple-ascl"),
    (r"ai2 impact license", "ai2-impact-license-low-risk"),
    (r"fair noncommercial research license", "fair-noncommercial-research-license"),
    (r"modified mit license", "mit-modified"),
    (r"stability ai non-commercial research community license",
     "stabilityai-nc-research-community"),
    (r"stability ai community license", "stabilityai-community"),
    (r"nvidia open model license", "nvidia-open-model-license"),
    (r"nvidia one-?way non-?commercial license", "nvidia-oneway-noncommercial-license"),
    (r"nvidia source code license-nc", "nvidia-source-code-license-nc"),
    (r"mistral ai research license", "mrl"),
    (r"tii falcon(?:-llm)? license|falcon[- ]180b tii license", "falcon-llm-license"),
    (r"tencent hunyuan community license", "tencent-hunyuan-community"),
    # Only the "- NC" versions: a later EXAONE licence without it would be another text.
    (r"exaone ai model license agreement [\d.]+ - nc", "exaone"),
)


def title_licence(text: str) -> str | None:
    """Return the licence a text's title names, for licences askalono does not know."""
    head = text[:4000].lower()
    return next((e for pattern, e in LICENCE_TEXT_TITLES if re.search(pattern, head)), None)
