"""The precedent library: suggestions across the seeds, grouping, import, search, lineage, thread use."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cop_drafter.core.textdiff import new_text, old_text
from cop_drafter.corpus import corpus_text, load_corpus
from cop_drafter.precedents import LibraryError, PrecedentLibrary, SearchSyntaxError
from cop_drafter.precedents.paths import default_library_path

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"
KIGALI, BUENOS_AIRES, DUBAI = "wtdc-res67-rev-kigali-2022", "wtdc-res67-rev-buenos-aires-2017", "wtdc-res67-rev-dubai-2014"
GUADALAJARA = "pp10-wgpl7-guadalajara-2010"


def library_without(*excluded: str) -> PrecedentLibrary:
    """Only the other seeds: a suggestion must come from another text, not from the one the query was cut from."""
    library = PrecedentLibrary.in_memory(bundled=False)
    for text in load_corpus():
        if text.id not in excluded:
            library.add_resolution(text.resolution, {"document": text.label, "year": text.meta.get("year")})
    return library


def places(suggestions, limit=3) -> list[tuple[str, str, str]]:
    """(place, call, label) of the top suggestions and of the precedents grouped with them."""
    out = []
    for s in suggestions[:limit]:
        for src in [s.source, *s.group]:
            out.append((src.place, src.call, src.label))
    return out


@pytest.fixture(scope="module")
def others_than_kigali():
    with library_without(KIGALI) as library:
        yield library


def half(text: str) -> str:
    words = text.split()
    return " ".join(words[: len(words) // 2])


def test_half_of_kigali_recalling_e_finds_buenos_aires_and_dubai(others_than_kigali):
    clause = corpus_text(KIGALI).resolution.find_by_label("recalling", "e)")
    found = places(others_than_kigali.suggest(half(clause.text)))
    assert ("Buenos Aires", "recalling", "e)") in found
    assert ("Dubai", "recalling", "d)") in found


@pytest.mark.parametrize(
    ("call", "label", "expected"),
    [
        ("recognizing", "c)", ("Buenos Aires", "recognizing", "c)")),
        ("recalling", "b)", ("Buenos Aires", "recalling", "b)")),
        ("taking into account", "i)", ("Buenos Aires", "taking into account", "g)")),
        ("invites Member States", "5", ("Buenos Aires", "invites Member States", "8")),
        ("recalling", "h)", ("Dubai", "recalling", "f)")),
    ],
)
def test_half_typed_kigali_clauses_find_their_counterparts_at_rank_1_to_3(others_than_kigali, call, label, expected):
    clause = corpus_text(KIGALI).resolution.find_by_label(call, label)
    assert expected in places(others_than_kigali.suggest(half(clause.text)))


def test_typos_and_reordered_words_still_find_the_clause(others_than_kigali):
    typo = others_than_kigali.suggest("the memorandum of understnding between the secretariat of the Unoin")
    assert ("Buenos Aires", "recalling", "a)") in places(typo, 1)
    reordered = others_than_kigali.suggest("the requirement for a multistakeholder approach in order to promote responsibility social")
    assert ("Dubai", "taking into account", "e)") in places(reordered)


def test_unrelated_clauses_score_far_below_the_counterpart(others_than_kigali):
    # WRatio would give every clause sharing one word 85.5 here; the precedent scorer does not.
    for typed in ("to develop informaton, to educate and to creat awarness",  # short: character-level partial
                  "to develop informaton, to educate and to creat awarness campaigns"):  # > 64 chars: on words
        results = others_than_kigali.suggest(typed)
        assert ("Buenos Aires", "invites Member States", "2") in places(results, 1)
        assert results[0].score > 60
        assert all(s.score < results[0].score - 15 for s in results[2:])


def test_same_wording_is_grouped_newest_first():
    with PrecedentLibrary.in_memory() as library:
        top = library.suggest("the memorandum of understanding between the secretariat of the Union and Child")[0]
    assert (top.source.place, top.source.year) == ("Kigali", 2022)
    assert [(g.place, g.year) for g in top.group] == [("Buenos Aires", 2017), ("Dubai", 2014), ("Guadalajara", 2010)]


def test_spans_rebuild_the_precedent_and_the_typed_text():
    with PrecedentLibrary.in_memory() as library:
        typed = "to develop informaton, to educate"
        for s in library.suggest(typed):
            assert new_text(s.spans) == s.text
            assert old_text(s.spans).lower() == typed.lower()
        top = library.suggest(typed)[0]
    assert any(p.op == "delete" and p.text == "informaton" for p in top.spans)
    assert any(p.op == "insert" and p.text == "information" for p in top.spans)


def test_empty_query_gives_nothing():
    with PrecedentLibrary.in_memory() as library:
        assert library.suggest("   ") == []
        assert library.suggest("!!!") == []


def test_import_is_idempotent_and_reports_what_it_added(tmp_path):
    text = tmp_path / "draft.txt"
    text.write_text("RESOLUTION 999 (Nowhere, 2030)\nA test text\nThe Conference,\nconsidering\n"
                    "a) that the sky is a relevant topic for every delegate attending;\n"
                    "b) that nothing else is said here at all,\nresolves\n1 to keep calm and carry on drafting.\n",
                    encoding="utf-8")
    path = tmp_path / "lib" / "library.sqlite3"
    with PrecedentLibrary.open(path) as library:
        first = library.add_file(text)
        again = library.add_file(text)
        assert first.added and first.clauses == 3
        assert not again.added and again.doc_id == first.doc_id
        assert sum(1 for d in library.documents() if not d.bundled) == 1
        assert library.suggest("that the sky is a relevant")[0].source.number == "999"
    # A new process sees the same library; removing the text removes its suggestions.
    with PrecedentLibrary.open(path) as library:
        assert library.suggest("that the sky is a relevant")[0].source.number == "999"
        library.remove(first.doc_id)
        assert all(s.source.number != "999" for s in library.suggest("that the sky is a relevant"))
        with pytest.raises(LibraryError, match="no text"):
            library.remove(first.doc_id)


def test_bundled_texts_are_not_imported_twice_nor_removable(tmp_path):
    with PrecedentLibrary.open(tmp_path / "library.sqlite3") as library:
        report = library.add_resolution(corpus_text(DUBAI).resolution)
        assert not report.added and report.doc_id == DUBAI
        with pytest.raises(LibraryError, match="bundled"):
            library.remove(DUBAI)
    assert not (tmp_path / "library.sqlite3").exists()  # nothing was written


def test_reading_does_not_create_the_library_file(tmp_path):
    path = tmp_path / "deep" / "library.sqlite3"
    with PrecedentLibrary.open(path) as library:
        assert library.suggest("child online protection")
        assert library.search("helpline")
    assert not path.exists()


def test_a_file_that_is_not_a_library_is_refused(tmp_path):
    bogus = tmp_path / "library.sqlite3"
    bogus.write_text("not a database", encoding="utf-8")
    with pytest.raises(LibraryError, match="not a COP Drafter library"):
        PrecedentLibrary.open(bogus)
    assert bogus.read_text(encoding="utf-8") == "not a database"


def test_default_library_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COP_DRAFTER_LIBRARY", str(tmp_path / "x.sqlite3"))
    assert default_library_path() == tmp_path / "x.sqlite3"
    monkeypatch.delenv("COP_DRAFTER_LIBRARY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if default_library_path().parent.parent == tmp_path / "data":  # Linux layout
        assert default_library_path() == tmp_path / "data" / "cop-drafter" / "library.sqlite3"


def test_concordance_search_with_fts_syntax():
    with PrecedentLibrary.in_memory() as library:
        hits = library.search('"child helpline"')
        assert {(h.source.place, h.source.call, h.source.label) for h in hits} >= {
            ("Kigali", "taking into account", "i)"), ("Buenos Aires", "taking into account", "g)")}
        assert all("[[" in h.highlighted for h in hits)
        both = library.search("helpline AND memorandum")
        assert both and all("memorandum" in h.text.lower() for h in both)
        assert library.search("cybersecurity NOT children") != library.search("cybersecurity")


@pytest.mark.parametrize(("typed", "found"), [
    ("WG-COP", "WG-COP"), ("CWG-COP", "CWG-COP"), ('"child online', "child online"), ("(helpline", "helpline"),
    ("Question 3/2", "Question 3/2"), ("AND", " and "),
])
def test_special_terms_search_as_phrases_without_fts_errors(typed, found):
    # Issue 13: "WG-COP" said "no such column: COP", an unclosed quote "unterminated string".
    with PrecedentLibrary.in_memory() as library:
        hits = library.search(typed)
    assert hits and all(found.lower() in h.text.lower() for h in hits[:5]), typed


def test_nothing_to_search_for_is_a_clear_error():
    with PrecedentLibrary.in_memory() as library, pytest.raises(SearchSyntaxError, match="word or a phrase"):
        library.search("!!!")


def test_lineage_across_2010_2014_2017_2022():
    kigali = corpus_text(KIGALI).resolution
    clause = kigali.find_by_label("recalling", "a)")  # the memorandum of understanding with CHI
    with PrecedentLibrary.in_memory() as library:
        steps = library.lineage(kigali, clause)
    assert [(s.source.year, s.source.call, s.source.label) for s in steps] == [
        (2010, "recalling", "f)"), (2014, "recalling", "a)"), (2017, "recalling", "a)"), (2022, "recalling", "a)")]
    assert steps[0].score is None and all(s.score == 100.0 for s in steps[1:])


def test_lineage_shows_word_changes_between_steps():
    kigali = corpus_text(KIGALI).resolution
    clause = kigali.find_by_label("recalling", "e)")  # the Convention on the Rights of the Child
    with PrecedentLibrary.in_memory() as library:
        steps = library.lineage(kigali, clause)
    years = [s.source.year for s in steps]
    assert years[-3:] == [2014, 2017, 2022]
    dubai_to_ba = steps[years.index(2017)]
    assert "New York," in "".join(p.text for p in dubai_to_ba.diff if p.op == "insert")
    assert all(old_text(s.diff) == steps[i - 1].text for i, s in enumerate(steps) if i)


def test_library_can_be_used_from_another_thread():
    library = PrecedentLibrary.in_memory()
    results: list = []
    errors: list = []

    def work():
        try:
            for _ in range(20):
                results.append(library.suggest("to promote the dissemination of methodological"))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    library.close()
    assert not errors
    assert len(results) == 60 and all(r and r[0].source.call.startswith("resolves") or r[0].source.call.startswith("instructs") for r in results)
