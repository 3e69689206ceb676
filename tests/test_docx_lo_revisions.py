"""LibreOffice's own Accept All / Reject All tracked changes give the revised / the base text, paragraph by
paragraph and footnote by footnote, on the seed proposals (through LibreOffice's UNO API: tests/docx_lo_uno.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx_xml_helpers import expected_paragraphs, ooxml_errors
from test_docx_libreoffice import moves_and_deleted_footnote

from cop_drafter.core.draft import ProposalMeta
from cop_drafter.core.rules import normalise
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import ProposalExporter
from cop_drafter.precedents.align import draft_from_revisions

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

CORPUS = {t.id: t.resolution for t in load_corpus()}
PAIRS = {
    "2014-2017": ("wtdc-res67-rev-dubai-2014", "wtdc-res67-rev-buenos-aires-2017"),
    "2017-2022": ("wtdc-res67-rev-buenos-aires-2017", "wtdc-res67-rev-kigali-2022"),
    "2014-2022": ("wtdc-res67-rev-dubai-2014", "wtdc-res67-rev-kigali-2022"),
}
SCRIPT = Path(__file__).with_name("docx_lo_uno.py")


def _uno_python() -> str:
    python = shutil.which("python3", path="/usr/bin:/usr/local/bin") or "python3"
    found = subprocess.run([python, "-c", "import uno"], capture_output=True)
    if found.returncode != 0:
        pytest.fail("LibreOffice's Python UNO bridge is missing: run tools/system-deps.sh --office (python3-uno)")
    return python


def _drafts():
    out = {}
    for key, (old, new) in PAIRS.items():
        draft = draft_from_revisions(CORPUS[old], CORPUS[new])
        draft.meta = ProposalMeta(source="EUR", conference="World Telecommunication Development Conference 2025",
                                  document="Addendum 17 to Document WTDC-25/23-E", reasons="Update.")
        out[key] = draft
    out["moves-footnote"] = moves_and_deleted_footnote()
    return out


@pytest.fixture(scope="module")
def office_views(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo-revisions")
    drafts = _drafts()
    files = {}
    for key, draft in drafts.items():
        data = ProposalExporter(draft).to_bytes()
        assert ooxml_errors(data) == []
        files[key] = folder / f"{key}.docx"
        files[key].write_bytes(data)
    python = _uno_python()
    views = {}
    for mode in ("accept", "reject"):
        result = subprocess.run([python, str(SCRIPT), str(folder / f"profile-{mode}"), mode,
                                 *map(str, files.values())], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        by_path = json.loads(result.stdout)
        views[mode] = {key: by_path[str(path)] for key, path in files.items()}
    return drafts, views


def _clean(text: str) -> str:
    return text.replace("\u2011", "-")


def _body(paragraphs: list[str]) -> list[str]:
    texts = [_clean(p) for p in paragraphs]
    start = next(i for i, t in enumerate(texts) if t.startswith("MOD\t")) + 1
    end = next(i for i, t in enumerate(texts) if t.startswith("Reasons:"))
    return texts[start:end]


@pytest.mark.parametrize("key", [*sorted(PAIRS), "moves-footnote"])
def test_libreoffice_accept_all_gives_the_revised_text(office_views, key):
    drafts, views = office_views
    revised = normalise(drafts[key].revised())
    assert _body(views["accept"][key]["paragraphs"]) == expected_paragraphs(revised)
    assert [_clean(n).strip() for n in views["accept"][key]["footnotes"]] == [f.text for f in revised.footnotes
                                                                               if _used(revised, f.id)]


@pytest.mark.parametrize("key", [*sorted(PAIRS), "moves-footnote"])
def test_libreoffice_reject_all_gives_the_base_text(office_views, key):
    drafts, views = office_views
    base = normalise(drafts[key].base)
    assert _body(views["reject"][key]["paragraphs"]) == expected_paragraphs(base)
    assert [_clean(n).strip() for n in views["reject"][key]["footnotes"]] == [f.text for f in base.footnotes
                                                                               if _used(base, f.id)]


def _used(resolution, footnote_id: str) -> bool:
    return any(ref.id == footnote_id for _s, clause in resolution.clauses() for ref in clause.footnotes)
