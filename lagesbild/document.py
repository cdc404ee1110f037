"""Documents for the board and kommunfullmäktige: the Trygghetsbokslut and the temagrupp's monthly brief,
as Word (editable) and PDF, from one content model.

A document is a list of blocks (headings, text, tables, charts, page breaks). `to_docx` writes it with
python-docx: Word's own headings, tables and page header, and each chart as a native Word chart (the
same DrawingML chart PowerPoint uses, made by lagesbild/pptx_charts.py, with its data in an embedded
workbook: *Redigera data* works), so the author can add the förbund's own text and restyle everything.
`to_pdf` lays the same blocks out with ReportLab's Platypus (flowing text, tables split over pages with
their header row repeated) and draws the charts as vector graphics (lagesbild/pdf_charts.py). Neither
needs a browser. Demo data says EXEMPELDATA in the header of every page.
"""
from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from lagesbild import bokslut as bk
from lagesbild import est, export, fmt, freshness, pdf_charts, pptx_charts, theme, views
from lagesbild.errors import LagesbildError
from lagesbild.figures import Chart
from lagesbild.i18n import t
from lagesbild.store import Store

SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1          # 0: the document's title


@dataclass(frozen=True)
class Text:
    text: str
    style: str = "body"     # body | lead | muted | bullet | strong


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame
    widths: tuple[float, ...] = ()   # relative column widths (default: equal)


@dataclass(frozen=True)
class Figure:
    chart: Chart


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Document:
    title: str
    blocks: list = field(default_factory=list)
    demo: bool = False
    lang: str = "sv"

    @property
    def mark(self) -> str:
        return export.DEMO_TEXT if self.demo else ""


def _plain(markdown: str) -> str:
    return markdown.replace("**", "")


# --- the Trygghetsbokslut ----------------------------------------------------------------------------

def bokslut_document(store: Store, kommuner: list[str], year: int, lang: str = "sv", today: date | None = None) -> Document:
    """Title "Trygghetsbokslut <år> – <kommun(er)>", a summary page with each målområde's verdict in words,
    one section per målområde (targets, figures, charts), the year's insatser and their effect, sources and
    definitions with retrieval dates, and how the figures are counted."""
    b = bk.trygghetsbokslut(store, kommuner, year, lang)
    today = today or date.today()
    blocks: list = [
        Heading(b.title(lang), 0),
        Text(b.programme_line(lang), "lead"),
        Text(t("doc_made", lang, date=fmt.long_date(today, lang)), "muted"),
        *_freshness(store, list(kommuner), today, lang, [m.indicator_id for s in b.sections for m in s.measures]),
        Heading(t("bokslut_summary", lang)),
        Table(bk.summary_table(store, b, lang), (1.0, 2.1, 2.1)),
    ]
    sentences = [s for section in b.sections for s in bk.change_sentences(store, section, b.main_geo, lang)]
    blocks += [Heading(t("doc_changes_heading", lang), 2)]
    blocks += [Text(s, "bullet") for s in sentences] or [Text(t("no_supported_changes", lang))]
    blocks.append(PageBreak())
    for section in b.sections:
        blocks += [Heading(section.title(lang)),
                   Text(f"{t('col_area_verdict', lang)}: {bk.area_verdict(store, section, b.main_geo, lang)}", "strong")]
        if section.targets:
            blocks.append(Heading(t("bokslut_targets_heading", lang), 2))
            for line in section.targets:
                blocks.append(Text(f"{line.status.target.title(lang)} – {line.geo_name}: {line.answer(lang)} {line.totals(lang)} "
                                   f"{line.definition}".strip(), "bullet"))
        blocks += [Heading(t("bokslut_figures_heading", lang), 2),
                   Table(bk.measures_table(b, section, lang), (1.6, 0.9, 1.0, 1.7, 1.7) if b.together else (1.7, 1.1, 1.9, 1.9))]
        for indicator_id in dict.fromkeys(m.indicator_id for m in section.measures):
            chart = bk.indicator_chart(store, list(kommuner), indicator_id, year, lang)
            if chart is not None:
                blocks.append(Figure(chart))
    blocks += [PageBreak(), Heading(t("bokslut_insatser", lang))]
    if len(b.insatser):
        blocks += [Text(t("doc_insatser_lead", lang, year=year)),
                   Table(bk.insatser_table(b, store, lang), (1.3, 1.0, 1.1, 1.0, 2.0, 2.4) if b.together
                         else (1.3, 1.1, 1.0, 2.1, 2.5))]
    else:
        blocks.append(Text(t("bokslut_no_insatser_year", lang, year=year)))
    blocks += [Heading(t("doc_sources_heading", lang))]
    for s in bk.sources(store, b, lang):
        when = f", {t('retrieved', lang, date=s['retrieved'])}" if s["retrieved"] else ""
        blocks += [Text(s["title"], "strong"), Text(s["definition"]), Text(f"{t('doc_source', lang)}: {s['source']}{when}.", "muted")]
    blocks += [Heading(t("how_we_count", lang), 2)]
    blocks += [Text(_plain(t(key, lang))) for key in ("method_bokslut", "method_targets", "method_surveys", "method_effects")]
    if b.demo:
        blocks.append(Text(t("doc_demo_note", lang), "muted"))
    return Document(b.title(lang), blocks, b.demo, lang)


