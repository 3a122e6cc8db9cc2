"""How a Hub repo's licence metadata reads, in the shapes real cards use.

Each row is the front matter (and `license:` tags) of a real release's card, as public copies
in the tool library show it (read 2026-12-03), through the path the checkers take:
`from_card_metadata` (`license`, `license_name`, `license_link`, tags), then `summarise`.
Licence files and card prose are other sources, tested in `test_licence_sources.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from registry.checks.licences import sources
from registry.model import LicenceClass, LicenceFinding, LicenceKind

OPEN, RESTRICTED, UNKNOWN = LicenceClass.OPEN, LicenceClass.RESTRICTED, LicenceClass.UNKNOWN
SOFTWARE, WEIGHTS = LicenceKind.SOFTWARE, LicenceKind.WEIGHTS
OTHER = ["license:other"]
NVIDIA = "https://www.nvidia.com/en-us/agreements/enterprise-software/"

# (what the card is, card metadata, tags, kind, class, words one reason holds)
CARDS: list[tuple[str, Mapping[str, object], list[str], LicenceKind, LicenceClass, str]] = [
    ("SD3.5 Large (and its GGUF copies)",
     {"license": "other", "license_name": "stabilityai-ai-community", "license_link": "LICENSE.md"},
     OTHER, WEIGHTS, RESTRICTED, "USD 1M annual revenue"),
    ("SD3 Medium, first release",
     {"license": "other", "license_name": "stabilityai-nc-research-community",
      "license_link": "LICENSE"}, OTHER, WEIGHTS, RESTRICTED, "non-commercial use only"),
    ("SDXL Turbo's older metadata", {"license": "other", "license_name": "sai-nc-community"},
     OTHER, WEIGHTS, RESTRICTED, "Non-Commercial Research"),
    ("a fine-tune naming the licence in words",
     {"license": "other", "license_name": "Stability AI Community License"},
     OTHER, WEIGHTS, RESTRICTED, "Stability AI Community License"),
    ("Nemotron on the NVIDIA Open Model License",
     {"license": "other", "license_name": "nvidia-open-model-license",
      "license_link": NVIDIA + "nvidia-open-model-license/"}, OTHER, WEIGHTS, RESTRICTED,
     "guardrails"),
    ("Hymba, linking the June 2024 PDF",
     {"license": "other", "license_name": "nvidia-open-model-license", "license_link":
      "https://developer.download.nvidia.com/licenses/nvidia-open-model-license-agreement-june-"
      "2024.pdf"}, OTHER, WEIGHTS, RESTRICTED, "NVIDIA Open Model License"),
    ("Nemotron 3 on the Nemotron Open Model License (terms not in the table)",
     {"license": "other", "license_name": "nvidia-nemotron-open-model-license",
      "license_link": NVIDIA + "nvidia-nemotron-open-model-license/"}, OTHER, WEIGHTS, UNKNOWN,
     "not a licence we know"),
    ("NVIDIA RE-USE, one-way non-commercial",
     {"license": "other", "license_name": "nvidia-one-way-noncommercial-license-nsclv1"},
     OTHER, WEIGHTS, RESTRICTED, "research or evaluation only"),
    ("Ministral 8B on the MRL",
     {"license": "other", "license_name": "mrl",
      "license_link": "https://mistral.ai/licenses/MRL-0.1.md"}, OTHER, WEIGHTS, RESTRICTED,
     "research purposes only"),
    ("Falcon 3 and Falcon-H1",
     {"license": "other", "license_name": "falcon-llm-license",
      "license_link": "https://falconllm.tii.ae/falcon-terms-and-conditions.html"},
     OTHER, WEIGHTS, RESTRICTED, "acceptable-use policy"),
    ("Hunyuan3D-2",
     {"license": "other", "license_name": "tencent-hunyuan-community",
      "license_link": "https://huggingface.co/tencent/Hunyuan3D-2/blob/main/LICENSE.txt"},
     OTHER, WEIGHTS, RESTRICTED, "South Korea"),
    ("EXAONE 3.5", {"license": "other", "license_name": "exaone", "license_link": "LICENSE"},
     OTHER, WEIGHTS, RESTRICTED, "commercial use"),
    ("Baichuan 2", {"license": "other", "license_name": "baichuan2-community-license"},
     OTHER, WEIGHTS, RESTRICTED, "applied for by email"),
    ("MedGemma (Health AI Developer Foundations terms, not in the table)",
     {"license": "other", "license_name": "health-ai-developer-foundations", "license_link":
      "https://developers.google.com/health-ai-developer-foundations/terms"}, OTHER, WEIGHTS,
     UNKNOWN, "'health-ai-developer-foundations'"),
    ("a bare `other`", {"license": "other"}, OTHER, WEIGHTS, UNKNOWN, "names no licence"),
    ("`other` whose link is a licence we know",
     {"license": "other", "license_link": "https://www.apache.org/licenses/LICENSE-2.0"},
     OTHER, WEIGHTS, OPEN, "Apache-2.0"),
    # Code licences: copyleft is OSI-approved, so open.
    ("a GPL-3.0 repo", {"license": "gpl-3.0"}, ["license:gpl-3.0"], SOFTWARE, OPEN,
     "GPL-3.0-only is open"),
    ("an AGPL-3.0 repo", {"license": "agpl-3.0"}, ["license:agpl-3.0"], SOFTWARE, OPEN,
     "AGPL-3.0-only is open"),
    ("the Hub's version-less `gpl`", {"license": "gpl"}, ["license:gpl"], SOFTWARE, OPEN,
     "or later"),
    ("the Hub's `lgpl`", {"license": "lgpl"}, ["license:lgpl"], SOFTWARE, OPEN,
     "LGPL-2.0-or-later"),
    ("the Hub's `gfdl`", {"license": "gfdl"}, ["license:gfdl"], WEIGHTS, OPEN,
     "GFDL-1.1-or-later"),
    # Family tags name no one licence.
    ("`bsd` alone", {"license": "bsd"}, ["license:bsd"], SOFTWARE, UNKNOWN, "BSD variant"),
    ("`cc` alone", {"license": "cc"}, ["license:cc"], WEIGHTS, UNKNOWN, "Creative Commons"),
    # `license: [a, b]`: every part applies, so the least open decides.
    ("a list, both open", {"license": ["mit", "apache-2.0"]},
     ["license:mit", "license:apache-2.0"], SOFTWARE, OPEN, "MIT"),
    ("a list with a non-commercial part", {"license": ["apache-2.0", "cc-by-nc-4.0"]},
     ["license:apache-2.0", "license:cc-by-nc-4.0"], WEIGHTS, RESTRICTED, "CC-BY-NC-4.0"),
    ("a list with an unnamed `other` part", {"license": ["other", "mit"]},
     ["license:other", "license:mit"], SOFTWARE, UNKNOWN, "names no licence"),
    ("a list whose `other` is named", {"license": ["other", "mit"], "license_name": "mrl"},
     ["license:other", "license:mit"], WEIGHTS, RESTRICTED, "Mistral AI Research License"),
]  # fmt: skip


def _summary(card: Mapping[str, object], tags: list[str], kind: LicenceKind,
             more: tuple[LicenceFinding, ...] = ()) -> sources.LicenceSummary:
    return sources.summarise([*sources.from_card_metadata(card, tags, kind), *more], kind)


@pytest.mark.parametrize(
    ("card", "tags", "kind", "cls", "words"),
    [row[1:] for row in CARDS],
    ids=[row[0] for row in CARDS],
)
def test_real_card_metadata_shapes(card: Mapping[str, object], tags: list[str],
                                   kind: LicenceKind, cls: LicenceClass, words: str) -> None:
    summary = _summary(card, tags, kind)
    assert summary.licence_class is cls
    assert any(words in reason for reason in summary.reasons), summary.reasons


@pytest.mark.parametrize(
    ("tag", "member", "kind", "cls"),
    [
        ("bsd", "BSD-3-Clause", SOFTWARE, OPEN),
        ("bsd", "BSD-4-Clause", SOFTWARE, RESTRICTED),
        ("cc", "CC-BY-4.0", WEIGHTS, OPEN),
        ("cc", "CC-BY-NC-4.0", WEIGHTS, RESTRICTED),
    ],
)
def test_a_family_tag_takes_the_member_another_source_names(
    tag: str, member: str, kind: LicenceKind, cls: LicenceClass
) -> None:
    file = sources.finding(member, "LICENSE file (text)", kind)
    summary = _summary({"license": tag}, [f"license:{tag}"], kind, (file,))
    assert summary.licence_class is cls
    assert f"says {tag}, a licence family" in summary.reasons[0]
    assert f"names {member}" in summary.reasons[0]


def test_a_family_tag_beside_a_non_member_still_counts() -> None:
    # MIT is no BSD: the tag's variant is still unstated, so it stays unknown.
    file = sources.finding("MIT", "LICENSE file (text)", SOFTWARE)
    summary = _summary({"license": "bsd"}, ["license:bsd"], SOFTWARE, (file,))
    assert summary.licence_class is UNKNOWN
    assert "disagree" in summary.reasons[0]


def test_the_link_is_a_source_of_its_own() -> None:
    found = sources.from_card_metadata(
        {"license": "other", "license_name": "mrl",
         "license_link": "https://mistral.ai/licenses/MRL-0.1.md"}, ["license:other"], WEIGHTS)
    assert [(f.source, f.expression) for f in found] == [
        (sources.CARD_SOURCE, "mrl"), (sources.TAG_SOURCE, "other"), (sources.LINK_SOURCE, "mrl")
    ]
