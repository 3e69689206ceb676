"""Run by the system python3 (which has LibreOffice's `uno`): open each .docx in a headless LibreOffice, apply
LibreOffice's own Accept All or Reject All tracked changes, and print the body paragraphs and footnotes as JSON.

    python3 docx_lo_uno.py PROFILE_DIR accept|reject FILE.docx [FILE.docx ...]

Independent of our writer and of our reader: it is LibreOffice's model of the file after its own command.
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


def _paragraphs(doc):
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
            out.append("".join(text))
    return out


def main():
    profile, mode, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    office, context = _connect(profile)
    try:
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        helper = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
        result = {}
        for path in files:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                               (_prop("Hidden", True),))
            helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
            notes = doc.getFootnotes()
            result[path] = {
                "paragraphs": _paragraphs(doc),
                "footnotes": [notes.getByIndex(i).getString() for i in range(notes.getCount())],
                "redlines": doc.getRedlines().getCount() if hasattr(doc, "getRedlines") else -1,
            }
            doc.close(True)
        print(json.dumps(result))
    finally:
        with contextlib.suppress(Exception):  # already gone
            desktop.terminate()
        office.wait(timeout=60)


if __name__ == "__main__":
    main()
