"""Issue 14: a negotiation's compilation (every proposer's version per clause) is saved with the .copdraft and
comes back on reopening; a project without one opens as before; a damaged compilation is refused in one line."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from compile_fixtures import proposer_texts

from cop_drafter.core.compilation import ProposerText, compile_proposals
from cop_drafter.core.draft import ClauseStatus
from cop_drafter.core.model import ParseError
from cop_drafter.core.negotiation import negotiation_draft, row_for
from cop_drafter.formats.project import draft_from_json, draft_to_json, load_project, save_project

OLD_PROJECT = Path(__file__).parent / "fixtures" / "projects" / "res67-schema1.copdraft"  # saved before compilations


@functools.lru_cache(maxsize=1)
def _negotiation_json() -> str:
    base, texts = proposer_texts()
    compilation = compile_proposals(base, [ProposerText(name, text, {}) for name, text in texts.items()])
    compilation.warnings.append("CITEL worked on another text")
    return draft_to_json(negotiation_draft(compilation))


def _seen(compilation) -> list[tuple]:
    """What the Proposals pane shows of every row: the text in force, each proposer's status, wording, word
    changes and Reasons, and the row's category."""
    return [(row.kind, row.call, row.base_label, row.base_text, row.base_uid, row.category,
             [(v.proposer, v.status, v.text, v.label, v.reasons, [(p.op, p.text) for p in v.diff])
              for v in row.versions])
            for row in compilation.rows]


def test_the_compilation_comes_back_with_the_project(tmp_path):
    draft = draft_from_json(_negotiation_json())
    saved = draft.compilation
    assert saved is not None
    path = save_project(draft, tmp_path / "négociation 67.copdraft")
    again = load_project(path)
    assert again.compilation is not None
    assert again.compilation.proposers == ["APT", "CEPT", "CITEL"]
    assert again.compilation.warnings == ["CITEL worked on another text"]
    assert again.compilation.counts() == saved.counts()
    assert _seen(again.compilation) == _seen(saved)
    assert again.compilation.base.header.heading() == saved.base.header.heading()
    for _section, clause in again.current.clauses():  # every clause of the negotiated text still finds its row
        row = row_for(again.compilation, clause.uid)
        assert row is not None and row.base_text == clause.text


def test_a_project_without_a_compilation_is_saved_in_the_format_older_versions_read(tmp_path):
    draft = load_project(OLD_PROJECT)
    assert draft.compilation is None
    payload = json.loads(draft_to_json(draft))
    assert payload["schema"] == 1 and "compilation" not in payload["draft"]
    assert json.loads(_negotiation_json())["schema"] == 2  # an older version says "saved by a newer COP Drafter"


def test_a_project_saved_before_compilations_opens_as_it_was():
    draft = load_project(OLD_PROJECT)
    recalling = draft.current.find_section("recalling")
    first, second = recalling.clauses[0].uid, recalling.clauses[1].uid
    assert draft.status(first) is ClauseStatus.SUP and draft.status(second) is ClauseStatus.MOD
    assert draft.reasons == {second: "Update."} and draft.comments == {second: "APT to confirm"}
    assert "(Rev. 2023) of the ITU Council" in recalling.clauses[1].text


def _mutated(change) -> str:
    payload = json.loads(_negotiation_json())
    change(payload["draft"]["compilation"])
    return json.dumps(payload)


def _row(data: dict) -> dict:
    return [r for r in data["rows"] if r["kind"] == "clause"][4]


HOSTILE = {
    "rows that are no list": (lambda c: c.update(rows="x"), r'"rows" \(compilation\.rows\) must be a list'),
    "no rows at all": (lambda c: c.pop("rows"), r'"rows" \(compilation\.rows\) is missing'),
    "a status nobody knows": (lambda c: _row(c)["versions"][1].update(status="MAYBE"), r'"status".*one of'),
    "a proposer's version missing": (lambda c: _row(c)["versions"].pop(), r"no version by 'CITEL'"),
    "a version by someone not in the list": (lambda c: _row(c)["versions"][0].update(proposer="RCC"),
                                             r"RCC.*not one of the proposers"),
    "the same proposer twice": (lambda c: c["proposers"].append("APT"), r'"proposers".*twice'),
    "no proposers": (lambda c: c.update(proposers=[]), r'"proposers".*(at least|empty)'),
    "a clause text that is a number": (lambda c: _row(c)["versions"][0].update(text=12), r'"text".*must be text'),
    "a wrong row kind": (lambda c: _row(c).update(kind="appendix"), r'"kind".*one of'),
    "a depth of a million": (lambda c: _row(c).update(depth=10**6), r'"depth".*between'),
    "a base that is no text": (lambda c: c.update(base="Resolution 67"), r'"base".*must be an object'),
    "a note offset of -1": (lambda c: _row(c).update(base_notes=[{"key": "n", "offset": -1, "text": "n"}]),
                            r'"offset".*between'),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_damaged_compilation_is_refused_in_one_line_naming_the_field(case):
    change, pattern = HOSTILE[case]
    with pytest.raises(ParseError) as info:
        draft_from_json(_mutated(change), "négociation.copdraft")
    message = str(info.value)
    assert "\n" not in message and len(message) < 400, message
    assert message.startswith("négociation.copdraft is damaged: ") and "compilation" in message, message
    assert re.search(pattern, message), message


def test_a_crash_copy_of_a_negotiation_keeps_its_compilation(tmp_path):
    from cop_drafter.core.recovery import RecoveryStore

    draft = draft_from_json(_negotiation_json())
    store = RecoveryStore(tmp_path)
    store.write(store.key_for(None), draft, None, "Negotiation")
    (entry,) = store.entries()
    restored = entry.load().compilation
    assert restored is not None and _seen(restored) == _seen(draft.compilation)
