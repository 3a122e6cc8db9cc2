"""Where licences are found: card metadata, tags, licence texts, card prose, READMEs, URLs."""

from __future__ import annotations

import pytest

from registry.checks.licences import files as licence_files
from registry.checks.licences import sources
from registry.model import LicenceClass, LicenceKind
from tests.unit.registry.checks.checks_fakes import MIT_TEXT

W = LicenceKind.WEIGHTS


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("LICENSE", True),
        ("LICENCE.md", True),
        ("LICENSE-MODEL", True),
        ("license.txt", True),
        ("COPYING", True),
        ("LICENSES_THIRD_PARTY.md", False),
        ("README.md", False),
    ],
)
def test_licence_file_names(path: str, expected: bool) -> None:
    assert sources.is_licence_file(path) is expected


def test_card_data_licence_and_list_values() -> None:
    found = sources.from_card_data({"license": ["mit", "apache-2.0"]}, W)
    assert [f.expression for f in found] == ["MIT", "Apache-2.0"]


def test_card_other_uses_the_licence_name() -> None:
    (found,) = sources.from_card_data({"license": "other", "license_name": "deepseek"}, W)
    assert (found.expression, found.licence_class) == ("deepseek", LicenceClass.RESTRICTED)


@pytest.mark.parametrize(
    ("name", "expression", "cls"),
    [
        # A slug spelling a known licence's title names it (OpenELM's card).
        ("apple-sample-code-license", "apple-ascl", LicenceClass.OPEN),
        ("stability-ai-community-license", "stabilityai-community", LicenceClass.RESTRICTED),
        ("Stability AI Community License", "stabilityai-community", LicenceClass.RESTRICTED),
        # Terms not found in the tool library: stays as written, unknown.
        ("nvidia-nemotron-open-model-license", "nvidia-nemotron-open-model-license",
         LicenceClass.UNKNOWN),
    ],
)
def test_card_licence_name_slugs(name: str, expression: str, cls: LicenceClass) -> None:
    (found,) = sources.from_card_data({"license": "other", "license_name": name}, W)
    assert (found.expression, found.licence_class) == (expression, cls)


def test_tags() -> None:
    (found,) = sources.from_tags(["transformers", "license:cc-by-4.0"], W)
    assert (found.expression, found.source) == ("CC-BY-4.0", "Hub tag")


def test_askalono_reads_a_full_spdx_text() -> None:
    found = licence_files.from_licence_text("LICENSE", MIT_TEXT, LicenceKind.SOFTWARE)
    assert found is not None and found.expression == "MIT"


def test_a_fragment_is_not_guessed() -> None:
    assert licence_files.from_licence_text("LICENSE", "Permission is hereby granted", W) is None


@pytest.mark.parametrize(
    ("title", "expression"),
    [
        ("LLAMA 2 COMMUNITY LICENSE AGREEMENT", "llama2"),
        ("Llama 3.1 Community License Agreement", "llama3.1"),
        ("Gemma Terms of Use", "gemma"),
        ("DEEPSEEK LICENSE AGREEMENT", "deepseek"),
        ("Qwen LICENSE AGREEMENT", "qwen"),
        ("BigCode Open RAIL-M v1 License Agreement", "bigcode-openrail-m"),
        ("STABILITY AI COMMUNITY LICENSE AGREEMENT\nLast Updated: July 5, 2024",
         "stabilityai-community"),
        ("STABILITY AI NON-COMMERCIAL RESEARCH COMMUNITY LICENSE AGREEMENT",
         "stabilityai-nc-research-community"),
        ("NVIDIA Open Model License Agreement\n\nLast Modified: October 24, 2025",
         "nvidia-open-model-license"),
        ("NVIDIA One-Way Noncommercial License\n\n1. Definitions", "nvidia-oneway-noncommercial-license"),
        ("NVIDIA Source Code License-NC\n\n1. Definitions", "nvidia-source-code-license-nc"),
        ("# Mistral AI Research License", "mrl"),
        ("FALCON 180B TII LICENSE VERSION 1.0\nSeptember 2023", "falcon-llm-license"),
        ("TENCENT HUNYUAN COMMUNITY LICENSE AGREEMENT\nTencent Hunyuan-MT Release Date",
         "tencent-hunyuan-community"),
        ("EXAONE AI Model License Agreement 1.1 - NC", "exaone"),
        # The ASCL has no title: its opening sentence names it.
        ("Copyright (C) 2024 Apple Inc. All Rights Reserved.\n\nIMPORTANT:  This Apple "
         "software is supplied to you by Apple Inc. (\"Apple\") in consideration", "apple-ascl"),
    ],
)
def test_model_licence_titles(title: str, expression: str) -> None:
    found = licence_files.from_licence_text("LICENSE", f"{title}\n\nterms...", W)
    assert found is not None and found.expression == expression


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("Helium 1 is subject to the Gemma Terms of Use.", "gemma"),
        ("Use is governed by the Llama 2 Community License.", "llama2"),
        ("This model is licensed under the Qwen LICENSE AGREEMENT.", "qwen"),
        ("The weights are licensed under CC BY-NC 4.0.", "CC-BY-NC-4.0"),
        ("Released under the Creative Commons Attribution-NonCommercial 4.0 licence.",
         "CC-BY-NC-4.0"),
        ("The model is licensed under cc-by-nc-sa-4.0.", "CC-BY-NC-SA-4.0"),
        ("Licensed under the CC BY-NC-ND 4.0 licence.", "CC-BY-NC-ND-4.0"),
        ("Released under the Attribution-NonCommercial-ShareAlike licence.", "CC-BY-NC-SA-4.0"),
        # NVIDIA's governing-terms paragraph names the upstream terms that also apply.
        ("This model is licensed under the [STABILITY AI NON-COMMERCIAL RESEARCH COMMUNITY "
         "LICENSE AGREEMENT](https://huggingface.co/stabilityai/sd-turbo/blob/main/LICENSE).",
         "stabilityai-nc-research-community"),
        ("Use is subject to the Mistral AI Research License.", "mrl"),
    ],
)
def test_card_text_terms_that_apply(text: str, expression: str) -> None:
    (found,) = sources.from_card_text(f"---\nlicense: mit\n---\n{text}", W)
    assert (found.expression, found.source) == (expression, "card text")


