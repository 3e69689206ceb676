"""Keyboard-first window: every action has a unique shortcut listed in Help; layout and recent files persist;
texts can be imported into the library and revised."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from cop_drafter.core.draft import ClauseStatus
from cop_drafter.gui.dialogs import ShortcutsDialog
from cop_drafter.gui.library_window import NewRevisionDialog


def _menu_actions(window) -> list[QAction]:
    out = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())
            elif not action.isSeparator():
                out.append(action)

    for top in window.menuBar().actions():
        walk(top.menu())
    return out


def test_every_action_has_a_unique_shortcut_listed_in_help(make_window, qtbot):
    window = make_window()
    docks = {d.toggleViewAction() for d in (window.outline_dock, window.precedents_dock, window.checks_dock)}
    menu_actions = [a for a in _menu_actions(window) if a not in docks and a.parent() is window]
    assert len(menu_actions) > 25
    missing = [a.text() for a in menu_actions if a.shortcut().isEmpty()]
    assert missing == []
    keys = Counter(s.toString() for a in window.findChildren(QAction) for s in a.shortcuts())
    assert [k for k, n in keys.items() if n > 1] == [], "an ambiguous shortcut never fires"
    for n in range(1, 10):
        assert keys[QKeySequence(f"Alt+{n}").toString()] == 1
    listed = " ".join(f"{a} {k}" for a, k in window.shortcut_rows)
    for action in menu_actions:
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in listed
    dialog = ShortcutsDialog(window.shortcut_rows, window)
    text = dialog.findChildren(type(window.precedents.hits))[0].toPlainText()
    assert "Alt+Shift+Up" in text and "Take suggestion" in text


def test_window_layout_and_recent_files_are_remembered(make_window, tmp_path, qtbot):
    window = make_window()
    window.resize(760, 520)  # within the offscreen screen (800x600), or Qt clamps it
    window.precedents_dock.hide()
    qtbot.waitUntil(lambda: window.height() == 520)
    remembered = window.size().toTuple()  # the width may not go below the panes' minimum
    project = tmp_path / "a.copdraft"
    window.new_revision()
    window.dialogs.save_to = str(project)
    assert window.save()
    window.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("recent") in ([str(project)], str(project))

    again = make_window()
    assert again.size().toTuple() == remembered
    assert not again.precedents_dock.isVisible()
    assert again.recent_files() == [str(project)]
    recent = again.recent_menu.actions()[0]
    recent.trigger()
    assert again.doc.path == project


def test_readable_at_1366x768(make_window, qtbot):
    window = make_window()
    window.new_revision()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1366, 768))
    qtbot.wait(50)
    qtbot.keyClick(window.outline, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panes = (window.outline, window.editor.clause_page.text, window.precedents.list, window.checks.list)

    def readable() -> bool:
        return all(w.isVisible() and w.width() >= 250 and w.height() >= 90 for w in panes)

    qtbot.waitUntil(readable, timeout=3000)
    assert window.editor.clause_page.text.width() > window.outline.width()


def test_import_texts_then_start_a_revision_of_one(make_window, tmp_path, seed_path, qtbot):
    window = make_window()
    mine = tmp_path / "res67-dubai-amended.txt"  # a text of the delegate's own, not one of the bundled
    mine.write_text(seed_path("002").read_text(encoding="utf-8").replace("(Rev. Dubai, 2014)", "(Rev. Dubai, 2015)"),
                    encoding="utf-8")
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list: milk, bread\n", encoding="utf-8")
    window.dialogs.open_paths = [str(mine), str(junk)]
    window.import_dialog()
    qtbot.waitUntil(lambda: window.import_controller.last_result is not None, timeout=20_000)
    result = window.import_controller.last_result
    assert [Path(f.file).name for f in result.failed] == ["notes.txt"]
    imported = window.library.imported()
    assert len(imported) == 1 and imported[0].place == "Dubai" and imported[0].year == 2015
    window.import_controller.last_result = None
    window.import_paths([mine])  # the same file twice is one text
    qtbot.waitUntil(lambda: window.import_controller.last_result is not None, timeout=20_000)
    assert len(window.library.imported()) == 1

    dialog = NewRevisionDialog(window.library, window)
    dialog.filter.setText("dubai")
    assert dialog.count() == 2  # the bundled Dubai text and the imported one
    assert all("Dubai" in dialog.table.row_text(r) for r in range(dialog.count()))
    window.dialogs.pick = imported[0].id
    window.new_revision_dialog()
    assert window.doc.draft.base_source == imported[0].id
    assert set(window.doc.draft.statuses().values()) == {ClauseStatus.NOC}


def test_smoke_test_flag_starts_and_quits_cleanly(tmp_path):
    """What installers and `make package-test` run: the real main(), the sample shown, exit status 0."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "d"),
               XDG_CONFIG_HOME=str(tmp_path / "c"), HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "cop_drafter.gui.app", "--smoke-test"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "smoke test ok: window shown, 54 clauses" in proc.stdout
    assert "Traceback" not in proc.stderr