def _freshness(store: Store, kommuner: list[str], today: date, lang: str, indicator_ids=(), **kinds) -> list:
    """How recent the document's sources are, the late ones in bold (lagesbild.freshness)."""
    out = []
    for summary, late in freshness.blocks(store, kommuner, today, lang, indicator_ids, **kinds):
        out += ([Text(summary, "muted")] if summary else []) + ([Text(late, "strong")] if late else [])
    return out


# --- the temagrupp's monthly brief ---------------------------------------------------------------------

def underlag_document(store: Store, kommun: str, month: pd.Timestamp, lang: str = "sv", today: date | None = None) -> Document:
    """Underlag för temagruppen: the month per area, insatser started or ended, effects now measurable,
    the survey per area."""
    bk.check_kommuner(store, [kommun])
    brief = est.monthly_brief(store, kommun, month, lang)
    months = fmt.MONTHS_EN if lang == "en" else fmt.MONTHS_SV
    title = t("underlag_title", lang, kommun=brief.name, month=f"{months[brief.month.month - 1]} {brief.month.year}")
    today = today or date.today()
    blocks: list = [Heading(title, 0), Text(t("underlag_lead", lang), "lead"),
                    Text(t("doc_made", lang, date=fmt.long_date(today, lang)), "muted"),
                    *_freshness(store, [kommun], today, lang, [views.LOCAL_SURVEY], months=True, areas=True),
                    *(Text(line, "strong") for line in brief.missing)]
    if len(brief.crime):
        blocks += [Heading(t("underlag_crime", lang)), Table(brief.crime, (1.2, 0.8, 0.8, 3.2))]
    blocks.append(Heading(t("underlag_areas", lang)))
    blocks += ([Table(brief.areas, (1.2, 0.8, 0.8, 3.2)), Text(est.area_source(store, kommun, lang, brief.month,
                                                                                 survey=False), "muted")]
               if len(brief.areas) else [Text(t("underlag_no_incidents", lang, kommun=brief.name))])
    blocks.append(Heading(t("underlag_started", lang)))
    blocks.append(Table(brief.started_ended, (2, 1.2, 1.5)) if len(brief.started_ended)
                  else Text(t("underlag_none_started", lang)))
    blocks.append(Heading(t("underlag_measurable", lang)))
    if len(brief.measurable):
        blocks += [Text(t("underlag_measurable_lead", lang)), Table(brief.measurable, (1.3, 0.9, 2.3, 2.5))]
    else:
        blocks.append(Text(t("underlag_none_measurable", lang)))
    blocks.append(Heading(t("underlag_survey", lang)))
    blocks.append(Table(brief.survey, (1.2, 0.9, 1.6, 2.6)) if len(brief.survey) else Text(t("underlag_no_survey", lang)))
    blocks += [Heading(t("how_we_count", lang), 2), Text(_plain(t("method_changes", lang))),
               Text(_plain(t("method_effects", lang)))]
    if store.is_demo:
        blocks.append(Text(t("doc_demo_note", lang), "muted"))
    return Document(title, blocks, store.is_demo, lang)


