"""Export from the menu: the proposal dialog's cover fields and numbering reach the .docx; failures lose nothing."""

from __future__ import annotations

from docx import Document
from docx_xml_helpers import view, xml

from cop_drafter.core.draft import ProposalMeta
from cop_drafter.gui.export import PROPOSAL, ProposalDialog, clause_reasons


def test_proposal_dialog_fields_reach_the_cover_and_numbers(make_window, tmp_path, qtbot):
    window = make_window()
    window.new_revision()
    doc = window.doc
    uid = window.current_clause_uid()
    doc.set_text(uid, doc.clause(uid).text.rstrip(";") + " and their families;")
    doc.set_reason(uid, "Families are part of the protection.")
    window.prompter.meta = ProposalMeta(source="Member States of the CEPT", source_code="EUR",
                                        document="Addendum 17 to Document WTDC-25/23-E",
                                        conference="World Telecommunication Development Conference 2025 (WTDC-25)")
    out = tmp_path / "eur.docx"
    window.prompter.save_to = str(out)
    window.export_dialog(PROPOSAL)
    qtbot.waitUntil(lambda: window.last_export == str(out), timeout=30_000)
    paragraphs = [t for _s, t in view(xml(out), "accept")]
    assert "MOD\tEUR/23A17/1" in paragraphs
    cover = Document(str(out)).tables[0]  # the ITU cover table: conference | logo; meeting | document; ...; source
    assert "(WTDC-25)" in cover.cell(0, 0).text and "Addendum 17" in cover.cell(1, 1).text
    assert any("Member States of the CEPT" in cell.text for row in cover.rows for cell in row.cells)
    reasons = next(t for t in paragraphs if t.startswith("Reasons:"))
    assert "Families are part of the protection." in reasons  # the clause's reason, as the dialog was empty
    assert doc.draft.meta.source_code == "EUR" and doc.modified, "the cover fields are saved with the draft"


def test_dialog_previews_the_first_proposal_number(qtbot):
    dialog = ProposalDialog(ProposalMeta(), "ADD")
    qtbot.addWidget(dialog)
    dialog.edits["source_code"].setText("ACP")
    dialog.edits["document"].setText("Document WTDC-25/31-E")
    assert dialog.number.text().split() == ["ADD", "ACP/31/1"]
    assert dialog.meta().source_code == "ACP"


def test_a_failed_export_says_why_and_writes_nothing(make_window, tmp_path, qtbot):
    window = make_window()
    window.new_revision()
    target = tmp_path / "missing-folder" / "clean.docx"
    window.start_export("clean", target)
    qtbot.waitUntil(lambda: bool(window.prompter.errors), timeout=30_000)
    title, message = window.prompter.errors[0]
    assert "does not exist" in message and "No file was written" in message
    assert not target.exists() and window.last_export is None
    assert not window.progress.isVisible()


def test_clause_reasons_follow_document_order(make_window):
    window = make_window()
    window.new_revision()
    doc = window.doc
    clauses = [c for _s, c in doc.resolution.clauses()]
    doc.set_reason(clauses[3].uid, "second")
    doc.set_reason(clauses[0].uid, "first")
    text = clause_reasons(doc.draft)
    assert text.index("first") < text.index("second")
    assert text.startswith(f"recognizing {clauses[0].label}: first")
