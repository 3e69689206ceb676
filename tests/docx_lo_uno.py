"""Run by the system python3 (which has LibreOffice's `uno`): open each .docx in a headless LibreOffice, apply
LibreOffice's own Accept All or Reject All tracked changes, and print the body paragraphs and footnotes as JSON.

    python3 docx_lo_uno.py PROFILE_DIR accept|reject FILE.docx [FILE.docx ...]
    python3 docx_lo_uno.py PROFILE_DIR accept-author NAME[,NAME ...] FILE.docx [FILE.docx ...]

Independent of our writer and of our reader: it is LibreOffice's model of the file after its own command.
`accept-author` opens each file once per NAME and, one tracked change at a time, selects exactly that change and
dispatches LibreOffice's Accept (the change's author is NAME) or Reject (any other author) tracked change; the JSON
is then keyed by file, then by NAME.
"""

import contextlib
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(profile):
    pipe = f"copdrafter{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
         "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, context
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.25)
    office.kill()
    raise SystemExit("LibreOffice did not start")


def _paragraphs(doc, styles=False):
    out = []
    enum = doc.Text.createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.Paragraph"):
            portions = part.createEnumeration()
            text = []
            while portions.hasMoreElements():
                portion = portions.nextElement()
                if portion.TextPortionType != "Footnote":  # the anchor's number is not text of the clause
                    text.append(portion.getString())
            out.append([part.ParaStyleName, "".join(text)] if styles else "".join(text))
    return out


def _redlines(doc):
    out = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        out.append(enum.nextElement())
    return out


def _describe(redline):
    return (f"{redline.RedlineType} by {redline.RedlineAuthor} "
            f"[{redline.RedlineIdentifier}]: {redline.RedlineStart.getString()[:60]!r}")


def _accept_author(doc, helper, author):
    """Accept `author`'s tracked changes and reject everyone else's, one change at a time, through the UI commands
    on a selection of exactly that change's range. Fails loudly on a change that does not go away."""
    controller = doc.getCurrentController()
    frame = controller.getFrame()
    limit = 4 * len(_redlines(doc)) + 10  # a change may split in two: still bounded
    for _ in range(limit):
        redlines = _redlines(doc)
        if not redlines:
            return
        redline = redlines[0]
        start = redline.RedlineStart
        cursor = start.getText().createTextCursorByRange(start)
        cursor.gotoRange(redline.RedlineEnd, True)
        controller.select(cursor)
        command = ".uno:AcceptTrackedChange" if redline.RedlineAuthor == author else ".uno:RejectTrackedChange"
        target = redline.RedlineIdentifier
        helper.executeDispatch(frame, command, "", 0, ())
        if any(r.RedlineIdentifier == target for r in _redlines(doc)):
            raise SystemExit(f"{command} left the tracked change {_describe(redline)}")
    raise SystemExit(f"tracked changes left after {limit} accepts or rejects: {len(_redlines(doc))}")


def _view(doc):
    notes = doc.getFootnotes()
    return {
        "paragraphs": _paragraphs(doc),
        "styled": _paragraphs(doc, styles=True),
        "footnotes": [notes.getByIndex(i).getString() for i in range(notes.getCount())],
        "redlines": doc.getRedlines().getCount() if hasattr(doc, "getRedlines") else -1,
    }


def _load(desktop, path):
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                        (_prop("Hidden", True),))


def main():
    profile, mode, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    authors = []
    if mode == "accept-author":
        authors, files = files[0].split(","), files[1:]
    office, context = _connect(profile)
    try:
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        helper = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
        result = {}
        for path in files:
            if authors:
                result[path] = {}
                for author in authors:
                    doc = _load(desktop, path)
                    _accept_author(doc, helper, author)
                    result[path][author] = _view(doc)
                    doc.close(True)
                continue
            doc = _load(desktop, path)
            helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
            result[path] = _view(doc)
            doc.close(True)
        print(json.dumps(result))
    finally:
        with contextlib.suppress(Exception):  # already gone
            desktop.terminate()
        office.wait(timeout=60)


if __name__ == "__main__":
    main()
