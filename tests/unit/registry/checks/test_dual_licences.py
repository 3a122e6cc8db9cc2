"""A Hub licence list is read as alternatives only where the card or licence text says so."""

from __future__ import annotations

import pytest

from registry.checks.licences.dual import dual_licence_words, read_listed_licences
from registry.checks.licences.sources import card_prose, from_card_data, from_tags, summarise
from registry.model import LicenceClass, LicenceKind

DATA = LicenceKind.DATA

# Real wordings that offer each listed licence on its own.
WIKIPEDIA_CARD = (  # wikimedia/wikipedia's card, "Licensing Information"
    "All original textual content is licensed under the [GNU Free Documentation License]"
    "(https://www.gnu.org/licenses/fdl-1.3.html) (GFDL)\nand the [Creative Commons "
    "Attribution-Share-Alike 3.0 License](https://creativecommons.org/licenses/by-sa/3.0/).\n"
    "Some text may be available only under the Creative Commons license; see their [Terms of "
    "Use](https://foundation.wikimedia.org/wiki/Policy:Terms_of_Use) for details.\n"
)
DUAL = [
    WIKIPEDIA_CARD,
    # Wikimedia's Terms of Use, on text under CC BY-SA and the GFDL.
    "Reusers may comply with either license or both.",
    # openD-connect's file headers.
    "This work is dual-licensed under Apache 2.0 and GPL 2.0. You can choose between one of "
    "them if you use this work.",
    # Meta's file headers.
    "This source code is dual-licensed under either the MIT license found in the LICENSE-MIT "
    "file in the root directory of this source tree or the Apache License, Version 2.0",
    # The Rust API guidelines' README wording.
    "Licensed under either of\n\n * Apache License, Version 2.0\n * MIT license\n\nat your option.",
    "Released under the Apache License, Version 2.0 or, at your option, the MIT license.",
]
# Real wordings that list licences without offering a choice between them.
NOT_DUAL = [
    # The Cantonese Wikipedia dump's card: the dumps page's first sentence, alone.
    "As specified by [WikiMedia](https://dumps.wikimedia.org/legal.html), all original "
    "textual content is licensed under the GNU Free Documentation License (GFDL) and the "
    "Creative Commons Attribution-Share-Alike 3.0 License.",
    # The GPL's notice: "at your option" chooses a version, not one of the listed licences.
    "This program is free software: you can redistribute it and/or modify it under the terms "
    "of the GNU General Public License as published by the Free Software Foundation, either "
    "version 3 of the License, or (at your option) any later version.",
    # Apache-2.0, section 9: a choice, but not of a licence.
    "While redistributing the Work or Derivative Works thereof, You may choose to offer, and "
    "charge a fee for, acceptance of support, warranty, indemnity",
    "",
]
# A list whose parts differ in openness, so the reading decides the class: CC BY-SA is open,
# CC BY-NC is not. (Wikipedia's own pair, CC BY-SA and the GFDL, is open either way.)
LISTED_META = {"license": ["cc-by-sa-3.0", "cc-by-nc-4.0"]}
LISTED_TAGS = ["license:cc-by-sa-3.0", "license:cc-by-nc-4.0"]


@pytest.mark.parametrize("text", DUAL)
def test_words_that_offer_a_choice_are_found_and_quoted(text: str) -> None:
    said = dual_licence_words([("card text", text)])
    assert said is not None
    where, words, _meaning = said
    assert where == "card text"
    assert words and words in card_prose(text)  # quoted from what a reader sees


@pytest.mark.parametrize("text", NOT_DUAL)
def test_words_that_list_or_choose_something_else_are_not_a_choice(text: str) -> None:
    assert dual_licence_words([("card text", text)]) is None


def listed(card_text: str) -> tuple[LicenceClass, tuple[str, ...]]:
    findings = from_card_data(LISTED_META, DATA) + from_tags(LISTED_TAGS, DATA)
    read, notes = read_listed_licences(findings, [("card text", card_text)], DATA)
    summary = summarise(read, DATA)
    return summary.licence_class, tuple(notes) + summary.reasons


@pytest.mark.parametrize("text", DUAL)
def test_a_listed_dual_licence_reads_as_its_most_open_part(text: str) -> None:
    cls, reasons = listed(text)
    assert cls is LicenceClass.OPEN
    assert "alternatives and the most open of them decides" in reasons[0]
    assert "CC-BY-SA-3.0 OR CC-BY-NC-4.0" in reasons[1]


@pytest.mark.parametrize("text", NOT_DUAL)
def test_a_listed_licence_without_such_words_reads_as_its_least_open_part(text: str) -> None:
    cls, reasons = listed(text)
    assert cls is not LicenceClass.OPEN  # CC BY-NC forbids commercial use
    assert not any("alternatives" in r for r in reasons)


def test_a_licence_file_may_say_it_too_and_is_named() -> None:
    findings = from_card_data(LISTED_META, DATA)
    read, notes = read_listed_licences(findings, [("LICENSE file", DUAL[2])], DATA)
    assert [f.expression for f in read] == ["CC-BY-SA-3.0 OR CC-BY-NC-4.0"]
    assert notes[0].startswith('The LICENSE file says "This work is dual-licensed')


def test_a_single_licence_is_left_alone_whatever_the_card_says() -> None:
    findings = from_card_data({"license": "cc-by-sa-3.0"}, DATA)
    assert read_listed_licences(findings, [("card text", DUAL[1])], DATA) == (findings, [])