# --- the lägesbild the law asks for (issue 25) ----------------------------------------------------------

def rapport_document(store: Store, kommun: str, year: int, lang: str = "sv", today: date | None = None,
                     group: str | None = None) -> Document:
    """Lägesbild <år> – <kommun>: kartläggning, konsekvenser, annan relevant information, analys, åtgärdsplan and
    uppföljning (lagesbild/rapport.py), each missing part named where it would stand."""
    from lagesbild import rapport as rp

    r = rp.rapport(store, kommun, year, lang, group)
    today = today or date.today()
    title = t("rapport_title", lang, year=year, kommun=r.name)
    blocks: list = [Heading(title, 0), Text(t("rapport_lead", lang), "lead"),
                    Text(t("doc_made", lang, date=fmt.long_date(today, lang)), "muted"),
                    *_freshness(store, [kommun], today, lang, [views.CRIME, views.INSECURITY], months=True, areas=True)]
    if r.missing:
        blocks += [Heading(t("rapport_missing_heading", lang), 2), *(Text(m, "bullet") for m in r.missing)]
    blocks += [Heading(t("rapport_kartlaggning", lang)), Heading(t("rapport_crime_heading", lang), 2)]
    if len(r.crime):
        blocks += [Text(t("rapport_crime_lead", lang)), Table(r.crime, (1.3, 1.2, 1.1, 1.4, 1.1, 2.0)),
                   Text(r.crime_source, "muted")]
        chart = bk.indicator_chart(store, [kommun], views.CRIME, year, lang)
        if chart is not None:
            blocks.append(Figure(chart))
    else:
        blocks.append(Text(t("rapport_no_crime", lang, kommun=r.name), "strong"))
    blocks.append(Heading(t("rapport_where_heading", lang), 2))
    blocks += ([Table(r.areas, (1.2, 1.0, 0.8, 1.2, 2.2)), Text(r.areas_source, "muted")] if len(r.areas)
               else [Text(t("rapport_no_areas", lang, kommun=r.name), "strong")])
    blocks.append(Heading(t("rapport_when_heading", lang), 2))
    blocks += ([Text(r.months), Text(r.months_source, "muted")] if r.months
               else [Text(t("rapport_no_months", lang), "strong")])
    blocks += [Heading(t("rapport_felt_heading", lang), 2), Text(r.survey_note, "strong")]
    blocks += ([Table(r.felt, (2.4, 0.8, 1.0, 1.2)), Text(r.felt_source, "muted")] if len(r.felt)
               else [Text(t("rapport_no_felt", lang, kommun=r.name))])
    blocks += [Heading(t("rapport_konsekvenser", lang)), *(Text(c, "bullet") for c in r.consequences)]
    blocks += [Heading(t("rapport_annat", lang)), Heading(t("rapport_other_heading", lang), 2)]
    blocks += ([Table(r.other, (2.0, 1.3, 0.9, 2.2, 1.4)), Text(r.other_source, "muted")] if len(r.other)
               else [Text(t("rapport_no_other", lang, kommun=r.name), "strong")])
    blocks += [Heading(t("rapport_incidents_heading", lang), 2), Text(r.incidents_note)]
    if r.areas_source:
        blocks.append(Text(r.areas_source, "muted"))
    blocks += [PageBreak(), Heading(t("rapport_analys", lang)), Text(t("rapport_analys_lead", lang))]
    if not r.problems:
        blocks.append(Text(t("rapport_no_problems", lang), "strong"))
    for n, p in enumerate(r.problems, start=1):
        blocks += [Heading(t("rapport_problem_heading", lang, n=n, title=p.title, points=p.points), 2),
                   Text(t("rapport_signs", lang, signs=views.and_list(list(p.signs), lang)))]
        if p.evidence:
            blocks.append(Text(t("rapport_evidence", lang, lines="; ".join(p.evidence))))
        blocks += [Text(p.uncertainty), Text(p.source, "muted")]
    blocks += [PageBreak(), Heading(t("rapport_atgarder", lang))]
    if not r.measures:
        blocks.append(Text(t("rapport_no_insatser", lang, kommun=r.name), "strong"))
    if r.problems:
        blocks += [Text(t("rapport_atgarder_lead", lang)), Table(rp.plan_table(r, lang), (1.2, 1.4, 1.1, 1.8, 2.5))]
        flagged = rp.unaddressed(r)
        blocks.append(Text(t("rapport_flagged", lang, n=len(flagged), of=len(r.problems),
                             problems=views.and_list([p.title for p in flagged], lang)) if flagged
                           else t("rapport_all_addressed", lang), "strong"))
    if r.unlinked:
        blocks.append(Text(t("rapport_unlinked", lang, names=views.and_list([m.name for m in r.unlinked], lang))))
    blocks += [Heading(t("rapport_uppfoljning", lang)), Heading(t("rapport_followup_insatser", lang, year=year - 1), 2)]
    blocks += ([Text(f"{m.name} ({m.area}, {m.period}): {m.effect}", "bullet") for m in r.followup]
               or [Text(t("rapport_no_followup", lang, year=year - 1))])
    blocks += [Heading(t("rapport_followup_targets", lang), 2)]
    blocks += [Text(line, "bullet") for line in r.targets] or [Text(t("rapport_no_targets", lang))]
    blocks += [Heading(t("how_we_count", lang), 2)]
    blocks += [Text(_plain(t(key, lang))) for key in ("method_rapport", "method_changes", "method_effects")]
    if r.demo:
        blocks.append(Text(t("doc_demo_note", lang), "muted"))
    return Document(title, blocks, r.demo, lang)


