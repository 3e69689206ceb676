"""Export from the menu: the proposal dialog's cover fields and numbering reach the .docx; failures lose nothing."""

from __future__ import annotations

from docx import Document
from docx_xml_helpers import view, xml
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox

from cop_drafter.core.draft import ProposalMeta
from cop_drafter.core.proposal import clause_reasons
from cop_drafter.gui.export import PROPOSAL, ProposalDialog


def test_proposal_dialog_fields_reach_the_cover_and_numbers(make_window, tmp_path, qtbot):
    window = make_window()
    window.new_revision()
    doc = window.doc
    uid = window.current_clause_uid()
    doc.set_text(uid, doc.clause(uid).text.rstrip(";") + " and their families;")
    doc.set_reason(uid, "Families are part of the protection.")
    window.dialogs.meta = ProposalMeta(source="Member States of the CEPT", source_code="EUR",
                                        document="Addendum 17 to Document WTDC-25/23-E",
                                        conference="World Telecommunication Development Conference 2025 (WTDC-25)")
    out = tmp_path / "eur.docx"
    window.dialogs.save_to = str(out)
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
    qtbot.waitUntil(lambda: bool(window.dialogs.errors), timeout=30_000)
    title, message = window.dialogs.errors[0]
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
    reasons = clause_reasons(doc.draft)
    assert reasons == [f"recognizing {clauses[0].label}: first", f"recognizing {clauses[3].label}: second"]


# -- issue 9 repro 10: the proposal dialog: empty means empty, the cover's gaps are named ------------------------
def test_grey_hints_read_as_examples_and_an_empty_field_stays_empty(qtbot):
    dialog = ProposalDialog(ProposalMeta(meeting="", original_language=""), "MOD")
    qtbot.addWidget(dialog)
    for name, edit in dialog.edits.items():
        assert edit.placeholderText().startswith("e.g. "), f"{name}: {edit.placeholderText()!r} looks like a value"
        assert edit.font().italic(), f"{name} is empty: its hint must look like a hint"
    meta = dialog.meta()
    assert (meta.conference, meta.document, meta.source, meta.meeting) == ("", "", "", "")
    dialog.edits["conference"].setText("WTDC-25")
    dialog.edits["summary"].setPlainText("Short.")
    assert not dialog.edits["conference"].font().italic() and not dialog.edits["summary"].font().italic()
    dialog.edits["conference"].clear()
    assert dialog.edits["conference"].font().italic() and dialog.meta().conference == ""


