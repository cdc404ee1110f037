"""Streamlit glue shared by the entry file and the pages: the cached store and the sidebar's choices."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from etl import build as builder
from etl import store as store_io
from etl.errors import LagesbildError
from etl.store import Store
from lagesbild.i18n import t

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    return Path(os.environ.get("LAGESBILD_DATA_DIR", PROJECT_DATA))


@st.cache_resource(show_spinner=False, max_entries=2)
def _read(data_dir: str, build_id: str) -> Store:
    # Keyed on the build id: a rebuilt store is picked up on the next rerun, no restart needed.
    return store_io.read_store(Path(data_dir), build_id)


def load_store(lang: str) -> Store:
    """The live store; with none yet, build one (the demo unless raw files were imported)."""
    directory = data_dir()
    try:
        build_id = store_io.current_build_id(directory)
        if build_id is None:
            with st.spinner(t("building_store", lang)):
                builder.build(directory, demo=not any((directory / "raw").glob("*/*")))
            build_id = store_io.current_build_id(directory)
        return _read(str(directory), build_id)
    except LagesbildError as exc:
        st.error(t("error_store", lang, message=exc.message(lang)))
        st.stop()


@dataclass(frozen=True)
class Context:
    store: Store
    kommun: str
    comparisons: list[str]
    lang: str


def context() -> Context:
    """What the sidebar chose, for the page being run (the widgets live in dashboard.py)."""
    s = st.session_state
    lang = s.get("lang_choice") or "sv"
    kommun = s["kommun"]
    return Context(store=load_store(lang), kommun=kommun, comparisons=s.get(f"compare_{kommun}", []), lang=lang)