def summary_document(store: Store, kommun: str, year: int, lang: str = "sv") -> Document:
    """The one-page public summary of the lägesbild: plain words, no tables."""
    from lagesbild import rapport as rp

    r = rp.rapport(store, kommun, year, lang)
    title = t("rapport_summary_title", lang, kommun=r.name, year=year)
    return Document(title, [Heading(title, 0), *(Text(s) for s in rp.summary_lines(r, lang))], r.demo, lang)


def to_html(doc: Document) -> str:
    """A block list as a small accessible web page (lang, one h1, headings in order, EXEMPELDATA at the top)."""
    parts = [f'<!doctype html><html lang="{doc.lang}"><head><meta charset="utf-8">'
             f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(doc.title)}</title>'
             '<style>body{font-family:Arial,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5;'
             'color:#1a1a1a}.demo{color:#b00020;font-weight:bold}</style></head><body>']
    if doc.demo:
        parts.append(f'<p class="demo">{escape(doc.mark)}</p>')
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = 1 if block.level == 0 else block.level + 1
            parts.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Text):
            parts.append(f"<p>{escape(block.text)}</p>")
    return "".join(parts) + "</body></html>"


# --- Word ---------------------------------------------------------------------------------------------

CHART_WIDTH_CM, CHART_HEIGHT_CM = 16.5, 7.5
CHART_TEXT_PT = 9   # a chart on an A4 page: its text as the tables' (the deck's charts have 18 pt)