def test_nvidia_governing_terms_bind_both_licences() -> None:
    # NVIDIA's governing-terms paragraph (Nemotron cards): its own licence, and the upstream
    # terms named as "Additional Information".
    text = ("GOVERNING TERMS: Your use of this model is governed by the [NVIDIA Open Model "
            "License](https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-"
            "model-license/). Additional Information: [Llama 3.1 Community License Agreement]"
            "(https://www.llama.com/llama3_1/license/). Built with Llama.")
    found = sources.from_card_text(text, W)
    assert {f.expression for f in found} == {"nvidia-open-model-license", "llama3.1"}


def test_a_mere_mention_in_card_text_does_not_apply() -> None:
    assert sources.from_card_text("We compare with Gemma 2 (see the Gemma Terms of Use).", W) == []
    assert sources.from_card_text("Unlike models under CC BY-NC, ours is Apache-2.0.", W) == []
    assert sources.from_card_text("The model is licensed under CC-BY-4.0.", W) == []


def test_readme_licence_section() -> None:
    readme = "# X\n\n## License\n\nCode is MIT; the Rust crate is Apache 2.0.\n\n## Cite\nMIT\n"
    found = sources.from_readme_section(readme, LicenceKind.SOFTWARE)
    assert found is not None
    assert (found.expression, found.source) == ("Apache-2.0 AND MIT", "README licence section")


def test_readme_without_a_licence_section() -> None:
    assert sources.from_readme_section("# X\n\nMIT mention in prose.\n", W) is None


@pytest.mark.parametrize(
    ("url", "expression"),
    [
        ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
        ("https://opendatacommons.org/licenses/by/1-0/", "ODC-By-1.0"),
        ("https://spdx.org/licenses/MIT.html", "MIT"),
        ("https://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0"),
        ("https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license/",
         "nvidia-open-model-license"),
        ("https://developer.download.nvidia.com/licenses/nvidia-open-model-license-agreement-"
         "june-2024.pdf", "nvidia-open-model-license"),
        ("https://mistral.ai/licenses/MRL-0.1.md", "mrl"),
        ("https://falconllm.tii.ae/falcon-terms-and-conditions.html", "falcon-llm-license"),
        ("https://ai.google.dev/gemma/terms", "gemma"),
    ],
)
def test_licence_urls(url: str, expression: str) -> None:
    found = sources.from_licence_url(url, "Link", LicenceKind.DATA)
    assert found is not None and found.expression == expression


@pytest.mark.parametrize(
    "url",
    [
        "https://lab.example/terms",
        # Another NVIDIA text, whose terms are not in the table: no reading from its URL.
        "https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-nemotron-open-model-"
        "license/",
        "https://developers.google.com/health-ai-developer-foundations/terms",
    ],
)
def test_unknown_licence_url(url: str) -> None:
    assert sources.from_licence_url(url, "Link", W) is None


def test_summary_least_open_wins_and_disagreement_is_spelled_out() -> None:
    findings = [
        sources.finding("apache-2.0", "Hub tag", W),
        sources.finding("gemma", "card text", W),
    ]
    summary = sources.summarise(findings, W)
    assert summary.licence_class is LicenceClass.RESTRICTED
    assert "disagree" in summary.reasons[0]
    assert "card text" in summary.reasons[1]


def test_summary_agreement_is_quiet() -> None:
    findings = [sources.finding("mit", "Hub tag", W), sources.finding("MIT", "card metadata", W)]
    summary = sources.summarise(findings, W)
    assert summary.licence_class is LicenceClass.OPEN
    assert len(summary.reasons) == 1


def test_summary_drops_the_other_tag_once_the_card_names_its_licence() -> None:
    # The Hub derives license:other from the card's license: other + license_name.
    named = sources.from_card_data({"license": "other", "license_name": "apple-ascl"}, W)
    summary = sources.summarise([*named, *sources.from_tags(["license:other"], W)], W)
    assert summary.licence_class is LicenceClass.OPEN and len(summary.reasons) == 1
    # Without a named licence, the tag (and the card's bare "other") still read unknown.
    bare = sources.from_card_data({"license": "other"}, W)
    alone = sources.summarise([*bare, *sources.from_tags(["license:other"], W)], W)
    assert alone.licence_class is LicenceClass.UNKNOWN


def test_summary_without_findings_is_unknown() -> None:
    assert sources.summarise([], W).licence_class is LicenceClass.UNKNOWN
