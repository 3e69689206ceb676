"""Render the desktop app's main screens offscreen to PNG (docs/img/), for the README and for review.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [--out docs/img] [--size 1366x768]

Uses throw-away user folders, so it never reads or writes the real user's settings or recovery files.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _isolate() -> None:
    home = Path(tempfile.mkdtemp(prefix="cop-drafter-shots-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ.setdefault("COP_DRAFTER_LIBRARY", str(home / "library.sqlite3"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _settle(app, ms: int = 300) -> None:
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < ms:
        app.processEvents()


def _wait(app, condition, timeout_ms: int = 15000) -> bool:
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < timeout_ms:
        app.processEvents()
        if condition():
            return True
    return False


def _dark_palette():
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: QColor(45, 45, 48), QPalette.ColorRole.WindowText: QColor(230, 230, 230),
        QPalette.ColorRole.Base: QColor(30, 30, 32), QPalette.ColorRole.AlternateBase: QColor(40, 40, 44),
        QPalette.ColorRole.Text: QColor(230, 230, 230), QPalette.ColorRole.Button: QColor(55, 55, 60),
        QPalette.ColorRole.ButtonText: QColor(230, 230, 230), QPalette.ColorRole.Highlight: QColor(42, 110, 190),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255), QPalette.ColorRole.ToolTipBase: QColor(60, 60, 60),
        QPalette.ColorRole.ToolTipText: QColor(230, 230, 230), QPalette.ColorRole.PlaceholderText: QColor(150, 150, 150),
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    return palette


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "img"))
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    _isolate()

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from cop_drafter.core.draft import Draft
    from cop_drafter.corpus import corpus_text
    from cop_drafter.gui.dialogs import NewRevisionDialog
    from cop_drafter.gui.document import DraftDocument
    from cop_drafter.gui.export import ProposalDialog
    from cop_drafter.gui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("COP Drafter")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data = Path(os.environ["XDG_DATA_HOME"]) / "cop-drafter"
    settings = QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)
    written: list[Path] = []

    def shot(widget, name: str) -> None:
        path = out / name
        widget.grab().save(str(path))
        written.append(path)

    for theme in ("light", "dark"):
        if theme == "dark":
            app.setPalette(_dark_palette())
        window = MainWindow(settings, data)
        window.resize(width, height)
        window.show()
        window.new_revision()
        _settle(app)
        doc = window.doc
        # A clause being revised: taking into account f), its wording changed, with suggestions showing.
        section = doc.resolution.find_section("taking into account")
        clause = section.clauses[5]
        window.outline.select_uid(clause.uid)
        doc.set_text(clause.uid, clause.text.replace("the need to protect", "the urgent need to protect")
                     .rstrip(";") + ", including from online grooming;")
        doc.set_reason(clause.uid, "Grooming is the threat Member States report most often.")
        doc.add_clause_after(section.clauses[-1].uid, "that children are among the most active participants online;")
        doc.set_suppressed([section.clauses[2].uid], True)
        window.outline.select_uid(clause.uid)
        window.precedents.text_changed(clause.text)
        _wait(app, lambda w=window: bool(w.precedents.shown_query) or "could not" in w.precedents.status.text())
        _settle(app)
        suffix = "" if theme == "light" else "-dark"
        shot(window, f"app-main-window{suffix}.png")
        if theme == "dark":
            window.doc.undo_stack.setClean()
            window.close()
            break

        # The checks panel: a draft with a typical crop of problems, the first one selected.
        base = corpus_text("wtdc-res67-rev-buenos-aires-2017").resolution
        draft = Draft.revision_of(base)
        window.set_document(DraftDocument(draft))
        recalling = window.doc.resolution.find_section("recalling")
        window.doc.set_text(recalling.clauses[0].uid, recalling.clauses[0].text.rstrip(";"))
        window.doc.add_clause_after(recalling.clauses[1].uid, "")
        window.doc.set_text(recalling.clauses[4].uid, "that the COP Guidelines are used as Resolution 67 "
                            "(Rev. Dubai, 2014) of this conference asks;")
        window.doc.change_call(window.doc.resolution.sections[0].uid, "recognizing thoroughly")
        window.checks.refresh()
        window.checks.list.setCurrentRow(0)
        window.checks_dock.raise_()
        window.resizeDocks([window.checks_dock], [int(height * 0.3)], Qt.Orientation.Vertical)
        window.next_problem()
        window.statusBar().clearMessage()
        _settle(app)
        shot(window, "app-checks.png")

        dialog = ProposalDialog(window.doc.draft.meta, "MOD", window)
        for name, value in (("source", "Member States of the CEPT"), ("source_code", "EUR"),
                            ("conference", "World Telecommunication Development Conference 2025 (WTDC-25)"),
                            ("document", "Addendum 17 to Document WTDC-25/23-E"), ("date", "15 September 2025"),
                            ("title", "Proposed revision of Resolution 67 (Rev. Kigali, 2022)")):
            dialog.edits[name].setText(value)
        dialog.show()
        _settle(app)
        shot(dialog, "app-export-dialog.png")
        dialog.close()

        start = NewRevisionDialog(window.library.texts(), window)
        start.show()
        _settle(app)
        shot(start, "app-new-revision.png")
        start.close()
        window.doc.undo_stack.setClean()
        window.doc.draft.meta = draft.meta
        window.close()

    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
