"""The lägesbild as slides: one content model for the PowerPoint file and for presentation mode.

`build_slides()` runs a list of slide builders (`SLIDE_BUILDERS`); each takes a `DeckContext` and
returns zero or more `Slide`s, so a new slide is one function and one line in that list, and a
builder with nothing to say (no interventions yet) returns []. `deck_pptx()` renders the slides
with python-pptx (charts as native PowerPoint charts, lagesbild/pptx_charts.py; in the kommun's
template when presentation.toml names one); pages/presentation.py shows the same slides one per screen.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.slide import SlideLayout
from pptx.util import Emu, Inches, Pt

from lagesbild import analysis, est, export, figures, fmt, freshness, narrative, pptx_charts, theme, views
from lagesbild.catalogue import config_path, read_toml
from lagesbild.errors import ConfigError, LagesbildError
from lagesbild.figures import Chart
from lagesbild.i18n import t
from lagesbild.store import Store

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13,333 × 7,5 in: exactly 16:9
MARGIN = Inches(0.6)
TITLE_PT, SUBTITLE_PT, BODY_PT, FIGURE_PT, FOOTER_PT = 34, 28, 22, 54, 14
MIN_BODY_PT = 20  # readable from the back of the room
SOURCES_PER_SLIDE = 3
CONFIG_FILE = "presentation.toml"


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    change: str
    comparisons: str
    source_line: str


@dataclass(frozen=True)
class Slide:
    """One message. kind: 'title' | 'figures' | 'chart' | 'text'. A chart slide has one chart, its title is the
    chart's (the chart's own title is for pages and images) and its body a line or two, so the chart fills at
    least half the slide."""
    kind: str
    title: str
    body: tuple[str, ...] = ()
    chart: Chart | None = None
    figures: tuple[KeyFigure, ...] = ()
    notes: tuple[str, ...] = ()
    source: str = ""           # a line at the foot: a text slide's source, a chart slide's definition above its source


@dataclass(frozen=True)
class DeckContext:
    store: Store
    kommun: str
    comparisons: list[str]
    lang: str
    today: date
    logo: Path | None = None
    names: dict[str, str] = field(default_factory=dict)
    template: Path | None = None  # the kommun's PowerPoint template (presentation.toml)
    group: str | None = None      # the comparison group (a Kolada group's id): its level and the kommun's standing

    @property
    def kommun_name(self) -> str:
        return self.names.get(self.kommun, self.kommun)


def presentation_config(data_dir: Path | None) -> dict:
    """`<data-dir>/presentation.toml`, else `data/presentation.toml`, else {}: e.g. `logo = "logga.png"`,
    `template = "mall.pptx"` (the kommun's PowerPoint template, .pptx or .potx).

    Paths are relative to the TOML file; a missing or unreadable file is a ConfigError naming it.
    """
    path = config_path(data_dir, CONFIG_FILE)
    if not path.exists():
        return {}
    config = read_toml(path)
    for key, noun in (("logo", ("logotypen", "the logo")), ("template", ("mallen", "the template"))):
        if key not in config:
            continue
        file = (path.parent / str(config[key])).resolve()
        if not file.is_file():
            raise ConfigError(f"{path}: {noun[0]} {file} finns inte.", f"{path}: {noun[1]} {file} does not exist.")
        config[key] = file
    return config


def deck_context(store: Store, kommun: str, *, lang: str = "sv", comparisons: list[str] | None = None,
                 today: date | None = None, data_dir: Path | None = None, group: str | None = "default") -> DeckContext:
    """Check the kommun and gather what every builder needs; `group` "default" is the kommun's Kolada "Liknande
    kommuner socioekonomi" (views.default_group), None none. Unknown kommun -> LagesbildError."""
    known = views.kommuner(store)
    if kommun not in set(known["code"]):
        listed = ", ".join(f"{c} {n}" for c, n in zip(known["code"], known["name"]))
        raise LagesbildError(f"Okänd kommun '{kommun}': den finns inte i datalagret. Kommuner i datalagret: {listed}.",
                             f"Unknown municipality '{kommun}': it is not in the store. Municipalities in the store: {listed}.")
    comparisons = views.default_comparisons(store, kommun) if comparisons is None else comparisons
    names = dict(zip(store.geographies["code"], store.geographies["name"]))
    config = presentation_config(data_dir)
    return DeckContext(store, kommun, list(comparisons), lang, today or date.today(), config.get("logo"), names,
                       config.get("template"), views.default_group(store, kommun) if group == "default" else group)


# --- slide builders ---------------------------------------------------------------------------------

def title_slide(ctx: DeckContext) -> list[Slide]:
    """The kommun, what and when, and at its foot how recent the deck's sources are (the late ones saying so)."""
    lang = ctx.lang
    ids = [views.CRIME, views.INSECURITY, *(i for s in views.target_status(ctx.store, ctx.kommun, lang) for i in s.indicators)]
    recency = freshness.of(ctx.store, ctx.kommun, ctx.today, lang, ids, areas=not est.interventions(ctx.store, ctx.kommun).empty)
    return [Slide("title", ctx.kommun_name, body=(t("deck_subtitle", lang), fmt.long_date(ctx.today, lang)),
                  source=freshness.summary(recency, lang),
                  notes=tuple(n for n in (t("notes_title", lang, kommun=ctx.kommun_name, date=fmt.long_date(ctx.today, lang)),
                                          freshness.late(recency, lang)) if n))]


HEADLINES = ((views.CRIME, "headline_crime", "sentence_crime", 0), (views.INSECURITY, "headline_insecurity", "sentence_insecurity", 1))


def key_figures_slide(ctx: DeckContext) -> list[Slide]:
    lang, figures, notes = ctx.lang, [], []
    for indicator_id, label_key, what_key, decimals in HEADLINES:
        h = views.headline(ctx.store, ctx.kommun, indicator_id, ctx.comparisons, lang)
        if h is None:
            continue
        prelim = f" ({t('preliminary', lang)})" if h.status == "preliminary" else ""
        change = views.delta(ctx.store, h, lang).text
        peers = " · ".join(f"{n}: {views.value_text(v, h.unit, decimals, lang)}" for _, n, v in h.comparisons)
        figures.append(KeyFigure(f"{t(label_key, lang)}, {h.period}{prelim}",
                                 views.value_text(h.value, h.unit, decimals, lang), change or "", peers, h.source))
        notes.append(narrative.headline_sentence(h, t(what_key, lang), ctx.kommun_name, lang))
    if not figures:
        return []
    return [Slide("figures", t("slide_key_figures", lang), figures=tuple(figures), notes=tuple(notes))]


def target_slides(ctx: DeckContext) -> list[Slide]:
    lang, out = ctx.lang, []
    for status in views.target_status(ctx.store, ctx.kommun, lang):
        row, title = status.row, status.target.title(lang)
        definition = views.definition_text(status, ctx.store, lang, audience=True)
        if views.target_change(row) is None:
            message = views.missing_data_text(status, ctx.store, ctx.kommun_name, lang, audience=True)
            out.append(Slide("text", title, body=(message, definition), notes=(message,)))
            continue
        answer = views.target_answer(status, lang)
        totals = views.target_totals_text(status, lang)
        sentence = narrative.target_sentence(ctx.store, ctx.kommun, status.target, lang)
        used = views.judged_on_text(status, ctx.store, ctx.kommun_name, lang)   # the definition this verdict is on
        out.append(Slide("chart", title, body=(answer,), source=used,
                         chart=figures.target(ctx.store, status.target, ctx.kommun, lang),
                         notes=tuple(s for s in (f"{title}. {answer}", sentence, totals, definition) if s)))
    return out


def indicator_slides(ctx: DeckContext) -> list[Slide]:
    """Recorded crime, then felt insecurity: one chart each (side by side they were a strip a sixth of the
    slide tall), with the kommun's latest value and its change in a line."""
    lang, out = ctx.lang, []
    for indicator_id, label_key, what_key, _ in HEADLINES:
        chart = figures.indicator_lines(ctx.store, ctx.kommun, ctx.comparisons, indicator_id, lang, ctx.group)
        h = views.headline(ctx.store, ctx.kommun, indicator_id, ctx.comparisons, lang)
        if chart is None or h is None:
            continue
        notes = [narrative.headline_sentence(h, t(what_key, lang), ctx.kommun_name, lang)]
        standing = views.standing(ctx.store, ctx.kommun, indicator_id, ctx.group, lang)
        if standing is not None:   # how it stands against kommuner like it, for the speaker
            notes += [*standing.lines(lang, dated=True), standing.basis(lang)]
        if indicator_id == views.INSECURITY:
            notes.append(t("notes_two_measures", lang))
        out.append(Slide("chart", chart.title, body=(narrative.headline_line(h, t(label_key, lang), lang),), chart=chart,
                         notes=tuple(notes)))
    return out


def measured_vs_perceived_slide(ctx: DeckContext) -> list[Slide]:
    """Faktisk och upplevd: both measures indexed to the baseline; the notes are the plain-language sentences."""
    chart = figures.indexed(ctx.store, ctx.kommun, ctx.lang)
    if chart is None:
        return []
    targets = analysis.targets_of(ctx.store)
    message = narrative.measured_vs_perceived(ctx.store, ctx.kommun, targets[0], ctx.lang) if targets else None
    return [Slide("chart", chart.title, body=(message,) if message else (), chart=chart,
                  notes=tuple(narrative.sentences(ctx.store, ctx.kommun, ctx.lang)))]  # the chart's alt text is its own


def quadrant_slide(ctx: DeckContext) -> list[Slide]:
    """All kommuner's recorded crime against perceived insecurity, medians as axes, this kommun highlighted."""
    chart = figures.quadrant(ctx.store, ctx.kommun, ctx.lang)
    if chart is None:
        return []
    versus = narrative.versus_lan(ctx.store, ctx.kommun, ctx.lang)
    where = narrative.quadrant_position(ctx.store, ctx.kommun, ctx.lang)
    return [Slide("chart", chart.title, body=tuple(s for s in (where,) if s), chart=chart,
                  notes=tuple(s for s in (where, versus) if s))]


def funnel_slide(ctx: DeckContext) -> list[Slide]:
    """All kommuner's recorded crime against their size with the control limits, the kommun and its group
    marked; how it stands in words on the slide, the basis and the method in the notes."""
    group = next((g.members for g in analysis.groups_of(ctx.store, ctx.kommun) if g.id == ctx.group), ())
    chart = figures.funnel(ctx.store, ctx.kommun, views.CRIME, None, ctx.lang, group=tuple(group))
    if chart is None:
        return []
    standing = views.standing(ctx.store, ctx.kommun, views.CRIME, ctx.group, ctx.lang)
    body = tuple(standing.lines(ctx.lang)[:2]) if standing is not None else ()
    notes = (t("funnel_intro", ctx.lang), *((standing.basis(ctx.lang),) if standing is not None else ()))
    return [Slide("chart", chart.title, body=body, chart=chart, notes=notes)]


def interventions_slides(ctx: DeckContext) -> list[Slide]:
    """The kommun's EST insatser, one slide each with its before/after chart: what changed, where and by how
    much against the level expected without it, with its interval (caveats in the notes). Insatser too new to
    judge share one text slide."""
    rows = est.interventions(ctx.store, ctx.kommun)
    if rows.empty:
        return []
    lang, out, waiting = ctx.lang, [], []
    for r in rows.to_dict("records"):
        row = pd.Series(r)
        when = "–".join(fmt.long_date(pd.Timestamp(d).date(), lang) for d in (r["start"], r["end"]) if pd.notna(d))
        effect = est.effect_text(row, lang)
        warnings = est.caveats(ctx.store, row, lang, warnings_only=True)   # on the slide, not only in the notes
        notes = (f"{r['name']}, {r['area_name']} ({when}): {effect}", *est.caveats(ctx.store, row, lang))
        if pd.isna(r["effect"]):
            waiting.append((notes[0], notes))
            continue
        out.append(Slide("chart", t("slide_insats", lang, name=r["name"], area=r["area_name"]), body=(effect, *warnings),   # caveats on the slide where room allows
                         chart=figures.before_after(ctx.store, row, lang), notes=notes))
    if waiting:
        out.append(Slide("text", t("slide_interventions", lang), body=tuple(line for line, _ in waiting),
                         notes=tuple(n for _, notes in waiting for n in notes)))
    first = min(rows["start"]).year
    out[0] = replace(out[0], notes=(t("notes_interventions", lang, n=len(rows), first=first), *out[0].notes))
    return out


def sources_slides(ctx: DeckContext) -> list[Slide]:
    """Each indicator in the deck: definition, source and retrieval date (several slides if many)."""
    lang, store = ctx.lang, ctx.store
    ids = [views.CRIME, views.INSECURITY]
    for status in views.target_status(store, ctx.kommun, lang):
        ids += [i for i in status.indicators if i not in ids]
    indicators = store.indicators.set_index("id")
    obs = analysis.observations_of(store, [ctx.kommun, *ctx.comparisons])
    entries = []
    for indicator_id in ids:
        if indicator_id not in indicators.index:
            continue
        ind = indicators.loc[indicator_id]
        retrieved = obs.loc[obs["indicator_id"] == indicator_id, "retrieved_at"].str[:10].max()
        definition = ind["definition_en"] if lang == "en" else ind["definition_sv"]
        recency = freshness.indicators(store, ctx.kommun, [indicator_id], ctx.today, lang)
        entries.append(t("source_entry", lang, title=ind["title_en" if lang == "en" else "title_sv"],
                         definition=definition, source=ind["source"],
                         retrieved=retrieved if isinstance(retrieved, str) else t("missing", lang),
                         latest=recency[0].text(lang).split(": ", 1)[1] if recency else t("missing", lang)))
    chunks = [entries[i:i + SOURCES_PER_SLIDE] for i in range(0, len(entries), SOURCES_PER_SLIDE)]
    title = t("slide_sources", lang)
    return [Slide("text", title if len(chunks) == 1 else f"{title} ({n}/{len(chunks)})", body=tuple(chunk),
                  notes=(t("notes_sources", lang),)) for n, chunk in enumerate(chunks, start=1)]


SLIDE_BUILDERS: list[Callable[[DeckContext], list[Slide]]] = [
    title_slide,
    key_figures_slide,
    target_slides,
    indicator_slides,
    measured_vs_perceived_slide,
    quadrant_slide,
    funnel_slide,
    interventions_slides,
    sources_slides,
]


def build_slides(ctx: DeckContext) -> list[Slide]:
    return [slide for builder in SLIDE_BUILDERS for slide in builder(ctx)]


# --- PowerPoint ------------------------------------------------------------------------------------

PRESENTATION_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}  # not copied onto slides
MARK_WIDTH = Inches(2.6)  # the EXEMPELDATA mark, top right


