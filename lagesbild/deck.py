"""The lägesbild as slides: one content model for the PowerPoint file and for presentation mode.

`build_slides()` runs a list of slide builders (`SLIDE_BUILDERS`); each takes a `DeckContext` and
returns zero or more `Slide`s, so a new slide is one function and one line in that list, and a
builder with nothing to say (no interventions yet) returns []. `deck_pptx()` renders the slides
with python-pptx; pages/presentation.py shows the same slides one per screen.
"""
from __future__ import annotations

import concurrent.futures
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from lagesbild import analysis, est, export, figures, fmt, narrative, theme, views
from lagesbild.catalogue import config_path, read_toml
from lagesbild.errors import ConfigError, LagesbildError
from lagesbild.evidence import Change
from lagesbild.figures import Chart
from lagesbild.i18n import t
from lagesbild.store import Store

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13,333 × 7,5 in: exactly 16:9
MARGIN = Inches(0.6)
TITLE_PT, SUBTITLE_PT, BODY_PT, FIGURE_PT, FOOTER_PT = 34, 28, 22, 54, 14
CHART_WIDTH, CHART_HEIGHT, CHART_SCALE, CHART_FONT = 1000, 500, 2, 20  # image pixels; text stays readable on a slide
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
    """One message. kind: 'title' | 'figures' | 'chart' | 'text'."""
    kind: str
    title: str
    body: tuple[str, ...] = ()
    chart: Chart | None = None
    figures: tuple[KeyFigure, ...] = ()
    notes: tuple[str, ...] = ()
    source: str = ""           # the source line at the foot of a text slide


@dataclass(frozen=True)
class DeckContext:
    store: Store
    kommun: str
    comparisons: list[str]
    lang: str
    today: date
    logo: Path | None = None
    names: dict[str, str] = field(default_factory=dict)

    @property
    def kommun_name(self) -> str:
        return self.names.get(self.kommun, self.kommun)


def presentation_config(data_dir: Path | None) -> dict:
    """`<data-dir>/presentation.toml`, else `data/presentation.toml`, else {}: e.g. `logo = "logga.png"`.

    A relative logo path is relative to the TOML file.
    """
    path = config_path(data_dir, CONFIG_FILE)
    if not path.exists():
        return {}
    config = read_toml(path)
    if "logo" in config:
        logo = (path.parent / str(config["logo"])).resolve()
        if not logo.is_file():
            raise ConfigError(f"{path}: logotypen {logo} finns inte.", f"{path}: the logo {logo} does not exist.")
        config["logo"] = logo
    return config


def deck_context(store: Store, kommun: str, *, lang: str = "sv", comparisons: list[str] | None = None,
                 today: date | None = None, data_dir: Path | None = None) -> DeckContext:
    """Check the kommun and gather what every builder needs. Unknown kommun -> LagesbildError."""
    known = views.kommuner(store)
    if kommun not in set(known["code"]):
        listed = ", ".join(f"{c} {n}" for c, n in zip(known["code"], known["name"]))
        raise LagesbildError(f"Okänd kommun '{kommun}': den finns inte i datalagret. Kommuner i datalagret: {listed}.",
                             f"Unknown municipality '{kommun}': it is not in the store. Municipalities in the store: {listed}.")
    comparisons = views.default_comparisons(store, kommun) if comparisons is None else comparisons
    names = dict(zip(store.geographies["code"], store.geographies["name"]))
    return DeckContext(store, kommun, list(comparisons), lang, today or date.today(),
                       presentation_config(data_dir).get("logo"), names)


# --- slide builders ---------------------------------------------------------------------------------

