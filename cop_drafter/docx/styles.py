"""The ITU house styles, defined in every document we write, with the figures of docs/ITU-STYLE.md.

Names and style ids are the ITU ones (`Res_No`/ResNo, `Call`, `enumlev1`, ...) and the values follow the
ITU-R format template, so a secretariat's template can take the document over by style name. All
measures are twips (20 per point, 567 per cm); font sizes are half-points as in WordprocessingML.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

FONT = "Times New Roman"
BASE_SIZE = 24  # half-points: 12 pt

# Page: A4, margins about 2.5 cm top/bottom and 2 cm left/right.
PAGE_WIDTH, PAGE_HEIGHT = 11907, 16834
MARGIN_TOP = MARGIN_BOTTOM = 1418
MARGIN_LEFT = MARGIN_RIGHT = 1134
HEADER_DISTANCE = FOOTER_DISTANCE = 720

# Clause layout: label, tab, text with a hanging indent.
TAB_STOPS = (794, 1191, 1588, 1985)
CLAUSE_INDENT = 794
SUBCLAUSE_INDENT = (794, 794)  # enumlev1: left, hanging
SUBSUBCLAUSE_INDENT = (1191, 397)  # enumlev2

# Style ids used by the writers (and recognised by the reader).
NORMAL = "Normal"
RES_NO = "ResNo"
RES_TITLE = "Restitle"
RES_REF = "Resref"
AFTER_TITLE = "Normalaftertitle"
CALL = "Call"
ENUMLEV1 = "enumlev1"
ENUMLEV2 = "enumlev2"
ENUMLEV3 = "enumlev3"
FOOTNOTE_TEXT = "FootnoteText"
FOOTNOTE_REF = "FootnoteReference"
SOURCE = "Source"
TITLE1 = "Title1"
TITLE2 = "Title2"
PROPOSAL = "Proposal"
REASONS = "Reasons"
HEADER = "Header"
NOTE = "Note"
HEADING_B = "Headingb"


@dataclass(frozen=True)
class StyleSpec:
    """One style as Word stores it; unset fields are inherited from `based_on`."""

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str = "Normal"
    next_style: str = ""
    size: int | None = None  # half-points
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    position: int | None = None  # raised text, half-points (footnote reference)
    align: str = ""  # left / center / right / both
    before: int | None = None
    after: int | None = None
    left: int | None = None
    hanging: int | None = None
    first_line: int | None = None
    keep_next: bool = False
    keep_lines: bool = False
    tabs: tuple[int, ...] = ()
    clear_tabs: bool = False
    custom: bool = True
    base_font: bool = False  # carries the document font, size and language (Normal)

    def xml(self) -> str:
        ppr: list[str] = []
        if self.keep_next:
            ppr.append("<w:keepNext/>")
        if self.keep_lines:
            ppr.append("<w:keepLines/>")
        tabs = [f'<w:tab w:val="clear" w:pos="{p}"/>' for p in (TAB_STOPS if self.clear_tabs else ())]
        tabs += [f'<w:tab w:val="left" w:pos="{p}"/>' for p in self.tabs]
        if tabs:
            ppr.append(f"<w:tabs>{''.join(tabs)}</w:tabs>")
        spacing = {k: v for k, v in (("before", self.before), ("after", self.after)) if v is not None}
        if spacing:
            ppr.append("<w:spacing " + " ".join(f'w:{k}="{v}"' for k, v in spacing.items()) + "/>")
        ind = {k: v for k, v in (("left", self.left), ("hanging", self.hanging), ("firstLine", self.first_line))
               if v is not None}
        if ind:
            ppr.append("<w:ind " + " ".join(f'w:{k}="{v}"' for k, v in ind.items()) + "/>")
        if self.align:
            ppr.append(f'<w:jc w:val="{self.align}"/>')
        rpr: list[str] = [_BASE_RPR] if self.base_font else []
        for tag, value in (("b", self.bold), ("i", self.italic), ("caps", self.caps)):
            if value is not None:
                rpr.append(f"<w:{tag}/>" if value else f'<w:{tag} w:val="0"/>')
                if tag in ("b", "i"):
                    rpr.append(f"<w:{tag}Cs/>" if value else f'<w:{tag}Cs w:val="0"/>')
        if self.position is not None:
            rpr.append(f'<w:position w:val="{self.position}"/>')
        if self.size is not None:
            rpr.append(f'<w:sz w:val="{self.size}"/><w:szCs w:val="{self.size}"/>')
        parts = [f'<w:name w:val="{self.name}"/>']
        if self.based_on and self.style_id != "Normal":
            parts.append(f'<w:basedOn w:val="{self.based_on}"/>')
        if self.next_style:
            parts.append(f'<w:next w:val="{self.next_style}"/>')
        parts.append("<w:qFormat/>")
        if self.kind == "paragraph" and ppr:
            parts.append(f"<w:pPr>{''.join(ppr)}</w:pPr>")
        if rpr:
            parts.append(f"<w:rPr>{''.join(rpr)}</w:rPr>")
        custom = ' w:customStyle="1"' if self.custom else ""
        default = ' w:default="1"' if self.style_id == "Normal" else ""
        return (f'<w:style {nsdecls("w")} w:type="{self.kind}"{default}{custom} w:styleId="{self.style_id}">'
                f"{''.join(parts)}</w:style>")


_BASE_RPR = (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
             f'<w:sz w:val="{BASE_SIZE}"/><w:szCs w:val="{BASE_SIZE}"/><w:lang w:val="en-GB"/>')

STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", "Normal", based_on="", before=120, tabs=TAB_STOPS, custom=False, base_font=True),
    # As ITU publishes it (WTSA Res. 1): Rec_No's 14 pt, keep options and no space before, centred, caps, not bold.
    StyleSpec(RES_NO, "Res_No", next_style=RES_TITLE, size=28, bold=False, caps=True, align="center",
              before=0, keep_next=True, keep_lines=True, clear_tabs=True),
    StyleSpec(RES_TITLE, "Res_title", next_style=AFTER_TITLE, size=28, bold=True, align="center", before=360,
              keep_next=True, keep_lines=True),
    StyleSpec(AFTER_TITLE, "Normal_after_title", next_style="Normal", before=360),
    StyleSpec(CALL, "Call", next_style="Normal", italic=True, left=794, before=160, keep_next=True,
              keep_lines=True),
    StyleSpec(ENUMLEV1, "enumlev1", before=80, left=SUBCLAUSE_INDENT[0], hanging=SUBCLAUSE_INDENT[1]),
    StyleSpec(ENUMLEV2, "enumlev2", based_on=ENUMLEV1, left=SUBSUBCLAUSE_INDENT[0],
              hanging=SUBSUBCLAUSE_INDENT[1]),
    StyleSpec(ENUMLEV3, "enumlev3", based_on=ENUMLEV2, left=1588),
    StyleSpec(NOTE, "Note", before=80),
    StyleSpec(FOOTNOTE_TEXT, "footnote text", based_on=NOTE, keep_lines=True, tabs=(255,), left=255,
              hanging=255, custom=False),
    StyleSpec(FOOTNOTE_REF, "footnote reference", kind="character", based_on="DefaultParagraphFont", position=6,
              size=18, custom=False),
    StyleSpec(HEADER, "header", size=18, align="center", before=0, clear_tabs=True, custom=False),
    StyleSpec(SOURCE, "Source", next_style=AFTER_TITLE, size=28, bold=True, align="center", before=840,
              after=200),
    StyleSpec(TITLE1, "Title 1", based_on=SOURCE, next_style="Normal", bold=False, caps=True, before=240,
              after=0, clear_tabs=True, tabs=(567, 1134, 1701, 2268, 2835)),
    StyleSpec(HEADING_B, "Heading_b", next_style="Normal", bold=True, before=160, keep_next=True),
    StyleSpec(PROPOSAL, "Proposal", next_style=RES_NO, bold=True, before=240, keep_next=True,
              keep_lines=True, tabs=(1134,), clear_tabs=True),
    StyleSpec(REASONS, "Reasons", before=0, clear_tabs=True),
)

STYLE_NAMES: dict[str, str] = {spec.style_id: spec.name for spec in STYLES}


def install_styles(document) -> None:
    """Define (or redefine) every ITU style in the document and make Times New Roman 12 the default."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(0, parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_BASE_RPR}</w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
        "</w:pPrDefault></w:docDefaults>"
    ))
    # Only our styles (plus Word's two built-in defaults they rest on): python-docx's template brings
    # ~160 others (table styles, Heading 1-9 in theme fonts) that would fight a secretariat's template.
    keep = {"DefaultParagraphFont", "TableNormal"}
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:styleId")) not in keep:
            styles.remove(old)
    for spec in STYLES:
        styles.append(parse_xml(spec.xml()))
