"""The floor for "cold start to first chart": a Streamlit page with one small Plotly chart and nothing else.

benchmarks/run.py starts it the same way as the dashboard, so the two cold starts can be compared.
"""
import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(x=[2023, 2024, 2025], y=[1, 3, 2])))