def read_template(path: Path) -> Presentation:
    """A PowerPoint template, .pptx or .potx; a file that is neither is a ConfigError naming it. A .potx
    is a .pptx whose main part declares another content type (python-pptx opens only presentations):
    the type is changed in memory."""
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".potx":
            source, converted = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
            with zipfile.ZipFile(converted, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    content = source.read(item)
                    if item.filename == "[Content_Types].xml":
                        content = content.replace(TEMPLATE_TYPE.encode(), PRESENTATION_TYPE.encode())
                    target.writestr(item, content)
            data = converted.getvalue()
        return Presentation(io.BytesIO(data))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, etree.XMLSyntaxError) as exc:
        raise ConfigError(f"Mallen {path} kunde inte läsas som en PowerPoint-mall (.pptx eller .potx): {exc}",
                          f"The template {path} could not be read as a PowerPoint template (.pptx or .potx): {exc}") from exc


@dataclass(frozen=True)
class _Canvas:
    """What slides are drawn on: the kommun's template (its masters, layouts, slide size and fonts),
    else a blank 16:9 deck in Arial. Heights are given for a 7,5 in tall slide and scaled to the real
    one; widths follow the slide's, so a 4:3 and a 16:9 template both work."""
    prs: Presentation
    title_layout: SlideLayout
    content_layout: SlideLayout
    font: str | None  # None: the template's theme fonts
    foot: int         # where the template's own shapes along the foot begin (else the slide's height)

    @property
    def width(self) -> int:
        return self.prs.slide_width

    @property
    def height(self) -> int:
        return self.prs.slide_height

    @property
    def inner(self) -> Emu:
        return Emu(self.width - 2 * MARGIN)

    def y(self, inches: float) -> Emu:
        return Emu(int(Inches(inches) * self.height / SLIDE_HEIGHT))

    def text(self, slide, left, top, width, height, paragraphs, size, *, bold=False, colour=theme.TEXT,
             align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, space_after=10, name=None):
        box = slide.shapes.add_textbox(left, top, width, height)
        if name:
            box.name = name
        box.text_frame.word_wrap = True
        box.text_frame.vertical_anchor = anchor
        self.paragraphs(box.text_frame, paragraphs, size, bold=bold, colour=colour, align=align, space_after=space_after)
        return box

    def paragraphs(self, frame, paragraphs, size, *, bold=False, colour=None, align=None, space_after=10):
        """Set a text frame's paragraphs; colour None and align None keep the template's (a placeholder's)."""
        frame.clear()
        for i, text in enumerate(paragraphs):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if align is not None:
                p.alignment = align
            p.space_after = Pt(space_after)
            run = p.add_run()
            run.text = fmt.keep_together(text)   # no line break inside a number, a date or before a unit
            run.font.size, run.font.bold = Pt(size), bold
            if self.font:
                run.font.name = self.font
            if colour:
                run.font.color.rgb = _rgb(colour)


