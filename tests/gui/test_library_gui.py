"""One library in the GUI (issue 10 item 8, issue 11 Deliver 4): File ▸ Import into library (files, folders,
drops) on a worker thread with a progress dialog and a report; the Library window; "New revision of..." offering
what the precedent library holds, including texts the CLI added while the window was open."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from cop_drafter.cli.main import main
from cop_drafter.core.draft import ClauseStatus
from cop_drafter.gui.library_window import LibraryWindow, NewRevisionDialog


def resolution_text(number: int, word: str) -> str:
    return (f"RESOLUTION {number} (Somewhere, 2031)\nOn {word}\nThe Conference,\nconsidering\n"
            f"a) that a delegate wrote this clause about {word} and precedents under number {number};\n"
            f"b) that another clause follows,\nresolves\n1 to keep {word} safe;\n2 to report on {word}.\n")


def make_archive(folder: Path, count: int = 3) -> Path:
    (folder / "sub").mkdir(parents=True)
    for n in range(count):
        where = folder / "sub" if n % 2 else folder
        (where / f"res{800 + n}.txt").write_text(resolution_text(800 + n, f"animal{n}"), encoding="utf-8")
    (folder / "notes.txt").write_text("shopping list: milk, bread\n", encoding="utf-8")
    (folder / "sub" / "broken.docx").write_bytes(b"PK\x03\x04 not a Word file")
    return folder


def wait_import(window, qtbot, timeout: int = 30_000):
    controller = window.import_controller
    qtbot.waitUntil(lambda: not controller.running() and controller.last_result is not None, timeout=timeout)
    return controller.last_result


def test_a_text_added_by_the_cli_while_the_gui_runs_is_offered_in_new_revision(make_window, tmp_path, qtbot,
                                                                                capsys):
    window = make_window()  # started before the import: the library file does not even exist yet
    text = tmp_path / "res777.txt"
    text.write_text(resolution_text(777, "lighthouses"), encoding="utf-8")
    assert main(["library", "add", str(text), "--json"]) == 0
    added = json.loads(capsys.readouterr().out)["added"][0]
    dialog = NewRevisionDialog(window.library, window)
    dialog.filter.setText("777")
    assert dialog.count() == 1 and "RESOLUTION 777" in dialog.table.row_text(0)
    window.dialogs.pick = added["id"]
    window.new_revision_dialog()
    assert window.doc.draft.base_source == added["id"]
    assert window.doc.resolution.header.number == "777"
    assert set(window.doc.draft.statuses().values()) == {ClauseStatus.NOC}
    assert not (Path(window.data_dir) / "texts").exists()  # no second copy of the text anywhere


def test_import_a_folder_on_a_worker_with_progress_and_report(make_window, tmp_path, qtbot):
    window = make_window()
    archive = make_archive(tmp_path / "archive")
    window.dialogs.folder = str(archive)
    window.import_folder_dialog()
    assert window.import_controller.running() or window.import_controller.last_result is not None
    result = wait_import(window, qtbot)
    assert sorted(Path(a.file).name for a in result.added) == ["res800.txt", "res801.txt", "res802.txt"]
    assert sorted(Path(f.file).name for f in result.failed) == ["broken.docx", "notes.txt"]
    report = window.import_controller.report
    assert report is not None and report.isVisible()
    assert "3 texts added, 0 skipped, 2 failed" in report.summary.text()
    failed = dict(report.rows("Failed"))
    assert str(archive / "notes.txt") in failed and failed[str(archive / "notes.txt")]
    assert "3 texts added" in window.statusBar().currentMessage()
    # Stored once, in the precedent library: listed for a new revision and suggested at once.
    ids = {d.id for d in window.library.imported()}
    assert ids == {a.id for a in result.added}
    window.precedents.text_changed("that a delegate wrote this clause about animal1 and")
    qtbot.waitUntil(lambda: window.precedents.list.count() > 0, timeout=10_000)
    first = window.precedents.list.item(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "RESOLUTION 801" in first or "Res 801" in first
    # Importing the same folder again adds nothing and says why.
    window.import_paths([archive])
    again = wait_import(window, qtbot)
    assert again.added == [] and again.present == 3


def test_cancel_keeps_what_was_already_added(make_window, tmp_path, qtbot):
    window = make_window()
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(150):
        (folder / f"res{n:03d}.txt").write_text(resolution_text(1000 + n, f"beast{n}"), encoding="utf-8")
    window.import_paths([folder])
    controller = window.import_controller
    # Hold the worker after its first files until the user has pressed Cancel (so the test does not race it).
    paused, resume = threading.Event(), threading.Event()

    def hold(progress) -> None:
        if progress.added >= 2 and not paused.is_set():
            paused.set()
            resume.wait(20)

    controller.worker.progressed.connect(hold, Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(paused.is_set, timeout=20_000)
    controller.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    resume.set()
    result = wait_import(window, qtbot)
    assert result.cancelled and 1 <= len(result.added) < 150
    assert len(window.library.imported()) == len(result.added)  # kept, and nothing half-added


def test_files_and_folders_dropped_on_the_window_are_imported(make_window, tmp_path, qtbot):
    window = make_window()
    archive = make_archive(tmp_path / "dropped", count=2)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(archive))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    result = wait_import(window, qtbot)
    assert len(result.added) == 2 and len(result.failed) == 2


def test_library_window_lists_searches_and_removes_imported_texts(make_window, tmp_path, qtbot, monkeypatch,
                                                                  capsys):
    window = make_window()
    window.import_paths([make_archive(tmp_path / "archive", count=2)])
    wait_import(window, qtbot)
    window.show_library()
    library = window.library_window
    assert isinstance(library, LibraryWindow) and library.isVisible()
    table = library.table
    assert table.row_count() == 7  # five bundled texts and two imported
    rows = [table.row_text(r) for r in range(table.row_count())]
    assert sum("bundled with COP Drafter" in r for r in rows) == 5
    assert sum(str(tmp_path / "archive") in r for r in rows) == 2
    assert any("RESOLUTION 800" in r and "| 4 |" in r for r in rows)  # clause count
    assert "7 texts (5 bundled, 2 imported)" in library.summary.text()
    table.filter.setText("kigali")
    assert table.row_count() == 1 and "Kigali" in table.row_text(0)
    table.select_id(table.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 20))
    assert not library.remove_button.isEnabled()  # a bundled text cannot be removed
    table.filter.setText("animal1")
    assert table.row_count() == 1
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    assert library.remove_button.isEnabled() and library.remove_current()
    table.filter.clear()
    assert table.row_count() == 6 and "1 imported" in library.summary.text()
    capsys.readouterr()
    assert main(["search", "animal1", "--json"]) == 0  # gone for the CLI too
    assert json.loads(capsys.readouterr().out) == []


def test_clicking_an_imported_text_offers_remove_and_shows_it(make_window, tmp_path, qtbot):
    """A mouse click sets the current row before it selects it: the window must follow the selection."""
    window = make_window()
    window.import_paths([make_archive(tmp_path / "archive", count=2)])
    wait_import(window, qtbot)
    window.show_library()
    library = window.library_window
    table = library.table
    rows = [table.row_text(r) for r in range(table.row_count())]
    imported = next(r for r, text in enumerate(rows) if "RESOLUTION 801" in text)
    bundled = next(r for r, text in enumerate(rows) if "bundled with COP Drafter" in text and r != imported)
    view = table.view
    for row, removable in ((imported, True), (bundled, False), (imported, True)):
        view.scrollTo(table.proxy.index(row, 0))
        rect = view.visualRect(table.proxy.index(row, 1))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert library.remove_button.isEnabled() is removable, table.row_text(row)
        assert table.row_text(row).split(" | ")[0] in library.preview.toPlainText()
