"""The Streamlit layer: the only package (with app.py) that imports streamlit."""