def title_slide(ctx: DeckContext) -> list[Slide]:
    lang = ctx.lang
    return [Slide("title", ctx.kommun_name, body=(t("deck_subtitle", lang), fmt.long_date(ctx.today, lang)),
                  notes=(t("notes_title", lang, kommun=ctx.kommun_name, date=fmt.long_date(ctx.today, lang)),))]


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
        definition = views.definition_text(status, ctx.store, lang)
        if views.target_change(row) is None:
            message = views.missing_data_text(status, ctx.store, ctx.kommun_name, lang)
            out.append(Slide("text", title, body=(message, definition), notes=(message,)))
            continue
        answer = views.target_answer(status, lang)
        totals = views.target_totals_text(status, lang)
        sentence = narrative.target_sentence(ctx.store, ctx.kommun, status.target, lang)
        used = t("target_definition", lang, parts=", ".join(status.parts))   # the definition this verdict is on
        out.append(Slide("chart", title, body=(answer, used),
                         chart=figures.target(ctx.store, status.target, ctx.kommun, lang),
                         notes=tuple(s for s in (answer, sentence, totals, definition) if s)))
    return out


def crime_and_insecurity_slide(ctx: DeckContext) -> list[Slide]:
    lang = ctx.lang
    chart = figures.crime_and_insecurity(ctx.store, ctx.kommun, ctx.comparisons, lang)
    if chart is None:
        return []
    sentences = []
    for indicator_id, _, what_key, _ in HEADLINES:
        h = views.headline(ctx.store, ctx.kommun, indicator_id, ctx.comparisons, lang)
        if h is not None:
            sentences.append(narrative.headline_sentence(h, t(what_key, lang), ctx.kommun_name, lang))
    return [Slide("chart", t("slide_crime_insecurity", lang), body=tuple(sentences), chart=chart,
                  notes=(*sentences, t("notes_two_measures", lang)))]


def measured_vs_perceived_slide(ctx: DeckContext) -> list[Slide]:
    """Faktisk och upplevd: both measures indexed to the baseline; the notes are the plain-language sentences."""
    chart = figures.indexed(ctx.store, ctx.kommun, ctx.lang)
    if chart is None:
        return []
    targets = analysis.targets_of(ctx.store)
    message = narrative.measured_vs_perceived(ctx.store, ctx.kommun, targets[0], ctx.lang) if targets else None
    return [Slide("chart", t("page_faktisk_upplevd", ctx.lang), body=(message,) if message else (), chart=chart,
                  notes=(*narrative.sentences(ctx.store, ctx.kommun, ctx.lang), chart.alt_text))]


def quadrant_slide(ctx: DeckContext) -> list[Slide]:
    """All kommuner's recorded crime against perceived insecurity, medians as axes, this kommun highlighted."""
    chart = figures.quadrant(ctx.store, ctx.kommun, ctx.lang)
    if chart is None:
        return []
    versus = narrative.versus_lan(ctx.store, ctx.kommun, ctx.lang)
    where = narrative.quadrant_position(ctx.store, ctx.kommun, ctx.lang)
    return [Slide("chart", t("slide_quadrant", ctx.lang), body=tuple(s for s in (where,) if s), chart=chart,
                  notes=tuple(s for s in (where, versus, chart.alt_text) if s))]


def interventions_slide(ctx: DeckContext) -> list[Slide]:
    """The kommun's EST insatser: what changed, where and by how much, with its interval and caveats."""
    rows = est.interventions(ctx.store, ctx.kommun)
    if rows.empty:
        return []
    lang, lines, notes = ctx.lang, [], []
    for r in rows.to_dict("records"):
        when = "–".join(fmt.long_date(pd.Timestamp(d).date(), lang) for d in (r["start"], r["end"]) if pd.notna(d))
        lines.append(f"{r['name']}, {r['area_name']} ({when}): {est.effect_text(pd.Series(r), lang)}")
        notes += [lines[-1], *est.caveats(ctx.store, pd.Series(r), lang)]
    return [Slide("text", t("slide_interventions", lang), body=tuple(lines),
                  notes=(t("notes_interventions", lang, n=len(lines)), *notes))]


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
        entries.append(t("source_entry", lang, title=ind["title_en" if lang == "en" else "title_sv"],
                         definition=definition, source=ind["source"],
                         retrieved=retrieved if isinstance(retrieved, str) else t("missing", lang)))
    chunks = [entries[i:i + SOURCES_PER_SLIDE] for i in range(0, len(entries), SOURCES_PER_SLIDE)]
    title = t("slide_sources", lang)
    return [Slide("text", title if len(chunks) == 1 else f"{title} ({n}/{len(chunks)})", body=tuple(chunk),
                  notes=(t("notes_sources", lang),)) for n, chunk in enumerate(chunks, start=1)]