def test_dialog_names_the_cover_fields_still_missing(qtbot):
    dialog = ProposalDialog(ProposalMeta(), "MOD")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.missing.isVisible()
    assert "no conference, document or source" in dialog.missing.text()
    dialog.edits["conference"].setText("World Telecommunication Development Conference 2025 (WTDC-25)")
    dialog.edits["source"].setText("EUR")
    assert "no document yet" in dialog.missing.text() and "conference" not in dialog.missing.text()
    dialog.edits["document"].setText("Addendum 17 to Document WTDC-25/23-E")
    assert not dialog.missing.isVisible()
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_an_untouched_dialog_exports_a_draft_cover_with_nothing_made_up(make_window, tmp_path, qtbot, monkeypatch):
    """The real Prompter, answered at the Qt level: the dialog accepted as shown, the save dialog, the final box."""
    out = tmp_path / "draft-cover.docx"
    window = make_window()
    window.new_revision()
    doc = window.doc
    clauses = [c for _s, c in doc.resolution.clauses()]
    doc.set_reason(clauses[0].uid, "First reason.")
    doc.set_reason(clauses[1].uid, "Second reason.")
    shown = []

    def accept_as_shown(dialog):
        shown.append(dialog.missing.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", accept_as_shown)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    def answer(box):  # "Export finished": OK; "unsaved changes" when the window closes: Discard
        discard = box.button(QMessageBox.StandardButton.Discard)
        return QMessageBox.StandardButton.Discard if discard is not None else QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", answer)
    window.export_dialog(PROPOSAL)
    qtbot.waitUntil(lambda: window.last_export == str(out), timeout=30_000)
    assert shown and "no conference, document or source" in shown[0]
    cover = Document(str(out)).tables[0]
    cells = [cell.text.strip() for row in cover.rows for cell in row.cells]
    assert "Conference" not in cells, "an empty Conference prints nothing (it printed the word 'Conference')"
    text = "\n".join(t for _s, t in view(xml(out), "accept"))
    assert "e.g." not in text and "WTDC-25" not in text and "CEPT" not in text
    paragraphs = [t for _s, t in view(xml(out), "accept")]
    start = next(i for i, t in enumerate(paragraphs) if t.startswith("Reasons:"))
    assert paragraphs[start:start + 2] == [f"Reasons:\trecognizing {clauses[0].label}: First reason.",
                                           f"\trecognizing {clauses[1].label}: Second reason."]
    assert window.close(), "the window closes once the unsaved draft is discarded"


def test_the_checks_panel_lists_the_cover_fields_until_they_are_filled(make_window):
    window = make_window()
    window.new_revision()
    window.checks.refresh()
    rows = [window.checks.list.item(i).text() for i in range(window.checks.list.count())]
    assert any("proposal cover: no conference, document or source" in row for row in rows)
    window.doc.set_meta(ProposalMeta(source="EUR", conference="WTDC-25", document="Document WTDC-25/23-E"))
    window.checks.refresh()
    assert not [i for i in window.checks.items if i.code == "cover-missing"]


# -- issue 14 deliver 5: a clean export does not hand in square brackets as agreed text ------------------------
def test_clean_export_asks_before_writing_square_brackets(make_window, tmp_path, qtbot):
    window = make_window()
    window.new_revision()
    clause = [c for _s, c in window.doc.resolution.clauses()][2]
    window.doc.set_text(clause.uid, "that children [and young people] are at risk online;")
    target = tmp_path / "clean.docx"
    window.dialogs.save_to = str(target)
    window.export_dialog("clean")
    assert "Text not yet agreed" in window.dialogs.questions
    assert not window.export_jobs and not target.exists()
    window.dialogs.brackets_answer = True
    window.export_dialog("clean")
    qtbot.waitUntil(lambda: bool(window.dialogs.exports), timeout=30_000)
    assert target.exists()
    qtbot.waitUntil(lambda: any("square brackets" in item.message for item in window.checks.items))


# -- issue 12 deliver 4: a submission of several drafts from the app -------------------------------------------
def test_a_submission_of_three_drafts_from_the_app_numbers_them_in_sequence(make_window, tmp_path, qtbot):
    from dataclasses import replace

    from docx_xml_helpers import body_paragraphs, run_texts, style_of, xml
    from test_docx_submission import META, three_drafts

    from cop_drafter.formats.project import save_project

    mod, add, sup = three_drafts()
    paths = []
    for name, draft in (("add", add), ("sup", sup)):
        save_project(draft, tmp_path / f"{name}.copdraft")
        paths.append(str(tmp_path / f"{name}.copdraft"))
    window = make_window()
    window.set_document(type(window.doc)(mod))
    window.dialogs.open_paths = paths
    window.dialogs.meta = replace(META, reasons="")
    target = tmp_path / "submission.docx"
    window.dialogs.save_to = str(target)
    window.submission_dialog()
    qtbot.waitUntil(lambda: window.last_export == str(target) or bool(window.dialogs.errors), timeout=30_000)
    assert not window.dialogs.errors
    lines = [run_texts(p) for p in body_paragraphs(xml(target)) if style_of(p) == "Proposal"]
    assert lines == ["MOD\tEUR/23A17/1", "ADD\tEUR/23A17/2", "SUP\tEUR/23A17/3"]


def test_a_damaged_draft_in_a_submission_is_named_and_nothing_is_written(make_window, tmp_path):
    window = make_window()
    window.new_revision()
    bad = tmp_path / "bad.copdraft"
    bad.write_text("{not json", encoding="utf-8")
    window.dialogs.open_paths = [str(bad)]
    window.dialogs.save_to = str(tmp_path / "never.docx")
    window.submission_dialog()
    title, message = window.dialogs.errors[-1]
    assert title == "Cannot build the submission" and "bad.copdraft" in message
    assert not (tmp_path / "never.docx").exists() and not window.export_jobs
