"""The licence tables: what SPDX lacks or does not say, and how classes combine.

Data, not if-chains (registry.licences reads them): model licences and Hub tags with no SPDX
id (a family tag names the SPDX ids it may stand for), Hub tags that drop an SPDX version,
"-or-later" ids read as the later version they allow, SPDX licences that restrict use, open
data and content licences, and the rule per kind of artifact. Each row says why; a model
licence's why cites the clause that decides it, as read in its text (read 2026-12-03).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from registry.model import LicenceClass, LicenceKind, Verdict

OPEN, RESTRICTED, UNKNOWN = LicenceClass.OPEN, LicenceClass.RESTRICTED, LicenceClass.UNKNOWN


class ModelLicence(NamedTuple):
    """A licence SPDX lacks: its class for weights, its human name and why."""

    weights: LicenceClass
    name: str
    why: str
    aliases: tuple[str, ...] = ()
    # For a Hub tag naming a family ("bsd", "cc"): globs of the SPDX ids it may stand for. A
    # source that names one of them says which member applies, so that reading decides.
    members: tuple[str, ...] = ()


# Reasons several rows share.
_META = "it caps use at 700M monthly users and adds an acceptable-use policy"
_RAIL = "its use restrictions pass to every copy and derivative"
_RESEARCH_ONLY = "it allows non-commercial research use only"
_NON_COMMERCIAL = "it allows non-commercial use only"

# Model licences and Hub tags that SPDX has no id for, keyed by the Hub's lower-case tag.
# A row's class holds for every kind: a use restriction binds code or data published under
# it just as it binds weights, and the two open rows are permissive software-style licences.
MODEL_LICENCES: Mapping[str, ModelLicence] = MappingProxyType({
    # Meta's community licences: a cap on large users and a use policy in every version.
    "llama2": ModelLicence(RESTRICTED, "Llama 2 Community License",
                           "it caps use at 700M monthly users and bars improving other LLMs"),
    "llama3": ModelLicence(RESTRICTED, "Meta Llama 3 Community License", _META),
    "llama3.1": ModelLicence(RESTRICTED, "Llama 3.1 Community License", _META),
    "llama3.2": ModelLicence(RESTRICTED, "Llama 3.2 Community License", _META),
    "llama3.3": ModelLicence(RESTRICTED, "Llama 3.3 Community License", _META),
    "llama4": ModelLicence(RESTRICTED, "Llama 4 Community License", _META),
    "gemma": ModelLicence(RESTRICTED, "Gemma Terms of Use",
                          "its prohibited-use policy binds the model and every derivative"),
    # Responsible AI Licences: free to share, but use restrictions that pass downstream.
    "openrail": ModelLicence(RESTRICTED, "OpenRAIL licence family", _RAIL),
    "openrail++": ModelLicence(RESTRICTED, "CreativeML OpenRAIL++-M", _RAIL),
    "bigscience-openrail-m": ModelLicence(RESTRICTED, "BigScience OpenRAIL-M", _RAIL),
    "bigscience-bloom-rail-1.0": ModelLicence(RESTRICTED, "BigScience BLOOM RAIL 1.0", _RAIL),
    "creativeml-openrail-m": ModelLicence(RESTRICTED, "CreativeML OpenRAIL-M", _RAIL),
    "bigcode-openrail-m": ModelLicence(RESTRICTED, "BigCode OpenRAIL-M v1", _RAIL),
    "deepseek": ModelLicence(RESTRICTED, "DeepSeek Model License",
                             "it attaches use-based restrictions that pass to derivatives",
                             ("deepseek-license",)),
    # Qwen cards say `license: other` with `license_name: qwen` or `tongyi-qianwen`.
    "qwen": ModelLicence(RESTRICTED, "Qwen License Agreement",
                         "it requires a separate licence above 100M monthly active users",
                         ("tongyi-qianwen",)),
    "qwen-research": ModelLicence(RESTRICTED, "Qwen Research License", _RESEARCH_ONLY),
    # Permissive (use, modify, redistribute with the notice) but never OSI-approved; counted
    # open as the catalogue's judgement call (Apple's DCLM weights use it).
    "apple-ascl": ModelLicence(OPEN, "Apple Sample Code License",
                               "it is permissive, though not OSI-approved (a judgement call)"),
    "apple-amlr": ModelLicence(RESTRICTED, "Apple Machine Learning Research Model License",
                               _RESEARCH_ONLY),
    # GPT-2's licence: MIT plus a clause that waives the notice on generated content.
    "mit-modified": ModelLicence(OPEN, "Modified MIT License",
                                 "it is MIT with an added clause that only adds freedom",
                                 ("modified-mit", "modified mit")),
    # Ai2's risk-tiered licences (Dolma used the low-risk one until its move to ODC-By).
    "ai2-impact-license-low-risk": ModelLicence(
        RESTRICTED, "AI2 ImpACT License (low risk)",
        "it bans listed uses and requires derivative impact reports"),
    "ai2-impact-license-medium-risk": ModelLicence(
        RESTRICTED, "AI2 ImpACT License (medium risk)",
        "it bans listed uses and limits redistribution"),
    "ai2-impact-license-high-risk": ModelLicence(
        RESTRICTED, "AI2 ImpACT License (high risk)",
        "it grants access on approval only and bans listed uses"),
    "fair-noncommercial-research-license": ModelLicence(
        RESTRICTED, "FAIR Noncommercial Research License", _RESEARCH_ONLY),
    "deepfloyd-if-license": ModelLicence(RESTRICTED, "DeepFloyd IF License", _RESEARCH_ONLY),
    # Stability AI. Community License §III: any licence ends once You or Your affiliates make
    # more than USD 1M a year; the NC Research licence (SD3 Medium's first, SDXL Turbo's) is
    # non-commercial, as its gate says ("for non-commercial use only").
    "stabilityai-community": ModelLicence(
        RESTRICTED, "Stability AI Community License",
        "its licence ends above USD 1M annual revenue (§III) and its acceptable-use policy binds",
        ("stabilityai-ai-community", "stable-video-diffusion-community")),
    "stabilityai-nc-research-community": ModelLicence(
        RESTRICTED, "Stability AI Non-Commercial Research Community License", _NON_COMMERCIAL,
        ("sai-nc-community",)),
    # NVIDIA. Open Model License §2.1: bypassing or reducing a safety guardrail ends the
    # rights, which binds every derivative (the Nemotron Open Model License that replaced it
    # on newer cards is a different text, not in this table). One-Way Noncommercial §3.3: the
    # work and its derivatives "only may be used ... non-commercially" (research or
    # evaluation); the Source Code License-NC has the same §3.3.
    "nvidia-open-model-license": ModelLicence(
        RESTRICTED, "NVIDIA Open Model License",
        "any bypass of its safety guardrails ends the licence (§2.1), for derivatives too"),
    "nvidia-oneway-noncommercial-license": ModelLicence(
        RESTRICTED, "NVIDIA One-Way Noncommercial License (NSCLv1)",
        "its works and derivatives may be used for research or evaluation only (§3.3)",
        ("nvidia-one-way-noncommercial-license-nsclv1",)),
    "nvidia-source-code-license-nc": ModelLicence(
        RESTRICTED, "NVIDIA Source Code License-NC",
        "its works and derivatives may be used for research or evaluation only (§3.3)"),
    # Mistral AI Research License §3.2: "only ... for Research Purposes" (non-commercial).
    "mrl": ModelLicence(RESTRICTED, "Mistral AI Research License",
                        "models, derivatives and outputs are for research purposes only (§3.2)"),
    # TII's Falcon licences: Apache-2.0 rewritten so that use must follow TII's acceptable-use
    # policy "at all times" (Falcon 180B §5.1; Falcon 2 and 3 carry the same duty).
    "falcon-llm-license": ModelLicence(
        RESTRICTED, "TII Falcon License",
        "use of the model and derivatives must follow TII's acceptable-use policy",
        ("tii-falcon-llm-license",)),
    "tencent-hunyuan-community": ModelLicence(
        RESTRICTED, "Tencent Hunyuan Community License",
        "it does not apply in the EU, the UK or South Korea and adds an acceptable-use policy"),
    # LG's EXAONE AI Model License Agreement 1.1 - NC, §3.1: no commercial use.
    "exaone": ModelLicence(RESTRICTED, "EXAONE AI Model License Agreement (NC)",
                           "it forbids commercial use of the model, derivatives and outputs"),
    # Baichuan 2's README: commercial use only after applying by email for a licence.
    "baichuan2-community-license": ModelLicence(
        RESTRICTED, "Baichuan 2 Model Community License",
        "commercial use needs a licence applied for by email"),
    # Hub family tags: the variant decides, and the tag alone does not say which. BSD's
    # 2- and 3-clause texts are OSI-approved, the 4-clause is not; Creative Commons holds CC0
    # and CC-BY beside non-commercial and no-derivatives licences.
    "bsd": ModelLicence(UNKNOWN, "BSD licence family",
                        "the BSD variant is not stated, and the 4-clause one is not open",
                        members=("BSD-*", "0BSD")),
    "cc": ModelLicence(UNKNOWN, "Creative Commons family",
                       "the Creative Commons licence is not stated, and some forbid commerce",
                       members=("CC-*", "CC0-1.0")),
    # The Hub's placeholders name no licence, so nothing can be concluded from them.
    "other": ModelLicence(UNKNOWN, "Hub tag 'other'", "it names no licence"),
    "unknown": ModelLicence(UNKNOWN, "Hub tag 'unknown'", "the publisher did not know the licence"),
})

# Hub tags that drop the version of an SPDX id. The first four licences have only version
# 1.0; the GNU licences say what no version means: "If the Program does not specify a
# version number of this License, you may choose any version ever published" (GPL-2.0 §9,
# LGPL-2.1 §13, GFDL-1.3 §10), which SPDX writes as the first version "-or-later".
HUB_TAG_ALIASES: Mapping[str, str] = MappingProxyType({
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "pddl": "PDDL-1.0",
    "c-uda": "C-UDA-1.0",
    "gpl": "GPL-1.0-or-later",
    "lgpl": "LGPL-2.0-or-later",
    "gfdl": "GFDL-1.1-or-later",
    "lgpl-lr": "LGPLLR",  # Lesser General Public License For Linguistic Resources
})

# "-or-later" ids SPDX marks not OSI-approved only because their first version is not: the
# user may take a later version, so that one is read (the GPL-1.0 predates OSI approval).
LATER_VERSIONS: Mapping[str, str] = MappingProxyType({
    "GPL-1.0-or-later": "GPL-2.0-or-later",
})

# SPDX licences that restrict use whatever the artifact; shell-style globs, first match wins.
# Read before OPEN_CONTENT_LICENCES, so "CC-BY-*" there never catches a -NC or -ND id.
SPDX_RESTRICTIONS: tuple[tuple[str, str], ...] = (
    ("CC-BY-NC-ND-*", "it forbids commercial use and derivatives"),
    ("CC-BY-NC-*", "it forbids commercial use"),
    ("CC-BY-ND-*", "it forbids derivatives"),
    ("C-UDA-1.0", "it allows computational analysis only"),
    # Read before the GFDL's open row: invariant sections may never be modified (neither
    # FSF-libre nor Open Definition conformant; the -no-invariants- ids do not match this).
    ("GFDL-1.?-invariants-*", "its invariant sections may not be modified"),
)

# Open for data and weights though OSI never reviewed them (OSI reviews software licences).
OPEN_CONTENT_LICENCES: tuple[tuple[str, str], ...] = (
    ("CC0-1.0", "public-domain dedication"),
    ("CC-BY-SA-*", "any use, with attribution; adaptations shared alike"),
    ("CC-BY-*", "any use, with attribution"),
    ("ODC-By-1.0", "Open Data Commons: any use, with attribution"),
    ("ODbL-1.0", "Open Data Commons: any use, with attribution; adaptations shared alike"),
    ("PDDL-1.0", "Open Data Commons public-domain dedication"),
    # FSF-libre (SPDX's flag), as the Model Openness Tool counts it: Wikipedia's text licence.
    ("GFDL-*", "GNU Free Documentation License: any use, adaptations shared alike"),
    # France's Licence Ouverte: reproduce, adapt and exploit commercially, citing the source.
    ("etalab-2.0", "Etalab Open Licence: any use, commercial too, with attribution"),
    ("CDLA-Permissive-*", "Linux Foundation data licence: any use, with attribution"),
    ("CDLA-Sharing-1.0", "Linux Foundation data licence: any use; the data shared alike"),
    # Written for weights, data and code alike; the Model Openness Framework counts it open.
    ("OpenMDW-1.0", "Linux Foundation licence for models: any use, with the notice"),
)


class KindRule(NamedTuple):
    """What makes an SPDX licence open for one kind of artifact, besides OSI approval."""

    open_content: str | None  # how OPEN_CONTENT_LICENCES are named for this kind, if they count
    not_open: str  # why a recognised licence that fails the rule is restricted


# OSI approval opens every kind (it grants every freedom, whatever the work); open data and
# content licences open data and weights but not code, where OSI approval is the bar.
KIND_RULES: Mapping[LicenceKind, KindRule] = MappingProxyType({
    LicenceKind.SOFTWARE: KindRule(None, "it is not OSI-approved"),
    LicenceKind.DATA: KindRule("an open data licence",
                               "it is neither OSI-approved nor an open data licence"),
    LicenceKind.WEIGHTS: KindRule("an open content licence",
                                  "it is neither OSI-approved nor an open content licence"),
})

# "Least open reading wins": restricted is a known restriction, unknown might still be open.
LICENCE_OPENNESS: Mapping[LicenceClass, int] = MappingProxyType({
    RESTRICTED: 0,
    UNKNOWN: 1,
    OPEN: 2,
})

# A published artifact with no recognisable licence cannot be reused safely: restricted.
VERDICT_FOR_CLASS: Mapping[LicenceClass, Verdict] = MappingProxyType({
    OPEN: Verdict.OPEN,
    RESTRICTED: Verdict.RESTRICTED,
    UNKNOWN: Verdict.RESTRICTED,
})