SLIDE_BUILDERS: list[Callable[[DeckContext], list[Slide]]] = [
    title_slide,
    key_figures_slide,
    target_slides,
    crime_and_insecurity_slide,
    measured_vs_perceived_slide,
    quadrant_slide,
    interventions_slide,
    sources_slides,
]


def build_slides(ctx: DeckContext) -> list[Slide]:
    return [slide for builder in SLIDE_BUILDERS for slide in builder(ctx)]


# --- Trygghetsbokslut: the year's follow-up as a deck ----------------------------------------------

BOKSLUT_LINES_PER_SLIDE = 4


def _chunked(title: str, lines: list[str], per_slide: int, **slide) -> list[Slide]:
    chunks = [lines[i:i + per_slide] for i in range(0, len(lines), per_slide)]
    return [Slide("text", title if len(chunks) == 1 else f"{title} ({n}/{len(chunks)})", body=tuple(chunk), **slide)
            for n, chunk in enumerate(chunks, start=1)]


def bokslut_title_slide(ctx: DeckContext, b: est.Bokslut) -> list[Slide]:
    lang, when = ctx.lang, fmt.long_date(ctx.today, ctx.lang)
    return [Slide("title", t("bokslut_title", lang, kommun=b.name, year=b.year), body=(t("bokslut_subtitle", lang), when),
                  notes=(t("bokslut_note", lang),))]


def bokslut_figures_slides(ctx: DeckContext, b: est.Bokslut) -> list[Slide]:
    """The year's figures against the year before: one line per indicator."""
    lang, year, lines = ctx.lang, str(b.year), []
    for r in b.figures.to_dict("records"):
        share = r[t("col_unit", lang)] == "%"
        value = views.value_text(r[year], "%" if share else "", 1 if share else 0, lang)
        before = r[str(b.year - 1)]
        change = r[t("col_change", lang)]
        if pd.isna(before):
            versus = t("bokslut_no_previous", lang, year=b.year - 1)
        else:
            size = (f"{'+' if change > 0 else ''}{fmt.number(change, 1, lang)} {fmt.points_unit(lang)}" if share
                    else fmt.signed_percent(change, 1, lang))
            versus = f"{b.year - 1}: {views.value_text(before, '%' if share else '', 1 if share else 0, lang)}; {size}"
        status = f" ({r[t('col_status', lang)]})" if r[t("col_status", lang)] else ""
        lines.append(f"{r[t('col_indicator', lang)]}: {value}{status} ({versus})")
    if not lines:
        return []
    return _chunked(t("bokslut_figures_title", lang, year=b.year), lines, BOKSLUT_LINES_PER_SLIDE,
                    notes=(t("bokslut_figures_notes", lang, year=b.year),), source=b.source)


def bokslut_insatser_slides(ctx: DeckContext, b: est.Bokslut) -> list[Slide]:
    """The insatser active during the year, each with its effect and the verdict on it."""
    lang = ctx.lang
    title = t("bokslut_insatser", lang)
    if b.insatser.empty:
        return [Slide("text", title, body=(t("bokslut_no_insatser", lang, year=b.year),),
                      notes=(t("bokslut_no_insatser", lang, year=b.year),))]
    lines = []
    for r in b.insatser.to_dict("records"):
        when = "–".join(d for d in (r[t("col_start", lang)], r[t("col_end", lang)]) if d)
        effect = ("" if pd.isna(r[t("col_effect", lang)]) else t("bokslut_effect", lang, change=Change(
            r[t("col_effect", lang)], r[t("col_ci_low", lang)], r[t("col_ci_high", lang)]).text(lang)))
        parts = (r[t("col_insats", lang)], r[t("col_area", lang)], when, r[t("col_verdict", lang)], effect)
        lines.append(" · ".join(p for p in parts if p))
    return _chunked(title, lines, BOKSLUT_LINES_PER_SLIDE, notes=(t("notes_interventions", lang, n=len(lines)),))


