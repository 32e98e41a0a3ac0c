"""From records to networks: one id per person and per meeting across a corpus, the networkx graph, its
writers (GraphML, GEXF, CSV, JSON, PLOVER) and hosts and visitors of meetings."""
