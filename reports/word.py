"""The report as a Word document, in the presentation of Decree
30/2020/NĐ-CP: A4, Times New Roman, margins 2/2/3/2 cm, the issuing body
and the national motto side by side, page numbers at the top centre from
the second page, recipients and signature at the end.

Headings use Word's Heading styles (restyled), so Word's navigation pane
lists the sections; tables repeat their header row on every page.
"""

from __future__ import annotations

import io
import struct

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from reports.model import Chart, Figure, Letterhead, Report, Section, Table, cell_text

FONT = "Times New Roman"
TEXT_WIDTH = 16.0  # cm: 21 - 3 (left) - 2 (right)
BODY_PT, TABLE_PT = 13, 11
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADER_FILL = "D9D9D9"
SIGNATURE_LINES = 4  # room to sign, above the name
LANGUAGE = "vi-VN"


def to_docx(report: Report) -> bytes:
    doc = Document()
    setup(doc, report.head)
    letterhead(doc, report.head)
    for text in report.intro:
        body(doc, text)
    for section in report.sections:
        write_section(doc, section)
    closing(doc, report.head)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def setup(doc: DocumentType, head: Letterhead) -> None:
    """A4 with the decree's margins, fonts and page numbers; the title in
    the file's properties."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.different_first_page_header_footer = True
    page_number(section.header.paragraphs[0])
    for name, size, bold, italic in (
        ("Normal", BODY_PT, False, False),
        ("Heading 1", BODY_PT, True, False),
        ("Heading 2", BODY_PT, True, False),
        ("Heading 3", BODY_PT, True, True),
    ):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold, style.font.italic = FONT, Pt(size), bold, italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        fonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(6), Pt(6)
    language(doc)
    doc.core_properties.title = f"{head.title} {' '.join(head.subject)}"
    doc.core_properties.author = " ".join(head.issuer).title()


def language(doc: DocumentType) -> None:
    """The document is Vietnamese (vi-VN) for the spelling checker and
    screen readers: the default run language and the core property."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    doc.core_properties.language = LANGUAGE


def page_number(paragraph: Paragraph) -> None:
    """A PAGE field, centred (the first page has none)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)


def run(paragraph: Paragraph, text: str, size: float = BODY_PT, bold: bool = False, italic: bool = False) -> None:
    r = paragraph.add_run(text)
    r.font.size, r.bold, r.italic = Pt(size), bold, italic


def line(container, text: str, size: float = BODY_PT, bold: bool = False, italic: bool = False, first: bool = False) -> Paragraph:
    """A centred line in a cell or the document (`first`: the cell's own
    empty paragraph, so a cell does not open with a blank line)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    run(paragraph, text, size, bold, italic)
    return paragraph


def rule(container, indent: float) -> Paragraph:
    """An empty line drawn with a short rule at its top (the bar under the
    body's name, the motto and the title): a top border narrowed by
    `indent` cm on each side."""
    paragraph = line(container, "")
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(indent)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def two_columns(doc: DocumentType, widths: tuple[float, float]) -> tuple[_Cell, _Cell]:
    """A borderless two-cell row, for the letterhead and the signature."""
    table = fixed_table(doc, 1, widths)
    left, right = table.rows[0].cells
    return left, right


def fixed_table(doc: DocumentType, rows: int, widths: tuple[float, ...], style: str | None = None) -> DocxTable:
    """A centred table whose columns keep `widths` (cm): Word reads the
    cells' widths, LibreOffice the grid's, so both are set."""
    table = doc.add_table(rows=rows, cols=len(widths), style=style)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
    return table


def letterhead(doc: DocumentType, head: Letterhead) -> None:
    left, right = two_columns(doc, (6.0, 10.0))
    for i, text in enumerate(head.issuer):
        line(left, text, bold=True, first=i == 0)
    rule(left, 2.0)
    line(left, head.number)
    line(right, NATIONAL_NAME, size=12, bold=True, first=True)
    line(right, MOTTO, bold=True)
    rule(right, 1.9)
    line(right, head.place_date, italic=True)
    title = line(doc, head.title, size=14, bold=True)
    title.paragraph_format.space_before = Pt(18)
    for text in head.subject:
        line(doc, text, size=14, bold=True)
    rule(doc, 6.5)


def body(doc: DocumentType, text: str, style: str = "body") -> Paragraph:
    """A justified paragraph with a first-line indent; a bullet opens with
    '- ' as administrative text does; a note is in italics."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(6 if style == "note" else 0), Pt(6)
    run(paragraph, f"- {text}" if style == "bullet" else text, italic=style == "note")
    return paragraph


def write_section(doc: DocumentType, section: Section) -> None:
    doc.add_heading(section.heading, level=section.level)
    for block in section.blocks:
        if isinstance(block, Table):
            table(doc, block)
        elif isinstance(block, Chart):
            chart(doc, block)
        elif block.style == "subheading":  # one outline level below its section, so Word's navigation reads right
            doc.add_heading(block.text, level=section.level + 1)
        else:
            body(doc, block.text, block.style)


def caption(doc: DocumentType, text: str, before: bool) -> None:
    """A table's title (kept with the table below) or a chart's caption."""
    paragraph = line(doc, text, size=12, bold=before, italic=True)
    paragraph.paragraph_format.keep_with_next = before
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(3 if before else 9)


def table(doc: DocumentType, block: Table) -> None:
    caption(doc, block.title, before=True)
    grid = fixed_table(doc, 1, tuple(c.width for c in block.columns), "Table Grid")
    header = grid.rows[0]
    row_options(header, repeat=True)
    for cell, column in zip(header.cells, block.columns):
        table_cell(cell, column.title, column.width, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(cell, HEADER_FILL)
    for values in block.rows:
        row = grid.add_row()
        row_options(row)
        for cell, column, value in zip(row.cells, block.columns, values):
            align = WD_ALIGN_PARAGRAPH.RIGHT if isinstance(value, Figure) else WD_ALIGN_PARAGRAPH.LEFT
            table_cell(cell, cell_text(value), column.width, align=align)


def table_cell(cell: _Cell, text: str, width: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    cell.width = Cm(width)
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
    run(paragraph, text, TABLE_PT, bold)


def row_options(row, repeat: bool = False) -> None:
    """Rows never split across pages; the header row repeats on each page."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", *(("w:tblHeader",) if repeat else ())):
        properties.append(OxmlElement(tag))


def shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().append(shading)


def chart(doc: DocumentType, block: Chart) -> None:
    """The PNG at its natural size (96 dpi, rendered at scale 2), no wider
    than the text, centred, its caption below."""
    doc.add_picture(io.BytesIO(block.png), width=Cm(min(TEXT_WIDTH, png_width(block.png) / 2 / 96 * 2.54)))
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    caption(doc, block.title, before=False)


def png_width(png: bytes) -> int:
    """Pixel width from the PNG's IHDR chunk."""
    return struct.unpack(">I", png[16:20])[0]


def closing(doc: DocumentType, head: Letterhead) -> None:
    """'Nơi nhận:' on the left, the signature block on the right."""
    doc.add_paragraph()
    left, right = two_columns(doc, (8.0, 8.0))
    where = left.paragraphs[0]
    run(where, "Nơi nhận:", 12, bold=True, italic=True)
    for i, name in enumerate(head.recipients):
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        run(paragraph, f"- {name}{'.' if i == len(head.recipients) - 1 else ';'}", TABLE_PT)
    for i, text in enumerate(head.signer):
        line(right, text, bold=True, first=i == 0)
    for _ in range(SIGNATURE_LINES):
        line(right, "")
    line(right, head.signer_name, bold=True)