def bokslut_slides(ctx: DeckContext, year: int) -> list[Slide]:
    """Trygghetsbokslut <år>: title, the year's figures vs the year before, every target with its verdict,
    the year's insatser with their effect, sources — from the same builders as the lägesbild where they fit."""
    b = est.trygghetsbokslut(ctx.store, ctx.kommun, year, ctx.lang)
    return [*bokslut_title_slide(ctx, b), *bokslut_figures_slides(ctx, b), *target_slides(ctx),
            *bokslut_insatser_slides(ctx, b), *sources_slides(ctx)]


# --- PowerPoint ------------------------------------------------------------------------------------

def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _text(slide, left, top, width, height, paragraphs, size, *, bold=False, colour=theme.TEXT,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, space_after=10, name=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, text in enumerate(paragraphs):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = align
        p.space_after = Pt(space_after)
        run = p.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, "Arial"
        run.font.color.rgb = _rgb(colour)
    return box


def _title(s, text):
    # Room for two lines: target titles are long.
    _text(s, MARGIN, Inches(0.25), SLIDE_WIDTH - 2 * MARGIN - Inches(2.6), Inches(1.2), [text], TITLE_PT,
          bold=True, anchor=MSO_ANCHOR.MIDDLE, name="Rubrik")


def _chart_image(chart: Chart, demo: bool, timeout: float) -> bytes:
    # Larger type for the back of the room; the legend moves down below the larger tick labels.
    figure = go.Figure(chart.figure).update_layout(font_size=CHART_FONT, legend_y=-0.2)
    return export.figure_image(figure, "png", title=chart.title, source_line=chart.source_line, demo=demo,
                               width=CHART_WIDTH, height=CHART_HEIGHT, scale=CHART_SCALE, timeout=timeout)


def _chart_images(slides: list[Slide], demo: bool, timeout: float) -> dict[int, bytes]:
    """Every chart slide's picture, rendered concurrently in the warm browser's tabs (export.SERVER_TABS)."""
    charts = {i: slide.chart for i, slide in enumerate(slides) if slide.kind == "chart"}
    with concurrent.futures.ThreadPoolExecutor(max_workers=export.SERVER_TABS) as pool:
        futures = {i: pool.submit(_chart_image, chart, demo, timeout) for i, chart in charts.items()}
        return {i: future.result() for i, future in futures.items()}


def _picture(s, chart: Chart, image: bytes, top: int):
    height = SLIDE_HEIGHT - Inches(0.55) - top
    width = Emu(int(height * CHART_WIDTH / CHART_HEIGHT))
    picture = s.shapes.add_picture(io.BytesIO(image), Emu(int((SLIDE_WIDTH - width) / 2)), top, width, height)
    picture.name = "Diagram"
    # The text alternative travels with the picture (PowerPoint's "Alt Text" is the descr attribute).
    picture._element.nvPicPr.cNvPr.set("descr", chart.alt_text)


def _figures(s, figures: tuple[KeyFigure, ...]):
    gap = Inches(0.4)
    width = Emu(int((SLIDE_WIDTH - 2 * MARGIN - gap * (len(figures) - 1)) / len(figures)))
    for i, f in enumerate(figures):
        left = Emu(int(MARGIN + i * (width + gap)))
        _text(s, left, Inches(1.6), width, Inches(0.9), [f.label], BODY_PT, colour=theme.MUTED)  # 8.45:1 on white
        _text(s, left, Inches(2.45), width, Inches(1.1), [f.value], FIGURE_PT, bold=True, colour=theme.KOMMUN)
        _text(s, left, Inches(3.6), width, Inches(3.2), [p for p in (f.change, f.comparisons) if p], BODY_PT)


def _render(prs: Presentation, slide: Slide, *, demo: bool, logo: Path | None, image: bytes | None, lang: str) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])  # blank: we place our own boxes for 16:9
    if slide.kind == "title":
        _text(s, MARGIN, Inches(2.2), SLIDE_WIDTH - 2 * MARGIN, Inches(1.4), [slide.title], 54, bold=True, name="Rubrik")
        _text(s, MARGIN, Inches(3.7), SLIDE_WIDTH - 2 * MARGIN, Inches(1.6), list(slide.body), SUBTITLE_PT, colour=theme.MUTED)
        if logo is not None:
            s.shapes.add_picture(str(logo), MARGIN, Inches(0.5), height=Inches(1.2)).name = "Logotyp"
    else:
        _title(s, slide.title)
    if slide.kind == "figures":
        _figures(s, slide.figures)
    elif slide.kind == "chart":
        # The message in words above the picture; the picture carries the chart's title and source.
        _text(s, MARGIN, Inches(1.5), SLIDE_WIDTH - 2 * MARGIN, Inches(1.0), list(slide.body), BODY_PT, space_after=4)
        _picture(s, slide.chart, image, Inches(1.5 + 0.45 * len(slide.body) + 0.1 * bool(slide.body)))
        _text(s, MARGIN, SLIDE_HEIGHT - Inches(0.5), SLIDE_WIDTH - 2 * MARGIN, Inches(0.4), [slide.chart.source_line],
              FOOTER_PT, colour=theme.MUTED, name="Källa")
    elif slide.kind == "text":
        _text(s, MARGIN, Inches(1.6), SLIDE_WIDTH - 2 * MARGIN, Inches(5.4), list(slide.body), BODY_PT, space_after=16)
        if slide.source:
            _text(s, MARGIN, SLIDE_HEIGHT - Inches(0.9), SLIDE_WIDTH - 2 * MARGIN, Inches(0.8), [slide.source],
                  FOOTER_PT, colour=theme.MUTED, name="Källa", space_after=2)
    if slide.kind == "figures":
        sources = list(dict.fromkeys(f.source_line for f in slide.figures))
        _text(s, MARGIN, SLIDE_HEIGHT - Inches(0.9), SLIDE_WIDTH - 2 * MARGIN, Inches(0.8), sources,
              FOOTER_PT, colour=theme.MUTED, name="Källa", space_after=2)
    if demo:
        _text(s, SLIDE_WIDTH - MARGIN - Inches(2.6), Inches(0.35), Inches(2.6), Inches(0.6), [export.DEMO_MARK],
              BODY_PT, bold=True, colour=theme.DEMO_RED, align=PP_ALIGN.RIGHT, name="EXEMPELDATA")
    notes = list(slide.notes) + ([t("notes_demo", lang)] if demo else [])
    s.notes_slide.notes_text_frame.text = "\n".join(notes)


def deck_pptx(slides: list[Slide], *, demo: bool, logo: Path | None = None, lang: str = "sv",
              image_timeout: float = 30.0) -> bytes:
    """A 16:9 PowerPoint of `slides`. Chart images need Chromium: raises export.ExportError otherwise."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    images = _chart_images(slides, demo, image_timeout)
    for i, slide in enumerate(slides):
        _render(prs, slide, demo=demo, logo=logo, image=images.get(i), lang=lang)
    prs.core_properties.title = slides[0].title if slides else ""
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def lagesbild_deck(ctx: DeckContext, image_timeout: float = 30.0) -> bytes:
    """The whole lägesbild of ctx.kommun as .pptx bytes."""
    return deck_pptx(build_slides(ctx), demo=ctx.store.is_demo, logo=ctx.logo, lang=ctx.lang, image_timeout=image_timeout)


def trygghetsbokslut_deck(ctx: DeckContext, year: int, image_timeout: float = 30.0) -> bytes:
    """The Trygghetsbokslut of `year` for ctx.kommun as .pptx bytes."""
    return deck_pptx(bokslut_slides(ctx, year), demo=ctx.store.is_demo, logo=ctx.logo, lang=ctx.lang,
                     image_timeout=image_timeout)