def _canvas(template: Path | None) -> _Canvas:
    """A blank 16:9 deck, or the template without its own example slides. From the template: a layout
    with a centred title for the title slide; for the others a title-only layout, else a blank one,
    else the layout with the fewest placeholders (unfilled placeholders are removed from each slide)."""
    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        blank = prs.slide_layouts[6]
        return _Canvas(prs, blank, blank, "Arial", prs.slide_height)
    prs = read_template(template)
    for slide_id in list(prs.slides._sldIdLst):  # python-pptx has no API to delete a slide
        prs.part.drop_rel(slide_id.rId)
        prs.slides._sldIdLst.remove(slide_id)
    layouts = list(prs.slide_layouts)
    kinds = [{ph.placeholder_format.type for ph in layout.placeholders} - FURNITURE for layout in layouts]
    content = (next((lay for lay, k in zip(layouts, kinds) if k == {PP_PLACEHOLDER.TITLE}), None)
               or next((lay for lay, k in zip(layouts, kinds) if not k), None)
               or min(layouts, key=lambda lay: len(lay.placeholders)))
    title = next((lay for lay, k in zip(layouts, kinds) if PP_PLACEHOLDER.CENTER_TITLE in k), content)
    # The template's own shapes along the foot of its content slides (a colour band, a logo) stay free.
    furniture = [sh.top for sh in (*prs.slide_master.shapes, *content.shapes)
                 if not sh.is_placeholder and sh.top > prs.slide_height * 2 // 3]
    return _Canvas(prs, title, content, None, min(furniture, default=prs.slide_height))


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _title(canvas: _Canvas, s, text: str, demo: bool) -> int:
    """The slide's title in the layout's title placeholder (the template's look) or in a box of our own;
    room for two lines (target titles are long) left of the EXEMPELDATA mark. Returns its bottom."""
    room = canvas.inner - (MARK_WIDTH if demo else 0)
    placeholder = s.shapes.title
    if placeholder is None:
        canvas.text(s, MARGIN, canvas.y(0.25), room, canvas.y(1.2), [text], TITLE_PT, bold=True,
                    anchor=MSO_ANCHOR.MIDDLE, name="Rubrik")
        return canvas.y(1.45)
    placeholder.name = "Rubrik"
    # Where the layout puts it (inherited; set all four or python-pptx moves it to 0, 0), narrower when
    # the mark needs the room and taller when the title needs more lines than the layout has room for.
    left, top, width, height = placeholder.left, placeholder.top, placeholder.width, placeholder.height
    width = min(width, MARGIN + room - left)
    height = max(height, int(_lines(text, width, TITLE_PT, em=0.65) * Pt(TITLE_PT * 1.2) + Inches(0.2)))  # bold
    placeholder.left, placeholder.top, placeholder.width, placeholder.height = left, top, Emu(width), Emu(height)
    canvas.paragraphs(placeholder.text_frame, [text], TITLE_PT, bold=True)
    return top + height


def _height(paragraphs, width: int, size: float, space_after: float) -> int:
    """The height a text box needs for `paragraphs` (lines of 1,2 × the size, the space after each,
    the box's insets)."""
    return int(sum(_lines(p, width - Inches(0.2), size, em=0.6) * Pt(size * 1.2) + Pt(space_after) for p in paragraphs)
               + Inches(0.1))


def _lines(text: str, width: int, size: float, em: float) -> int:
    """How many lines `text` takes in a box `width` wide, wrapped at words; `em`: the estimated width of
    a character (pptx_charts.text_width)."""
    lines, line = 1, ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and pptx_charts.text_width(candidate, size, em) > width:
            lines, candidate = lines + 1, word
        line = candidate
    return lines


def _title_slide(canvas: _Canvas, s, slide: Slide, logo: Path | None) -> None:
    """Kommun and what and when, in the middle of the slide: in the title layout's title and subtitle when the
    template has them, else on a band of the kommun colour down the left edge."""
    title = s.shapes.title
    subtitle = next((ph for ph in s.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
    if title is None:
        band = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), canvas.height)
        band.name = "Färgband"
        band.line.fill.background()
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(theme.KOMMUN)
        canvas.text(s, MARGIN, canvas.y(2.0), canvas.inner, canvas.y(1.5), [slide.title], 60, bold=True, name="Rubrik",
                    anchor=MSO_ANCHOR.BOTTOM)
    else:
        title.name = "Rubrik"
        canvas.paragraphs(title.text_frame, [slide.title], 54, bold=True)
    if subtitle is None:
        box = canvas.text(s, MARGIN, canvas.y(3.6), canvas.inner, canvas.y(1.6), list(slide.body), SUBTITLE_PT,
                          colour=theme.MUTED)
        box.text_frame.paragraphs[0].runs[0].font.color.rgb = _rgb(theme.KOMMUN)   # what, in the kommun colour
    else:
        canvas.paragraphs(subtitle.text_frame, list(slide.body), SUBTITLE_PT)
    if slide.source:  # how recent the sources are, at the foot
        canvas.text(s, MARGIN, canvas.foot - canvas.y(1.75), canvas.inner, canvas.y(1.5), [slide.source], 16,
                    colour=theme.MUTED, anchor=MSO_ANCHOR.BOTTOM, space_after=0, name="Källa")
    if logo is not None:
        s.shapes.add_picture(str(logo), MARGIN, canvas.y(0.5), height=canvas.y(1.2)).name = "Logotyp"


CHART_SHARE = 0.5  # a chart slide's chart is at least this share of the slide's height: legible from the back


def _chart(canvas: _Canvas, s, chart: Chart, top: int, foot_lines: list[str]) -> None:
    """The chart as native PowerPoint charts (pptx_charts) from `top` to the foot, and below it the foot's lines
    (a definition, the source). The slide's title names the chart."""
    foot = canvas.foot - canvas.y(0.3 + 0.27 * len(foot_lines))
    pptx_charts.add_figure(s.shapes, chart.figure, MARGIN, top, canvas.inner, foot - top,
                           alt_text=chart.alt_text, name="Diagram", font=canvas.font)
    canvas.text(s, MARGIN, foot, canvas.inner, canvas.foot - foot - canvas.y(0.05), foot_lines, FOOTER_PT,
                colour=theme.MUTED, anchor=MSO_ANCHOR.BOTTOM, space_after=0, name="Källa")


def _chart_body(canvas: _Canvas, slide: Slide, top: int) -> tuple[list[str], float, int]:
    """The message above a chart, its size and height: 22 pt, else 20 pt, else its first paragraph only (the
    rest is in the notes), whichever leaves the chart CHART_SHARE of the slide."""
    foot = canvas.foot - canvas.y(0.3 + 0.27 * (1 + bool(slide.source)))
    body = list(slide.body)
    for paragraphs, size in ((body, BODY_PT), (body, MIN_BODY_PT), (body[:1], MIN_BODY_PT)):
        height = _height(paragraphs, canvas.inner, size, 4) if paragraphs else 0
        if foot - (top + height + canvas.y(0.1)) >= CHART_SHARE * canvas.height:
            break
    return paragraphs, size, height


def _figures(canvas: _Canvas, s, figures: tuple[KeyFigure, ...], top: int, bottom: int):
    gap = Inches(0.4)
    width = Emu(int((canvas.inner - gap * (len(figures) - 1)) / len(figures)))
    labels = max(_height([f.label], width, BODY_PT, 10) for f in figures)  # the values on one line below them
    for i, f in enumerate(figures):
        left = Emu(int(MARGIN + i * (width + gap)))
        canvas.text(s, left, top, width, labels, [f.label], BODY_PT, colour=theme.MUTED)  # 8.45:1 on white
        canvas.text(s, left, top + labels, width, canvas.y(1.1), [f.value], FIGURE_PT, bold=True, colour=theme.KOMMUN)
        canvas.text(s, left, top + labels + canvas.y(1.15), width, bottom - top - labels - canvas.y(1.15),
                    [p for p in (f.change, f.comparisons) if p], BODY_PT)


def _render(canvas: _Canvas, slide: Slide, *, demo: bool, logo: Path | None, lang: str) -> None:
    layout = canvas.title_layout if slide.kind == "title" else canvas.content_layout
    s = canvas.prs.slides.add_slide(layout)
    sources = ([slide.source] if slide.kind == "text" and slide.source else
               list(dict.fromkeys(f.source_line for f in slide.figures)) if slide.kind == "figures" else [])
    bottom = canvas.foot - canvas.y(0.95 if sources else 0.3)  # above the source lines
    if slide.kind == "title":
        _title_slide(canvas, s, slide, logo)
    else:
        top = max(canvas.y(1.5), _title(canvas, s, slide.title, demo) + canvas.y(0.05))
        if slide.kind == "figures":
            _figures(canvas, s, slide.figures, top + canvas.y(0.1), bottom)
        elif slide.kind == "chart":
            # The message in words above the chart; the slide's title names the chart, its foot the source.
            body, size, height = _chart_body(canvas, slide, top)
            if body:
                canvas.text(s, MARGIN, top, canvas.inner, height, body, size, space_after=4)
            _chart(canvas, s, slide.chart, top + height + canvas.y(0.1) if body else top,
                   [line for line in (slide.source, slide.chart.source_line) if line])
        elif slide.kind == "text":
            room = bottom - top - canvas.y(0.1)  # a smaller slide (a 4:3 template) gets 20 pt where 22 do not fit
            size = BODY_PT if _height(slide.body, canvas.inner, BODY_PT, 16) <= room else MIN_BODY_PT
            canvas.text(s, MARGIN, top + canvas.y(0.1), canvas.inner, room, list(slide.body), size, space_after=16)
    if sources:
        canvas.text(s, MARGIN, canvas.foot - canvas.y(0.9), canvas.inner, canvas.y(0.8), sources, FOOTER_PT,
                    colour=theme.MUTED, name="Källa", space_after=2)
    if demo:
        mark = canvas.text(s, canvas.width - MARGIN - MARK_WIDTH, canvas.y(0.35), MARK_WIDTH, canvas.y(0.6),
                           [export.DEMO_MARK], BODY_PT, bold=True, colour=theme.DEMO_RED, align=PP_ALIGN.RIGHT,
                           name="EXEMPELDATA")
        mark.text_frame.word_wrap = False  # one word, whatever the template's font
    for placeholder in list(s.placeholders):  # a template's placeholders we did not fill
        if not placeholder.has_text_frame or not placeholder.text_frame.text:
            placeholder._element.getparent().remove(placeholder._element)
    notes = list(slide.notes) + ([t("notes_demo", lang)] if demo else [])
    s.notes_slide.notes_text_frame.text = "\n".join(notes)


def deck_pptx(slides: list[Slide], *, demo: bool, logo: Path | None = None, template: Path | None = None,
              lang: str = "sv") -> bytes:
    """A PowerPoint of `slides`: in the kommun's template when given, else 16:9. The charts are native
    PowerPoint charts (editable, no browser needed)."""
    canvas = _canvas(template)
    for slide in slides:
        _render(canvas, slide, demo=demo, logo=logo, lang=lang)
    canvas.prs.core_properties.title = slides[0].title if slides else ""
    buffer = io.BytesIO()
    canvas.prs.save(buffer)
    return buffer.getvalue()


def lagesbild_deck(ctx: DeckContext) -> bytes:
    """The whole lägesbild of ctx.kommun as .pptx bytes."""
    return deck_pptx(build_slides(ctx), demo=ctx.store.is_demo, logo=ctx.logo, template=ctx.template, lang=ctx.lang)
