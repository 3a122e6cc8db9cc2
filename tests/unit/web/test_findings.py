"""Findings as labelled rows: each known key has its words, unknown keys still show, lists are cut."""

from __future__ import annotations

import pytest

from app.web.findings import FINDINGS, HIDDEN, LIST_SHOWN, FindingRow, finding_rows


@pytest.mark.parametrize(
    ("key", "value", "label", "text"),
    [
        ("gated", False, "Gated (access needs approval)", "no"),
        ("parameter_total", 7_298_617_344, "Parameters", "7.30 B"),
        ("parameters", {"BF16": 7_298_617_344}, "Parameters by type", "7.30 B parameters in BF16"),
        ("hub_safetensors", {"total": 124_000_000}, "The Hub's own count", "124.00 M parameters"),
        ("offline", True, "Checked against", "a bundled snapshot (offline mode), not the live source"),
        ("files_listed", 12_345, "Files listed", "12,345"),
        ("gate_mode", None, "Gate mode", "–"),
        ("licence_class", "open", "Licence class", "open"),
        ("a_new_finding", "42", "A new finding", "42"),  # unknown keys still show, in words
    ],
)
def test_a_finding_is_a_labelled_sentence(key: str, value: object, label: str, text: str) -> None:
    assert finding_rows({key: value}) == [FindingRow(key, label, text=text)]


@pytest.mark.parametrize(
    ("key", "value", "items"),
    [
        ("sharded_indexes", [{"index": "model.safetensors.index.json", "shards": 3, "missing": []}],
         ("model.safetensors.index.json: 3 shards, none missing",)),
        ("sharded_indexes", [{"index": "i.json", "shards": 2, "missing": ["b.safetensors"]}],
         ("i.json: 2 shards, missing b.safetensors",)),
        ("weight_files_read", [{"path": "m.safetensors", "size": 4_966_840_618, "tensors": 120,
                                "parameters": {"BF16": 2_483_414_333}}],
         ("m.safetensors (5.0 GB, 120 tensors, 2.48 B parameters in BF16)",)),
        ("licence_sections", [{"file": "LICENSE", "lines": "lines 1–201", "licence": "Apache-2.0",
                               "score": 0.974}],
         ("LICENSE (lines 1–201): Apache-2.0, 97% match",)),
        ("training_signals", {"training entrypoint": ["a.py", "b.py"]},
         ("training entrypoint: a.py, b.py",)),
        ("doubts", [{"id": "x", "detail": "The card limits use to research.", "ceiling": "restricted"}],
         ("The card limits use to research. (at most restricted)",)),
        ("weight_sets", [{"name": "model.safetensors", "reason": "7 B parameters."}],
         ("model.safetensors: 7 B parameters.",)),
        ("weight_sets", [{"name": "m.bin", "reason": "m.bin: 7 B parameters."}],
         ("m.bin: 7 B parameters.",)),
    ],
)  # fmt: skip
def test_structured_findings_are_sentences_not_dumps(
    key: str, value: object, items: tuple[str, ...]
) -> None:
    (row,) = finding_rows({key: value})
    assert row.items == items and row.more == 0
    assert "{" not in " ".join(row.items)


def test_long_lists_show_the_first_ten_and_a_count() -> None:
    files = [f"file-{n}.py" for n in range(138)]
    (row,) = finding_rows({"files_read": files})
    assert row.items == tuple(files[:LIST_SHOWN]) and row.more == 138 - LIST_SHOWN
    (empty,) = finding_rows({"files_read": []})
    assert (empty.text, empty.items) == ("none", ())


def test_known_keys_come_in_table_order_then_the_rest_and_bookkeeping_is_left_out() -> None:
    facts = {"zeta": 1, "tags": ["a"], "offline": True, "header_read_cap": 32, "alpha": 2}
    assert [r.key for r in finding_rows(facts)] == ["offline", "tags", "alpha", "zeta"]
    assert HIDDEN.isdisjoint(FINDINGS)


def test_no_facts_no_rows() -> None:
    assert finding_rows(None) == [] and finding_rows({}) == []
