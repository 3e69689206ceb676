"""A blank ITU-style document: the styles, A4 page and margins, and the page header from page 2."""

from __future__ import annotations

from datetime import UTC, datetime

import docx
from docx.oxml import OxmlElement
from docx.shared import Twips

from cop_drafter.docx import styles
from cop_drafter.docx.ooxml import element, make_run


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
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.revision = 1
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    return document


def _drop_template_leftovers(document) -> None:
    """python-docx's template carries a preview picture of another document (file browsers would show it)
    and a Word 2010 copy of its own Calibri styles that would contradict ours; unreferenced parts are not saved."""
    for rels, suffix in ((document.part.package.rels, "/metadata/thumbnail"),
                         (document.part.rels, "/stylesWithEffects")):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(suffix):
                del rels[rel_id]
