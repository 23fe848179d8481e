"""Ingest: what people have (spreadsheets of observed values) in, Turtle under the ontology out.

``observations`` turns a CSV of observed indicator values into W3C Data Cube Turtle, every
row checked against the indicator's target (``plangraph observe``).
"""
