"""Lägesbild: the answer first — each target's verdict with its one number, and measured against felt
safety in a sentence — then the key figures, the charts and each target's yearly bars."""
import streamlit as st

from lagesbild import figures, fmt, narrative, views
from lagesbild.i18n import t
from pages._shared import context, data_link, how_we_count, md, presentation_button, show_figure, show_freshness, table

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(md(f"{t('page_lagesbild', lang)} – {name}"))
presentation_button(ctx)

# The page's places in reading order; the charts are filled first, so that their figures go out (and the browser
# starts loading Plotly.js) while the answers and the key figures' statistics are still being computed: on a
# freshly started server that is most of the first page's wait (docs/performance.md, issue 29).
answers = st.container()
cards = st.columns(2)
for column, indicator_id in zip(st.columns(2), (views.CRIME, views.INSECURITY)):
    # Recorded crime and felt insecurity side by side (stacked on a phone); the deck shows them in one picture.
    chart = figures.indicator_lines(store, kommun, ctx.comparisons, indicator_id, lang, ctx.group)
    if chart is not None:
        with column:
            show_figure(chart, f"{indicator_id}_{kommun}")

targets = views.target_status(store, kommun, lang)
with answers:
    for status in targets:  # the answer to "are we meeting our target?", on the first screen
        with st.container(border=True):
            st.markdown(f"**{md(status.target.title(lang))}**  \n{md(views.target_answer(status, lang))}")
            st.caption(md(views.definition_text(status, store, lang)))   # the definition this kommun is judged on
    sentence = narrative.measured_vs_perceived(store, kommun, targets[0].target, lang) if targets else None
    if sentence:
        st.markdown(md(sentence))
    show_freshness(ctx, [views.CRIME, views.INSECURITY, *(i for s in targets for i in s.indicators)], months=True)


def headline_card(indicator_id: str, label: str, decimals: int) -> None:
    h = views.headline(store, kommun, indicator_id, ctx.comparisons, lang)
    with st.container(border=True):
        if h is None:
            st.metric(label, t("missing", lang))
            st.caption(md(views.missing_text(store, kommun, indicator_id, lang)))
            return
        d = views.delta(store, h, lang)
        st.metric(f"{label}, {h.period}" + (f" ({t('preliminary', lang)})" if h.status == "preliminary" else ""),
                  views.value_text(h.value, h.unit, decimals, lang), d.size, delta_color=d.colour, delta_arrow=d.arrow)
        if d.description:  # below the delta, not beside it: it wraps on a phone instead of being cut off
            st.markdown(md(d.description))
        if h.ci:
            st.caption(fmt.ci(h.ci[0], h.ci[1], 1, lang, "%" if h.unit == "%" else h.unit))
        peers = " · ".join(f"{n}: {views.value_text(v, h.unit, decimals, lang)}" for _, n, v in h.comparisons)
        if peers:
            st.markdown(md(peers))
        standing = views.standing(store, kommun, indicator_id, ctx.group, lang)
        if standing is not None and standing.lines(lang):   # how it stands against kommuner like it, in words
            st.markdown(f"**{t('standing_heading', lang, year=standing.year)}**  \n"
                        + "  \n".join(md(line) for line in standing.lines(lang)))
            st.caption(md(standing.basis(lang)))
        st.caption(md(h.source))


with cards[0]:
    headline_card(views.CRIME, t("headline_crime", lang), 0)
with cards[1]:
    headline_card(views.INSECURITY, t("headline_insecurity", lang), 1)

for status in targets:
    with st.container(border=True):
        st.subheader(md(t("target_heading", lang, title=status.target.title(lang))))
        st.caption(md(views.definition_text(status, store, lang)))
        if views.target_change(status.row) is None:
            st.info(md(views.missing_data_text(status, store, name, lang)))
            data_link(ctx)
            continue
        st.markdown(md(views.target_totals_text(status, lang)))
        if status.row["verdict"] == "pending":
            st.markdown(md(narrative.target_sentence(store, kommun, status.target, lang)))
        show_figure(figures.target(store, status.target, kommun, lang), f"{status.target.id}_{kommun}")

months = views.months_against_last_year(store, kommun, lang=lang)
if months is not None:
    st.subheader(t("months_heading", lang))
    st.markdown(views.months_text(months, lang))
    table(views.months_table(months, lang))
    st.caption(months.source)

how_we_count(ctx, targets, ("method_targets", "method_surveys", "method_changes", "method_comparisons", "method_config"))
