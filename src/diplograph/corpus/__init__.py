"""Many articles: reading inputs, the streaming runner, checkpoints, long articles, dask, the ``Corpus`` API."""
