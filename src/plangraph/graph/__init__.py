"""The graph: RDF files in, one in-memory graph out.

Takes Turtle/TriG/N-Triples files (``ontology/``, ``data/``, anything given with ``--data``),
checks them (UTF-8, Unicode NFC, syntax) and gives a pyoxigraph Store, the exact quads as
written (for publishing) or an rdflib Dataset (the Python API's ``load()``). ``terms`` is the
one place where terms cross between rdflib and pyoxigraph; ``vocab`` names vocabulary terms;
``index`` looks triples up by subject and object.
"""