def _docx_chart(document, chart: Chart, number: int, scratch) -> None:
    """The chart as a native Word chart: drawn by pptx_charts on a scratch slide, its chart part (and the
    workbook with its data) moved into the Word package and placed inline."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.shared import Cm
    from lxml import etree

    width, height = Cm(CHART_WIDTH_CM), Cm(CHART_HEIGHT_CM)
    slide = scratch.slides.add_slide(scratch.slide_layouts[6])
    frame = pptx_charts.add_figure(slide.shapes, chart.figure, 0, 0, width, height, alt_text=chart.alt_text,
                                   name=chart.title, font="Arial")
    chart_part = frame.chart_part
    space = copy.deepcopy(chart_part._element)
    for element in space.iter():  # the deck's 18 pt is too large on paper
        if element.get("sz") and element.tag.endswith(("}defRPr", "}rPr")):
            element.set("sz", str(CHART_TEXT_PT * 100))
    package = document.part.package
    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CT.DML_CHART, b"", package)
    workbook = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{number}.xlsx"), CT.SML_SHEET,
                    chart_part.chart_workbook.xlsx_part.blob, package)
    r_id = part.relate_to(workbook, RT.PACKAGE)
    namespaces = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
                  "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    for external in space.findall("c:externalData", namespaces):
        external.set(f"{{{namespaces['r']}}}id", r_id)
    part._blob = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
    chart_id = document.part.relate_to(part, RT.CHART)
    run = document.add_paragraph().add_run()
    run._r.append(parse_xml(
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{1000 + number}" name="{escape(chart.title, {chr(34): "&quot;"})}" '
        f'descr="{escape(chart.alt_text, {chr(34): "&quot;"})}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{chart_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'))


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word fills in when it shows the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _docx_table(document, table: Table, width_cm: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    frame = table.frame
    widths = table.widths or (1.0,) * len(frame.columns)
    cm = [width_cm * w / sum(widths) for w in widths]
    out = document.add_table(rows=1, cols=len(frame.columns))
    out.style = "Table Grid"
    out.autofit = False
    header = out.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    for cell, name, w in zip(header.cells, frame.columns, cm):
        cell.width = Cm(w)
        run = cell.paragraphs[0].add_run(str(name))
        run.bold, run.font.size = True, Pt(8.5)
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "E8F1F8")
        cell._tc.get_or_add_tcPr().append(shade)
    for values in frame.itertuples(index=False):
        cells = out.add_row().cells
        for cell, value, w in zip(cells, values, cm):
            cell.width = Cm(w)
            cell.paragraphs[0].add_run("" if value is None else fmt.keep_together(str(value))).font.size = Pt(8.5)


def to_docx(doc: Document) -> bytes:
    """The document as an editable Word file (A4, Arial; EXEMPELDATA in the header of every page)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor
    from pptx import Presentation

    d = docx.Document()
    d.core_properties.title = doc.title
    d.core_properties.language = "sv-SE" if doc.lang == "sv" else "en-GB"
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    for name in ("Title", "Heading 1", "Heading 2"):
        d.styles[name].font.name = "Arial"
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    width_cm = 17.0
    head = section.header.paragraphs[0]
    head.text = ""
    if doc.demo:
        mark = head.add_run(doc.mark + "  ")
        mark.bold, mark.font.color.rgb = True, RGBColor.from_string(theme.DEMO_RED.lstrip("#"))
    head.add_run(doc.title).font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(t("doc_page", doc.lang) + " ")
    _field(foot, "PAGE")
    foot.add_run(f" {t('doc_of', doc.lang)} ")
    _field(foot, "NUMPAGES")
    scratch, charts = Presentation(), 0
    for block in doc.blocks:
        if isinstance(block, Heading):
            d.add_heading(block.text, block.level)
        elif isinstance(block, Text):
            p = d.add_paragraph(style="List Bullet" if block.style == "bullet" else None)
            run = p.add_run(fmt.keep_together(block.text))
            if block.style == "lead":
                run.font.size = Pt(12)
            elif block.style == "muted":
                run.font.size, run.font.color.rgb = Pt(8.5), RGBColor.from_string(theme.MUTED.lstrip("#"))
            elif block.style == "strong":
                run.bold = True
        elif isinstance(block, Table):
            _docx_table(d, block, width_cm)
            d.add_paragraph()
        elif isinstance(block, Figure):
            charts += 1
            title = d.add_paragraph()
            title.add_run(block.chart.title).bold = True
            title.paragraph_format.keep_with_next = True
            _docx_chart(d, block.chart, charts, scratch)
            source = d.add_paragraph().add_run(block.chart.source_line)
            source.font.size, source.font.color.rgb = Pt(8), RGBColor.from_string(theme.MUTED.lstrip("#"))
        elif isinstance(block, PageBreak):
            d.add_page_break()
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------

