"""A blank ITU-style document: the styles, A4 page and margins, and the page header from page 2."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import docx
from docx.oxml import OxmlElement
from docx.shared import Twips
from lxml import etree

from cop_drafter import __version__
from cop_drafter.docx import styles
from cop_drafter.docx.ooxml import element, make_run

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _page_number_field() -> OxmlElement:
    field = element("w:fldSimple", instr=" PAGE ")
    field.append(make_run("2"))
    return field


def new_document(reference: str, title: str = "") -> docx.document.Document:
    """An empty document with the house styles; pages after the first carry `- n -` and `reference`."""
    document = docx.Document()
    body = document.element.body
    for paragraph in list(body.iterchildren("{*}p")):
        body.remove(paragraph)
    styles.install_styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Twips(styles.PAGE_WIDTH), Twips(styles.PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(styles.MARGIN_TOP), Twips(styles.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(styles.MARGIN_LEFT), Twips(styles.MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Twips(styles.HEADER_DISTANCE), Twips(styles.FOOTER_DISTANCE)
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    first._p.style = styles.HEADER
    first._p.append(make_run("- "))
    first._p.append(_page_number_field())
    first._p.append(make_run(" -"))
    if reference:
        ref = header.add_paragraph()
        ref._p.style = styles.HEADER
        ref._p.append(make_run(reference))
    section.first_page_header.is_linked_to_previous = False  # an empty first-page header
    _drop_template_leftovers(document)
    props = document.core_properties
    props.author = "COP Drafter"
    props.last_modified_by = "COP Drafter"
    props.title = title[:250]
    props.comments = props.keywords = props.subject = ""
    props.revision = 1
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    core = document.part.package.core_properties._element  # no empty subject / keywords / category left over
    for child in list(core):
        if not (child.text or "").strip() and not len(child):
            core.remove(child)
    return document


_UNUSED_PARTS = ("/metadata/thumbnail", "/stylesWithEffects", "/customXml", "/numbering", "/webSettings")
_SETTINGS_KEPT = {"zoom", "defaultTabStop", "characterSpacingControl", "footnotePr", "compat", "decimalSymbol",
                  "listSeparator"}
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><Application>COP Drafter {version}</Application><DocSecurity>0</DocSecurity>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc></Properties>"
)

_FONT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:fonts xmlns:w="{_W}"><w:font w:name="{styles.FONT}"><w:panose1 w:val="02020603050405020304"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)


def _drop_template_leftovers(document) -> None:
    """python-docx builds on a template of its own: a preview picture of another document, a bibliography
    customXml part, a theme, an unused numbering part, Word 2010 style copies, settings naming its proofing
    state and editing sessions, and app.xml saying "Microsoft Macintosh Word". None of it is ours; a part no
    relationship points to is not saved."""
    for rels in (document.part.package.rels, document.part.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(_UNUSED_PARTS):
                del rels[rel_id]
    sect_pr = document.sections[0]._sectPr  # the template's editing-session ids
    for name in [n for n in sect_pr.attrib if etree.QName(n).localname.startswith("rsid")]:
        del sect_pr.attrib[name]
    settings = document.settings.element
    for child in list(settings):
        if etree.QName(child).localname not in _SETTINGS_KEPT or etree.QName(child).namespace != _W:
            settings.remove(child)
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = _APP_XML.format(version=__version__).encode()
        elif part.partname == "/word/fontTable.xml":  # Calibri, Cambria, MS Mincho, Courier, Arial: not ours
            part._blob = _FONT_TABLE.encode()
        elif part.partname.startswith("/word/theme/"):  # Word requires a theme: its fonts become ours
            part._blob = re.sub(rb'<a:latin typeface="[^"]*"', f'<a:latin typeface="{styles.FONT}"'.encode(),
                                part.blob)
