"""Licence names as cards, READMEs and URLs write them: phrases and patterns -> expressions.

Data, not code (`sources` reads them): terms a card's prose binds, the names a README's
"License" section uses, and well-known licence URLs. Each maps to an SPDX id or a key of
`registry.licences.tables.MODEL_LICENCES`, which says what the licence means.
"""

from __future__ import annotations

# Phrases in a card's prose that make other terms APPLY, whatever the metadata says
# (Helium 1: "subject to the Gemma Terms of Use"). A bare mention is not enough, so
# each pattern needs a binding verb ("subject to", "governed by", "licensed under").
# NVIDIA's "GOVERNING TERMS: ... Additional Information: <upstream licence>" binds it too.
BINDING = (
    r"(?:subject to|governed by|licen[cs]ed under|released under|bound by|"
    r"additional information:)\s+(?:the\s+)?"
)
NC_CC = r"(?:a |the )?(?:creative commons )?cc[- ]by[- ]nc"
NC_WORDS = r"(?:a |the )?(?:creative commons )?attribution[- ]non-?commercial"
CARD_TERMS_PHRASES: tuple[tuple[str, str], ...] = (
    (BINDING + r"gemma terms of use", "gemma"),
    (BINDING + r"llama 2 community licen[cs]e", "llama2"),
    (BINDING + r"llama 3\.1 community licen[cs]e", "llama3.1"),
    (BINDING + r"(?:meta )?llama 3 community licen[cs]e", "llama3"),
    (BINDING + r"deepseek (?:model )?licen[cs]e", "deepseek"),
    (BINDING + r"qwen licen[cs]e agreement", "qwen"),
    (BINDING + r"(?:creativeml |bigscience |bigcode )?open ?rail(?:-m)?", "openrail"),
    # NVIDIA's "GOVERNING TERMS: ... governed by the NVIDIA Open Model License".
    (BINDING + r"nvidia open model licen[cs]e", "nvidia-open-model-license"),
    (BINDING + r"stability ai non-commercial research community licen[cs]e",
     "stabilityai-nc-research-community"),
    (BINDING + r"stability ai community licen[cs]e", "stabilityai-community"),
    (BINDING + r"mistral ai research licen[cs]e", "mrl"),
    # Non-commercial Creative Commons terms stated in prose beside an open tag.
    (BINDING + NC_CC + r"[- ]sa\b|" + BINDING + NC_WORDS + r"[- ]share ?alike", "CC-BY-NC-SA-4.0"),
    (BINDING + NC_CC + r"[- ]nd\b|" + BINDING + NC_WORDS + r"[- ]no ?deriv", "CC-BY-NC-ND-4.0"),
    (
        BINDING + NC_CC + r"(?![- ](?:sa|nd)\b)|"
        + BINDING + NC_WORDS + r"(?![- ](?:share|no ?der))",
        "CC-BY-NC-4.0",
    ),
)

# Licence names a README's "License" section may use -> SPDX ids (case-insensitive).
README_LICENCE_NAMES: tuple[tuple[str, str], ...] = (
    (r"\bapache(?: license)?,? (?:version |v)?2(?:\.0)?\b|\bapache-2\.0\b", "Apache-2.0"),
    (r"\bMIT\b", "MIT"),
    (r"\bBSD[- ]3(?:[- ]clause)?\b", "BSD-3-Clause"),
    (r"\bBSD[- ]2(?:[- ]clause)?\b", "BSD-2-Clause"),
    (r"\bGPL[- ]?v?3(?:\.0)?\b|GNU General Public License v(?:ersion )?3", "GPL-3.0-only"),
    (r"\bGPL[- ]?v?2(?:\.0)?\b|GNU General Public License v(?:ersion )?2", "GPL-2.0-only"),
    (r"\bMPL[- ]?2\.0\b|Mozilla Public License,? (?:version )?2\.0", "MPL-2.0"),
    (r"\bCC[- ]BY[- ]4\.0\b|Creative Commons Attribution 4\.0", "CC-BY-4.0"),
    (r"\bCC[- ]BY[- ]NC[- ]4\.0\b|Attribution[- ]Non-?Commercial 4\.0", "CC-BY-NC-4.0"),
    (
        r"\bCC[- ]BY[- ]NC[- ]SA[- ]4\.0\b|Attribution[- ]Non-?Commercial[- ]ShareAlike 4\.0",
        "CC-BY-NC-SA-4.0",
    ),
    (r"\bCC[- ]BY[- ]SA[- ]4\.0\b|Attribution[- ]ShareAlike 4\.0", "CC-BY-SA-4.0"),
)

# Well-known licence URLs (a `license_link`, a `Link: rel="license"`) -> SPDX ids or table
# keys. Each names one text: NVIDIA's Nemotron licence has a URL of its own, not matched.
LICENCE_URLS: tuple[tuple[str, str], ...] = (
    (r"creativecommons\.org/licenses/by/4\.0", "CC-BY-4.0"),
    (r"creativecommons\.org/licenses/by-sa/4\.0", "CC-BY-SA-4.0"),
    (r"creativecommons\.org/licenses/by-nc/4\.0", "CC-BY-NC-4.0"),
    (r"creativecommons\.org/publicdomain/zero/1\.0", "CC0-1.0"),
    (r"opendatacommons\.org/licenses/by", "ODC-By-1.0"),
    (r"opendatacommons\.org/licenses/odbl", "ODbL-1.0"),
    (r"opendatacommons\.org/licenses/pddl", "PDDL-1.0"),
    (r"apache\.org/licenses/license-2\.0", "Apache-2.0"),
    (r"opensource\.org/licenses/mit", "MIT"),
    (r"nvidia\.com/[\w/-]*/nvidia-open-model-license\b", "nvidia-open-model-license"),
    (r"/nvidia-open-model-license-agreement[\w-]*\.pdf", "nvidia-open-model-license"),
    (r"mistral\.ai/licenses/MRL-", "mrl"),
    (r"falconllm\.tii\.ae/falcon-terms-and-conditions", "falcon-llm-license"),
    (r"ai\.google\.dev/gemma/terms", "gemma"),
    (r"spdx\.org/licenses/(?P<spdx>[A-Za-z0-9.+-]+?)(?:\.html)?$", ""),
)
