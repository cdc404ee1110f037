"""Insatser: the EST interventions log, each insats's before/after chart, effect, verdict and caveats."""
import pandas as pd
import streamlit as st

from etl import edits
from lagesbild import charts_est, describe, est, fmt, views
from lagesbild.errors import LagesbildError
from lagesbild.i18n import t
from pages._shared import context, data_dir, how_we_count, show_chart

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
names = dict(zip(store.geographies["code"], store.geographies["name"]))
st.title(f"{t('page_insatser', lang)} – {name}")


def auth_configured() -> bool:
    """Sign-in (Streamlit OIDC, st.login) is configured by an [auth] section in .streamlit/secrets.toml."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:   # no secrets.toml at all
        return False


def edit_log() -> None:
    if store.is_demo:
        st.info(t("log_demo_readonly", lang))
        st.page_link("pages/data.py", label=t("go_to_data", lang), icon=":material/database:")
        return
    if not auth_configured():
        st.info(t("log_readonly_no_auth", lang))
        return
    if not getattr(st.user, "is_logged_in", False):
        st.info(t("log_sign_in_to_edit", lang))
        if st.button(t("sign_in", lang)):
            st.login()
        return
    user = st.user.get("email") or st.user.get("name") or "okänd"
    before = edits.log_rows(store.interventions, store.geographies)
    st.caption(t("log_edit_help", lang))
    edited = st.data_editor(before, num_rows="dynamic", hide_index=True, width="stretch", key="log_editor")
    if st.button(t("log_save", lang), type="primary"):
        try:
            changes = edits.save_log(data_dir(), before, edited, user)
        except LagesbildError as exc:
            st.error(exc.message(lang))
        else:
            st.success(t("log_saved", lang, n=len(changes)) if changes else t("log_no_changes", lang))
    history = edits.change_log(data_dir())
    if len(history):
        with st.expander(t("log_history", lang)):
            st.dataframe(history, hide_index=True, width="stretch")


insatser = est.interventions(store, kommun)
st.subheader(t("log_heading", lang))
if insatser.empty:
    st.info(t("no_insatser", lang, kommun=name))
else:
    st.dataframe(est.formatted(est.interventions_table(insatser, lang), lang), hide_index=True, width="stretch")
edit_log()
st.caption(est.log_source(store, lang))

for _, row in insatser.iterrows():
    with st.container(border=True):
        st.subheader(f"{row['name']} – {row['area_name']}")
        st.caption(t("insats_meta", lang, type=row["type"], start=fmt.long_date(row["start"].date(), lang),
                     end=fmt.long_date(row["end"].date(), lang) if pd.notna(row["end"]) else t("ongoing", lang)))
        effect = est.effect_text(row, lang)
        st.markdown(f"**{effect}**")
        frame = est.before_after(store, row)
        fig = charts_est.before_after(frame, row, names, lang)
        show_chart(fig, title=t("chart_before_after", lang, name=row["name"], area=row["area_name"]), source_line=est.area_source(store, kommun, lang),
                   data=est.before_after_table(frame, row, names, lang), key=f"insats_{row['intervention']}",
                   alt_text=describe.before_after_alt(frame, row, names, effect, lang))
        for caveat in est.caveats(store, row, lang):
            st.markdown(f"- {caveat}")
        per_category = est.effects_by_category(store, row["intervention"])
        with st.expander(t("effects_by_category", lang)):
            st.dataframe(est.formatted(est.category_table(store, per_category, lang), lang), hide_index=True,
                         width="stretch")

how_we_count(ctx, methods=("method_effects",))
