"""Running the page: one Streamlit process (``serve``) or several behind nginx (``cluster``)."""
