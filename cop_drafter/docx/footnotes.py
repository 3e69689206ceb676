"""Real Word footnotes: the `word/footnotes.xml` part, its relationship and content type, and the
`w:footnoteReference` runs in the text.

python-docx has no footnote API, so this module is the one place that knows the part's shape. Word
needs the two separator footnotes (ids -1 and 0) and the `w:footnotePr` entries in settings.xml.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from cop_drafter.docx import styles
from cop_drafter.docx.ooxml import RunFormat, element, make_run
from cop_drafter.docx.revisions import Mark, Revisions

_EMPTY_PART = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:before="0"/></w:pPr>'
    "<w:r><w:t>____________________</w:t></w:r></w:p></w:footnote>"  # as in ITU's files
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:before="0"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)

_REF = RunFormat(style=styles.FOOTNOTE_REF)


class Footnotes:
    """Adds footnotes to one document; `reference(text)` returns the run to place in the body."""

    def __init__(self, document) -> None:
        self._document = document
        self._part: XmlPart | None = None
        self._next_id = 1

    def _footnotes_part(self) -> XmlPart:
        if self._part is None:
            doc_part = self._document.part
            self._part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_EMPTY_PART),
                                 doc_part.package)
            doc_part.relate_to(self._part, RT.FOOTNOTES)
            self._declare_separators()
        return self._part

    def _declare_separators(self) -> None:
        settings = self._document.settings.element
        if settings.find(qn("w:footnotePr")) is not None:
            return
        pr = OxmlElement("w:footnotePr")
        pr.append(element("w:footnote", id="-1"))
        pr.append(element("w:footnote", id="0"))
        # footnotePr comes after the proofing/tab settings; before compat is a valid spot Word accepts.
        anchor = next((settings.find(qn(t)) for t in ("w:endnotePr", "w:compat", "w:rsids", "w:themeFontLang",
                                                       "w:clrSchemeMapping", "w:decimalSymbol")
                       if settings.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(pr)
        else:
            settings.append(pr)

    def reference(self, text: str, mark: Mark = "equal", revisions: Revisions | None = None) -> OxmlElement:
        """Create a footnote holding `text`; return the reference run for the body.

        In a proposal, a footnote whose reference is inserted or deleted has its own text revised the same
        way, so accepting or rejecting all changes leaves no orphan footnote text.
        """
        part = self._footnotes_part()
        note_id = str(self._next_id)
        self._next_id += 1
        note = element("w:footnote", id=note_id)
        para = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(element("w:pStyle", val=styles.FOOTNOTE_TEXT))
        para.append(ppr)
        mark_run = make_run("", _REF)
        mark_run.append(OxmlElement("w:footnoteRef"))
        runs = [mark_run, make_run("\t" + text, deleted=mark == "delete")]
        if revisions is not None:
            runs = revisions.wrap(mark, runs)
            revisions.mark_ppr(ppr, mark)
        for run in runs:
            para.append(run)
        note.append(para)
        part.element.append(note)
        ref = make_run("", _REF)
        ref.append(element("w:footnoteReference", id=note_id))
        return ref

    @property
    def count(self) -> int:
        return self._next_id - 1
