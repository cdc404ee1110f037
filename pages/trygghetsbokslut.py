"""Trygghetsbokslut: the handlingsprogram's yearly follow-up of crime and accidents, per målområde, for one
kommun or all the programme's kommuner; as Word and PDF for the board and kommunfullmäktige."""
import streamlit as st

from lagesbild import bokslut, export, views
from lagesbild.errors import LagesbildError
from lagesbild.i18n import t
from pages._shared import context, data_link, how_we_count, md, show_figure, show_freshness, table

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
programme = bokslut.programme(store)
known = set(views.kommuner(store)["code"])
members = [k for k in programme.kommuner if k in known]
options = ["one"] + (["all"] if kommun in members and len(members) > 1 else [])
labels = {"one": t("bokslut_one", lang, kommun=name),
          "all": t("bokslut_all", lang, kommuner=", ".join(views.geo_name(store, k) for k in members))}
left, right = st.columns([3, 1])
who = left.radio(t("bokslut_who", lang), options, format_func=labels.get, horizontal=True, key=f"bokslut_who_{kommun}")
kommuner = members if who == "all" else [kommun]
years = bokslut.bokslut_years(store, kommuner)
if not years:
    st.title(md(f"{t('page_bokslut', lang)} – {name}"))
    st.info(t("no_bokslut_data", lang))
    data_link(ctx)
    st.stop()
year = right.selectbox(t("bokslut_year", lang), years, key=f"bokslut_year_{kommun}_{who}")
b = bokslut.trygghetsbokslut(store, kommuner, year, lang)

st.title(md(b.title(lang)))
st.caption(md(b.programme_line(lang)))
if not programme.configured:
    st.caption(t("bokslut_standard_how", lang))
elif kommun not in members:
    st.info(md(t("bokslut_outside", lang, kommun=name, programme=programme.name)))
show_freshness(ctx, [m.indicator_id for section in b.sections for m in section.measures])

# Word (the förbund adds its own text before fullmäktige) and PDF: made when asked for, then offered.
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}
stem = f"trygghetsbokslut_{year}_{'-'.join(kommuner)}"
document_name = export.download_name(b.title(lang))  # the file in words: 'Trygghetsbokslut 2025 – Ekbacka'.
for column, suffix in zip(st.columns(4), ("docx", "pdf")):
    key = f"{stem}_{suffix}_{store.build_id}_{lang}"
    with column:
        if key not in st.session_state and st.button(t(f"bokslut_make_{suffix}", lang), key=f"make_{suffix}",
                                                     icon=":material/description:"):
            from lagesbild import document

            with st.spinner(t("bokslut_making", lang)):
                try:
                    doc = document.bokslut_document(store, kommuner, year, lang)
                    st.session_state[key] = document.to_docx(doc) if suffix == "docx" else document.to_pdf(doc)
                except LagesbildError as exc:
                    st.warning(md(exc.message(lang)), icon=":material/warning:")
        if key in st.session_state:
            st.download_button(t(f"bokslut_download_{suffix}", lang), st.session_state[key], file_name=f"{document_name}.{suffix}",
                               mime=MIME[suffix], key=f"download_{suffix}", on_click="ignore", icon=":material/download:",
                               type="primary")

st.subheader(t("bokslut_summary", lang))
table(bokslut.summary_table(store, b, lang), answer=t("col_area_verdict", lang))
sentences = [s for section in b.sections for s in bokslut.change_sentences(store, section, b.main_geo, lang)]
st.markdown("\n".join(f"- {md(s)}" for s in sentences) if sentences else t("no_supported_changes", lang))

targets = []
for section in b.sections:
    st.subheader(md(section.title(lang)))
    st.markdown(f"**{t('col_area_verdict', lang)}:** {md(bokslut.area_verdict(store, section, b.main_geo, lang))}")
    for line in section.targets:
        st.markdown(f"- **{md(line.status.target.title(lang))} – {md(line.geo_name)}:** {md(line.answer(lang))} "
                    f"{md(line.definition)}")
        targets += [line.status] if line.geo == b.main_geo else []
    table(bokslut.measures_table(b, section, lang), answer=t("col_vs_baseline", lang, period=b.baseline_label))
    ids = list(dict.fromkeys(m.indicator_id for m in section.measures if m.value is not None))   # charts with data
    if not ids:
        continue
    titles = {i: views.indicator_title(store, i, lang) for i in ids}
    shown = st.selectbox(t("bokslut_chart_pick", lang), ids, format_func=titles.get, key=f"chart_{section.area.id}") \
        if len(ids) > 1 else ids[0]
    chart = bokslut.indicator_chart(store, kommuner, shown, year, lang)
    if chart is not None:
        show_figure(chart, key=f"bokslut_{section.area.id}_{shown}")

st.subheader(t("bokslut_insatser", lang))
if len(b.insatser):
    table(bokslut.insatser_table(b, store, lang), answer=t("col_effect_words", lang))
else:
    st.info(t("bokslut_no_insatser_year", lang, year=year))
how_we_count(ctx, targets, ("method_bokslut", "method_changes", "method_surveys", "method_effects", "method_config"))
