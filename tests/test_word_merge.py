"""core.word_merge: several proposers' word changes merged into one clause; a clash as bracketed alternatives."""

from __future__ import annotations

import re

from compile_fixtures import proposer_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from cop_drafter.core.brackets import bracket_spans, open_brackets, query_text
from cop_drafter.core.compilation import ProposerText, compile_proposals
from cop_drafter.core.draft import wording
from cop_drafter.core.model import Clause, Resolution, Section, SectionKind
from cop_drafter.core.negotiation import merge_proposers, negotiation_draft, row_for
from cop_drafter.core.textdiff import readable_diff
from cop_drafter.core.word_merge import changes, merge_wordings

BASE = "to support the coordination of studies on child online protection in developing countries;"


def _added(base: str, text: str) -> list[str]:
    return [p.text.strip() for p in readable_diff(base, text) if p.op == "insert"]


def _removed(base: str, text: str) -> list[str]:
    return [p.text.strip() for p in readable_diff(base, text) if p.op == "delete"]


def test_changes_are_the_runs_the_pane_marks_over_the_text_in_force():
    new = "to support the coordination of research on child online protection in all countries;"
    found = changes(BASE, new)
    assert [BASE[s:e].strip() for s, e, _t in found] == _removed(BASE, new)
    assert [t.strip() for _s, _e, t in found] == _added(BASE, new)


def test_changes_to_different_words_are_all_applied_without_brackets():
    apt = BASE.replace("support the coordination of", "collaborate closely with")
    cept = BASE.replace("in developing countries", "in developing countries, in particular the least developed")
    merged = merge_wordings(BASE, [("APT", apt), ("CEPT", cept)])
    assert merged.conflicts == 0 and not bracket_spans(merged.text)
    for proposer in (apt, cept):
        for words in _added(BASE, proposer):
            assert words in merged.text
        for words in _removed(BASE, proposer):
            assert words not in merged.text
    assert merged.text.endswith(";")


def test_one_proposer_alone_gives_that_proposers_wording():
    apt = BASE.replace("studies", "research and studies").replace(";", ".")
    assert merge_wordings(BASE, [("APT", apt)]).text == apt
    assert merge_wordings(BASE, [("APT", apt), ("CEPT", apt)]).text == apt  # the same change twice is one


def test_the_same_words_changed_differently_become_alternatives_naming_their_proposers():
    apt = BASE.replace("developing countries", "all Member States")
    cept = BASE.replace("developing countries", "the least developed countries")
    citel = BASE.replace("to support", "to strengthen")
    merged = merge_wordings(BASE, [("APT", apt), ("CEPT", cept), ("CITEL", citel)])
    assert merged.conflicts == 1
    resolution = Resolution(sections=[Section("resolves", SectionKind.OPERATIVE, [Clause(merged.text, "1")])])
    found = open_brackets(resolution)
    assert [item.kind for item in found] == ["alternatives", "alternatives"]
    first, second = (item.text for item in found)
    assert first.startswith("[Alt 1 (APT): ") and "all Member States" in first
    assert second.startswith("[Alt 2 (CEPT): ") and "the least developed countries" in second
    assert "to strengthen the coordination" in merged.text  # CITEL's words, which nobody else changes
    assert merged.text.endswith("];")  # the end mark after the last bracket, where the checks look for it
    assert "developing countries" not in merged.text.replace("least developed countries", "")


def test_two_insertions_at_one_place_stand_between_the_words_with_their_spaces():
    apt, cept = "further " + BASE, "also " + BASE
    assert merge_wordings(BASE, [("APT", apt), ("CEPT", cept)]).text == "[Alt 1 (APT): further] [Alt 2 (CEPT): also] " + BASE
    apt, cept = BASE.replace("studies", "new studies"), BASE.replace("studies", "other studies")
    assert "coordination of [Alt 1 (APT): new] [Alt 2 (CEPT): other] studies" in merge_wordings(
        BASE, [("APT", apt), ("CEPT", cept)]).text


def test_a_deletion_against_a_rewording_keeps_words_in_every_alternative():
    apt = BASE.replace(" in developing countries", "")
    cept = BASE.replace("developing countries", "the least developed countries")
    merged = merge_wordings(BASE, [("APT", apt), ("CEPT", cept)])
    assert merged.conflicts == 1
    for _kind, start, end in bracket_spans(merged.text):
        words = merged.text[start:end].split("):", 1)[1].strip(" ]")
        assert words, merged.text


def _negotiation():
    base, texts = proposer_texts()
    compilation = compile_proposals(base, [ProposerText(name, text) for name, text in texts.items()])
    return compilation, negotiation_draft(compilation)


def test_apt_and_cept_merged_on_the_seeds_give_both_their_words():
    """recalling b): APT renames the working group (Kigali 2022), CEPT cites the revised Council resolution."""
    compilation, draft = _negotiation()
    row = row_for(compilation, draft.current.find_by_label("recalling", "b)").uid)
    merged = merge_proposers(row, ["APT", "CEPT"])
    assert merged.conflicts == 0
    for name in ("APT", "CEPT"):
        version = row.version(name)
        for words in _added(row.base_text, version.text):
            assert words in merged.text, (name, words)
    assert wording(merged.text) not in {wording(v.text) for v in row.versions}  # neither one alone
    assert query_text(merged.text) == merged.text


def test_a_proposer_who_suppresses_or_keeps_the_clause_adds_no_words():
    compilation, draft = _negotiation()
    row = row_for(compilation, draft.current.find_by_label("taking into account", "h)").uid)
    apt = row.version("APT").text
    assert wording(merge_proposers(row, ["APT", "CITEL", "CEPT"]).text) == wording(apt)
    assert wording(merge_proposers(row, ["CEPT"]).text) == wording(row.base_text)


WORDS = st.sampled_from(["the", "ITU", "Council", "children", "online", "protection", "of", "and", "(CWG-COP)"])
EDITS = st.lists(st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.integers(0, 14), WORDS), max_size=4)


def _edited(words: list[str], edits) -> str:
    out = list(words)
    for op, at, word in edits:
        at = min(at, len(out))
        if op == "insert":
            out.insert(at, word)
        elif out and at < len(out):
            out[at:at + 1] = [] if op == "delete" else [word]
    return " ".join(out) + ";"


@settings(max_examples=200, deadline=None)
@given(base=st.lists(WORDS, min_size=1, max_size=14), first=EDITS, second=EDITS)
def test_any_two_wordings_merge_into_their_words_or_named_alternatives(base, first, second):
    text = " ".join(base) + ";"
    a, b = _edited(base, first), _edited(base, second)
    assert wording(merge_wordings(text, [("APT", a)]).text) == wording(a)  # one proposer: its own wording
    merged = merge_wordings(text, [("APT", a), ("CEPT", b)])
    spans = bracket_spans(merged.text)
    assert "  " not in merged.text and not re.search(r"\]\w|\w\[", merged.text), merged.text  # spaced as typed
    assert len([s for s in spans if s[0] == "alternatives"]) >= 2 * merged.conflicts
    if merged.conflicts == 0:  # nothing clashed: every word either adds is there
        for proposer in (a, b):
            for words in _added(text, proposer):
                assert words in merged.text, (text, a, b, merged.text)
