"""Tillgänglighetsredogörelse: the accessibility statement in Digg's form (lagesbild/accessibility.py), with the
figures of the automatic test run it is based on."""
import pandas as pd
import streamlit as st

from lagesbild import accessibility as a11y
from lagesbild.errors import LagesbildError
from lagesbild.i18n import t
from pages._shared import context, data_dir, md, table

ctx = context()
lang = ctx.lang
audit = a11y.read_audit()
st.title(t("a11y_title", lang))
try:
    operator = a11y.operator(data_dir(), ctx.store.is_demo)
except LagesbildError as exc:
    st.error(md(exc.message(lang)))
    operator = None
if operator is None:
    st.info(t("a11y_no_operator", lang))
    contact = "–"
else:
    st.markdown(md(t("a11y_intro", lang, organisation=operator.organisation)))
    if operator.example:
        st.caption(t("a11y_example_operator", lang))
    contact = a11y.contact_markdown(operator)

st.header(t("a11y_how_heading", lang))
st.markdown(t("a11y_how", lang))
st.header(t("a11y_what_heading", lang))
st.markdown(t("a11y_what", lang, contact=contact, response_time=md(operator.response_time) if operator else ""))
st.header(t("a11y_report_heading", lang))
st.markdown(t("a11y_report", lang, contact=contact))
st.header(t("a11y_supervision_heading", lang))
st.markdown(t("a11y_supervision", lang, url=a11y.DIGG_REPORT_URL))

st.header(t("a11y_technical_heading", lang))
st.markdown(t(a11y.compliance(audit), lang))
st.subheader(t("a11y_issues_heading", lang))
for issue in a11y.KNOWN_ISSUES:
    line = t(f"a11y_issue_{issue['id']}", lang, wcag=issue["wcag"])
    if issue["upstream"]:
        line += " " + t("a11y_upstream", lang, url=issue["upstream"])
    st.markdown(f"- {line}")

st.header(t("a11y_tested_heading", lang))
if audit is None:
    st.info(t("a11y_no_audit", lang))
else:
    st.markdown(md(a11y.tested_text(audit, lang)))
    table(pd.DataFrame(a11y.audit_rows(audit, lang),
                                columns=[t(k, lang) for k in ("a11y_table_page", "a11y_table_lang", "a11y_table_app",
                                                              "a11y_table_streamlit")]))
