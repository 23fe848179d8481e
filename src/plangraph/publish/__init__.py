"""Publishing: the graph in, linked data for portals and servers out.

``public`` splits the graph into public named graphs on a chosen base; ``export`` writes
Turtle, N-Triples, TriG, JSON-LD (``jsonld``) and RDF/XML, with a DCAT/VoID ``catalog`` and
the alignments as SSSOM (``sssom``); ``site`` writes a static page per resource; ``upload``
replaces the graph on a SPARQL 1.1 server atomically.
"""
