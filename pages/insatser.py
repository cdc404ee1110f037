"""Insatser: the EST interventions log, each insats's before/after chart, effect, verdict and caveats."""
import pandas as pd
import streamlit as st

from etl import edits
from etl import insatser as insatser_db
from etl.sources import interventions
from lagesbild import est, figures, fmt, rapport, views
from lagesbild.errors import ConflictError, LagesbildError
from lagesbild.i18n import t
from pages._shared import (context, data_dir, data_link, how_we_count, md, show_figure, show_freshness, show_table,
                           table, waiting, writer)

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(md(f"{t('page_insatser', lang)} – {name}"))


def edit_log() -> None:
    """The kommun's log in an editor, for its editors: saved as one transaction, checked against
    the versions the rows had when the page opened them."""
    if store.is_demo:
        st.info(t("log_demo_readonly", lang))
        data_link(ctx)
        return
    who = writer(lang, kommun)
    if who is None:
        return
    s = st.session_state
    opened_key, generation = f"log_opened_{kommun}", s.get("log_generation", 0)
    if opened_key not in s:  # the rows as this user opened them; a save is checked against their versions
        s[opened_key] = edits.editor_rows(data_dir(), kommun, store.geographies)
    opened = s[opened_key]
    st.caption(t("log_edit_help", lang))
    edited = st.data_editor(opened, num_rows="dynamic", hide_index=True, width="stretch",
                            column_order=interventions.LOG_COLUMNS, key=f"log_editor_{kommun}_{generation}")
    if st.button(t("log_save", lang), type="primary"):
        try:
            with st.spinner(t("log_saving", lang)):
                changes = edits.save_edits(data_dir(), opened, edited, who, on_wait=waiting(lang))
        except LagesbildError as exc:
            st.error(md(exc.message(lang)))
            if isinstance(exc, ConflictError):  # show what is saved now; the user's unsaved edits are gone
                s.pop(opened_key)
                s["log_generation"] = generation + 1
                st.button(t("log_reload", lang))
            return
        if not changes:
            st.success(t("log_no_changes", lang))
            return
        s.pop(opened_key)
        s["log_generation"] = generation + 1
        s["log_flash"] = t("log_saved", lang, n=len(changes))
        st.rerun()
    if "log_flash" in s:
        st.success(s.pop("log_flash"))
    trail = insatser_db.history(data_dir())
    trail = trail[trail["insats"].str.startswith(f"{kommun}-")]
    if len(trail):
        with st.expander(t("log_history", lang)):
            show_table(trail, hide_index=True, width="stretch")


insatser = est.interventions(store, kommun)
if len(insatser):
    show_freshness(ctx, areas=True)
st.subheader(t("log_heading", lang))
if insatser.empty:
    st.info(md(t("no_insatser", lang, kommun=name)))
else:
    table(est.formatted(est.interventions_table(insatser, lang), lang), answer=t("col_effect", lang))
edit_log()
st.caption(md(est.log_source(store, lang)))

# The problems the lägesbild's analysis finds, each with the insatser that say they address it, or flagged.
st.subheader(t("insatser_by_problem", lang))
plan = rapport.rapport(store, kommun, pd.Timestamp.today().year, lang, ctx.group)
if plan.problems:
    table(rapport.plan_table(plan, lang), answer=t("rapport_col_insats", lang))
    flagged = rapport.unaddressed(plan)
    words = (t("rapport_flagged", lang, n=len(flagged), of=len(plan.problems),
               problems=views.and_list([p.title for p in flagged], lang)) if flagged else t("rapport_all_addressed", lang))
    st.markdown(f"**{md(words)}**")
else:
    st.info(t("rapport_no_problems", lang))
if plan.unlinked:
    st.caption(md(t("rapport_unlinked", lang, names=views.and_list([m.name for m in plan.unlinked], lang))))

for _, row in insatser.iterrows():
    with st.container(border=True):
        st.subheader(md(f"{row['name']} – {row['area_name']}"))
        st.caption(md(t("insats_meta", lang, type=row["type"], start=fmt.long_date(row["start"].date(), lang),
                        end=fmt.long_date(row["end"].date(), lang) if pd.notna(row["end"]) else t("ongoing", lang))))
        effect = est.effect_text(row, lang)
        st.markdown(f"**{md(effect)}**")
        show_figure(figures.before_after(store, row, lang), f"insats_{row['intervention']}")
        for caveat in est.caveats(store, row, lang):
            st.markdown(f"- {md(caveat)}")
        per_category = est.effects_by_category(store, row["intervention"])
        with st.expander(t("effects_by_category", lang)):
            table(est.formatted(est.category_table(store, per_category, lang), lang), answer=t("col_effect", lang))

how_we_count(ctx, methods=("method_effects",))