# A font with every character the documents print (å ä ö, the minus sign −, →, en dash): DejaVu Sans
# (Debian's fonts-dejavu-core), else Liberation Sans or Arial, else the Vera that ReportLab ships (it
# lacks →, which is then written "->").
FONT_FILES = (("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
              ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
              ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"))
_FONTS: dict[str, tuple[str, str, bool]] = {}


def _fonts() -> tuple[str, str, bool]:
    """Registered once: (regular, bold, has →)."""
    if not _FONTS:
        import reportlab
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        bundled = Path(reportlab.__file__).parent / "fonts"
        regular, bold = next(((Path(r), Path(b)) for r, b in FONT_FILES if Path(r).exists() and Path(b).exists()),
                             (bundled / "Vera.ttf", bundled / "VeraBd.ttf"))
        pdfmetrics.registerFont(TTFont("LagesbildSans", str(regular)))
        pdfmetrics.registerFont(TTFont("LagesbildSans-Bold", str(bold)))
        arrow = 0x2192 in pdfmetrics.getFont("LagesbildSans").face.charToGlyph
        _FONTS["fonts"] = ("LagesbildSans", "LagesbildSans-Bold", arrow)
    return _FONTS["fonts"]


def to_pdf(doc: Document) -> bytes:
    """The document laid out by ReportLab's Platypus on A4: headings, wrapped text, tables over pages with
    their header repeated, vector charts; EXEMPELDATA and the title at the top of every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer
    from reportlab.platypus import PageBreak as Break
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    font, bold, arrow = _fonts()

    def safe(text: str) -> str:
        text = fmt.keep_together(escape(str(text)))
        return text if arrow else text.replace("\u2192", "->")

    base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=12.5, spaceAfter=5, textColor=colors.HexColor(theme.TEXT))
    styles = {
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=20, leading=24, spaceAfter=10),
        1: ParagraphStyle("h1", base, fontName=bold, fontSize=14.5, leading=18, spaceBefore=10, spaceAfter=6,
                          textColor=colors.HexColor(theme.KOMMUN)),
        2: ParagraphStyle("h2", base, fontName=bold, fontSize=11.5, leading=14, spaceBefore=8, spaceAfter=4),
        "body": base,
        "lead": ParagraphStyle("lead", base, fontSize=11.5, leading=15),
        "muted": ParagraphStyle("muted", base, fontSize=8, leading=10, textColor=colors.HexColor(theme.MUTED)),
        "strong": ParagraphStyle("strong", base, fontName=bold),
        "bullet": ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10, spaceAfter=0),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=8, leading=10, spaceAfter=0),
    }
    buffer = io.BytesIO()
    width, height = A4
    margin = 2 * cm

    def furniture(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor(theme.MUTED))
        canvas.drawString(margin, height - 1.2 * cm, safe(doc.title)[:110])
        canvas.drawCentredString(width / 2, 1.1 * cm, f"{t('doc_page', doc.lang)} {document.page}")
        if doc.demo:
            canvas.setFont(bold, 9)
            canvas.setFillColor(colors.HexColor(theme.DEMO_RED))
            canvas.drawRightString(width - margin, height - 1.2 * cm, doc.mark)
        canvas.restoreState()

    template = BaseDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                               bottomMargin=margin, title=doc.title, author="Lägesbild", lang=doc.lang)
    frame = Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="text")
    template.addPageTemplates([PageTemplate("page", [frame], onPage=furniture)])
    inner = width - 2 * margin
    story = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(safe(block.text), styles["title" if block.level == 0 else block.level]))
        elif isinstance(block, Text):
            bullet = "•" if block.style == "bullet" else None
            story.append(Paragraph(safe(block.text), styles[block.style], bulletText=bullet))
        elif isinstance(block, Table):
            rows = [[Paragraph(safe(c), styles["head"]) for c in block.frame.columns]]
            rows += [[Paragraph(safe("" if v is None else v), styles["cell"]) for v in values]
                     for values in block.frame.itertuples(index=False)]
            table = PdfTable(rows, colWidths=_pdf_widths(block, inner, font, bold, styles["cell"].fontSize), repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#BDBDBD")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8F1F8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
            story += [table, Spacer(1, 8)]
        elif isinstance(block, Figure):
            drawing = pdf_charts.drawing(block.chart.figure, inner, 7 * cm, font=font, lang=doc.lang)
            story.append(KeepTogether([Paragraph(safe(block.chart.title), styles["strong"]), drawing,
                                       Paragraph(safe(block.chart.source_line), styles["muted"]), Spacer(1, 6)]))
        elif isinstance(block, PageBreak):
            story.append(Break())
    template.build(story)
    return buffer.getvalue()


PDF_CELL_PADDING = 6  # points left and right of a cell's text (LEFTPADDING + RIGHTPADDING)


def _pdf_widths(block: Table, inner: float, font: str, bold: str, size: float) -> list[float]:
    """Column widths in points: the table's own proportions, but never narrower than a column's longest word
    (ReportLab would break it mid-word: 'Trygghetsvandrin|gar'); the room a wide column gives up comes from the
    columns with room to spare, in proportion."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    frame = block.frame
    shares = block.widths or (1.0,) * len(frame.columns)
    least = []
    for column, (name, values) in enumerate(frame.items()):
        words = [(w, bold) for w in str(name).split()] + [(w, font) for v in values for w in str("" if v is None else v).split()]
        least.append(max((stringWidth(w, f, size) for w, f in words), default=0) + PDF_CELL_PADDING + 1)
    widths = [inner * s / sum(shares) for s in shares]
    for _ in range(len(widths)):   # a few rounds: raising one column can push another under its least
        short = [i for i, (w, m) in enumerate(zip(widths, least)) if w < m]
        if not short:
            break
        need = sum(least[i] - widths[i] for i in short)
        spare = {i: widths[i] - least[i] for i in range(len(widths)) if i not in short and widths[i] > least[i]}
        if not spare:
            break
        for i in short:
            widths[i] = least[i]
        room = sum(spare.values())
        for i, extra in spare.items():
            widths[i] -= min(extra, need * extra / room)
    return widths


def check_suffix(out: Path) -> str:
    """'.docx' or '.pdf'; another suffix is an error naming the file."""
    suffix = Path(out).suffix.lower()
    if suffix not in SUFFIXES:
        raise LagesbildError(f"{out}: filen ska sluta på .docx (Word) eller .pdf.",
                             f"{out}: the file must end in .docx (Word) or .pdf.")
    return suffix


def render(doc: Document, out: Path) -> bytes:
    """The document's bytes for `out`'s format (.docx or .pdf)."""
    return to_docx(doc) if check_suffix(out) == ".docx" else to_pdf(doc)


def file_name(stem: str) -> str:
    """A file name from a title: letters, digits and dashes."""
    return re.sub(r"[^\w-]+", "_", stem).strip("_")
