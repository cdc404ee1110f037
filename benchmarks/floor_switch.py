"""The floor for the kommun switch: the pages' charts pre-built, and nothing else.

benchmarks/browser.py writes every chart of Lägesbild and of Faktisk och upplevd for the measured kommuner
(built by lagesbild.figures, as the pages build them) to the JSON file named by LAGESBILD_FLOOR_FIGURES.
This page shows them as the app does — a kommun box in the sidebar over every kommun, the same two pages in
the navigation, each figure through st.plotly_chart with the same key, theme and config, two charts side by
side where the page has two — and computes nothing: what is left is Streamlit sending the figures and
Plotly.js drawing them.
"""
import json
import os
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

CONFIG = {"displaylogo": False, "locale": "sv", "modeBarButtonsToRemove": ["toImage"]}  # as pages/_shared.show_chart


@st.cache_resource(show_spinner=False)
def prebuilt(path: str) -> dict:
    data = json.loads(Path(path).read_text())
    for page in data["pages"].values():
        for code, rows in page["charts"].items():
            page["charts"][code] = [[(key, go.Figure(figure)) for key, figure in row] for row in rows]
    return data


data = prebuilt(os.environ["LAGESBILD_FLOOR_FIGURES"])
names = data["names"]
codes = list(names)
kommun = st.sidebar.selectbox("Kommun", codes, format_func=names.get, key="kommun", index=codes.index(data["start"]))


def show(page: dict) -> None:
    st.title(f"{page['title']} – {names[kommun]}")
    for row in page["charts"].get(kommun, []):
        for column, (key, figure) in zip(st.columns(len(row)) if len(row) > 1 else [st.container()], row):
            with column:
                st.plotly_chart(figure, width="stretch", key=f"{key}_chart", theme=None, config=CONFIG)


st.navigation([st.Page(lambda page=page: show(page), title=page["title"], url_path=path or "lagesbild", default=not path)
               for path, page in data["pages"].items()]).run()
