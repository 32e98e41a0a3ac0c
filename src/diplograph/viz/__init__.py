"""Pictures and views: matplotlib plots, displaCy renderings and the offline interactive HTML view."""
