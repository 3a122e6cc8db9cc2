"""Licence files as they are: several licences in one text, each with its lines and scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.checks.licences import files as licence_files
from registry.checks.licences import text as licence_text
from registry.checks.licences.scopes import covers, scope_of
from registry.checks.licences.sources import NAMERS
from registry.model import LicenceClass, LicenceKind
from tests.unit.registry.checks.checks_fakes import MIT_TEXT

TEXTS = Path(__file__).resolve().parents[4] / "standins" / "snapshots" / "texts"
BSD = (TEXTS / "BSD-3-Clause.txt").read_text()
APACHE = (TEXTS / "Apache-2.0.txt").read_text()
S = LicenceKind.SOFTWARE


def sections(text: str) -> list[tuple[str, str | None]]:
    reading = licence_text.read_licence_text("LICENSE", text, NAMERS)
    return [(s.kind, s.licence) for s in reading.sections]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One licence, whole.
        (MIT_TEXT, [("licence", "MIT")]),
        # NVIDIA's composite: a BSD grant, then "LICENSE FOR ..." banners over Apache and MIT.
        ((TEXTS / "Megatron-DeepSpeed-LICENSE.txt").read_text(),
         [("licence", "BSD-3-Clause"), ("licence", "Apache-2.0"), ("licence", "MIT")]),
        # A BSD grant plus a separately licensed section that names its licence.
        (BSD + "\n\nFiles under third_party/x/ are licensed under CC BY-NC 4.0.\n",
         [("licence", "BSD-3-Clause"), ("statement", "CC-BY-NC-4.0")]),
        # Apache plus third-party notices: the notices grant nothing.
        (APACHE + "\n-----\nThird-party notices\n\nThis product includes software by Foo.\n"
         "Copyright (c) 2020 Foo Inc.\n", [("licence", "Apache-2.0"), ("notice", None)]),
        # Two licences one after the other, no rule between them: the title starts the second.
        (MIT_TEXT + "\n" + BSD, [("licence", "MIT"), ("licence", "BSD-3-Clause")]),
        # Terms appended (or prepended) to a licence with no rule between are split off.
        (BSD + "\nYou may not use this software for commercial purposes.\n",
         [("licence", "BSD-3-Clause"), ("not recognised", None)]),
        ("For non-commercial use only.\n\n" + MIT_TEXT, [("not recognised", None), ("licence", "MIT")]),
        (BSD + "\nThe model weights are licensed under CC BY-NC 4.0.\n",
         [("licence", "BSD-3-Clause"), ("statement", "CC-BY-NC-4.0")]),
        # A licence title over a partial quote is not a statement: not recognised.
        (MIT_TEXT[:300], [("not recognised", None)]),
        # Custom terms.
        ("Copyright Lab. Research use only; you may not redistribute or use it commercially.\n",
         [("not recognised", None)]),
        # A licence askalono lacks, by its title.
        ((TEXTS / "Llama-2-Community-License.txt").read_text(), [("licence", "llama2")]),
    ],
)
def test_sections_of_a_licence_file(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert sections(text) == expected


def test_each_section_has_its_line_span() -> None:
    text = (TEXTS / "Megatron-LM-LICENSE.txt").read_text()
    reading = licence_files.read_licence_file("LICENSE", text, S)
    spans = [(s["licence"], s["lines"]) for s in reading.facts()]
    assert spans == [("BSD-3-Clause", "lines 1–37"), ("Apache-2.0", "lines 38–242"),
                     ("MIT", "lines 243–266"), ("MIT", "lines 267–291")]  # fmt: skip
    assert reading.finding is not None
    assert reading.finding.expression == "BSD-3-Clause AND Apache-2.0 AND MIT"
    assert reading.reasons[0].startswith("LICENSE holds 4 licence sections: BSD-3-Clause (lines 1–37)")


SCOPED = BSD + "\n\nFiles under third_party/tool/ are licensed under CC BY-NC 4.0.\n"


@pytest.mark.parametrize(
    ("text", "code_paths", "expression", "said"),
    [
        # The file scopes the NC section to paths the code in question is not in: set aside.
        (SCOPED, ["train.py", "configs/7b.yaml"], "BSD-3-Clause", "is set aside"),
        # ...and when the code in question is there, the least open reading decides.
        (SCOPED, ["third_party/tool/train.py"], "BSD-3-Clause AND CC-BY-NC-4.0", "counts"),
        # Not knowing which files are in question, every section counts.
        (SCOPED, None, "BSD-3-Clause AND CC-BY-NC-4.0", "every section counts"),
        # A section that names no paths always counts.
        (BSD + "\n\nThe model weights are licensed under CC BY-NC 4.0.\n", ["train.py"],
         "BSD-3-Clause AND CC-BY-NC-4.0", None),
    ],
)
def test_the_file_s_own_scoping_decides_which_sections_apply(
    text: str, code_paths: list[str] | None, expression: str, said: str | None
) -> None:
    reading = licence_files.read_licence_file("LICENSE", text, S, code_paths=code_paths)
    assert reading.finding is not None and reading.finding.expression == expression
    if said:
        assert any(said in reason for reason in reading.reasons)


def test_a_non_commercial_section_makes_the_file_restricted() -> None:
    text = BSD + "\n\nThis repository is also released under CC BY-NC 4.0.\n"
    reading = licence_files.read_licence_file("LICENSE", text, S)
    assert reading.finding is not None
    assert reading.finding.licence_class is LicenceClass.RESTRICTED


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Copyright Lab. Research use only; you may not redistribute it.\n",
         "The text of LICENSE is not a licence we recognise"),
        (MIT_TEXT[:300], "closest match MIT-0"),
        (BSD + "\n\n-----\nAdditional terms: you may not use the model to train other models, "
         "and you must obtain permission for commercial use of any output.\n", "hold terms"),
    ],
)
def test_unreadable_texts_say_so_and_are_never_upgraded(text: str, said: str) -> None:
    reading = licence_files.read_licence_file("LICENSE", text, S)
    assert reading.unreadable is not None and said in reading.unreadable


def test_askalono_calls_are_capped_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(licence_text, "MAX_IDENTIFY_CALLS", 2)
    parts = [f"{'-' * 10}\nComponent {n}: custom terms you may not redistribute, number {n}, "
             "with several more words here.\n" for n in range(6)]  # fmt: skip
    reading = licence_text.read_licence_text("LICENSE", "".join(parts), NAMERS)
    assert [s.kind for s in reading.sections].count("not read") >= 3
    assert "not read" in {s.kind for s in reading.unreadable}


@pytest.mark.parametrize(
    ("head", "scope"),
    [
        (["Files under third_party/apex/ are licensed under BSD."], ("third_party/apex/",)),
        (["The code in `src/kernels` is licensed under MIT."], ("src/kernels/",)),
        (["This section applies only to files in data/*.json and tools/."], ("data/*.json", "tools/")),
        (["------- LICENSE FOR huggingface and Google Research code -------"], ()),
        (["The following applies to all files unless otherwise noted:"], ()),
    ],
)
def test_scope_statements(head: list[str], scope: tuple[str, ...]) -> None:
    assert scope_of(head) == scope


@pytest.mark.parametrize(
    ("scope", "path", "inside"),
    [
        (("third_party/",), "third_party/apex/x.py", True),
        (("third_party/",), "train.py", False),
        (("data/*.json",), "data/a.json", True),
        (("LICENSE.weights",), "LICENSE.weights", True),
    ],
)
def test_covers(scope: tuple[str, ...], path: str, inside: bool) -> None:
    assert covers(scope, path) is inside


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "LICENSE is empty: it holds no bytes"),
        ("\n", "holds only whitespace (1 character)"),
        ("  \n\t\n \n", "holds only whitespace"),
        ("\ufeff\n", "holds only whitespace"),
    ],
)
def test_an_empty_licence_file_is_unreadable_not_skipped(text: str, said: str) -> None:
    # Skipped, it left the permissive tag beside it to stand for the file's terms.
    reading = licence_files.read_licence_file("LICENSE", text, S)
    assert reading.finding is None
    assert reading.unreadable is not None and said in reading.unreadable


def test_a_licence_file_with_words_is_read_as_before() -> None:
    reading = licence_files.read_licence_file("LICENSE", "\n\n" + MIT_TEXT, S)
    assert reading.finding is not None and reading.unreadable is None
