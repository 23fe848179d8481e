"""Ingest: what people have (plan documents, spreadsheets) in, Turtle under the ontology out.

``observations`` turns a CSV of observed indicator values into W3C Data Cube Turtle, every
row checked against the indicator's target (``plangraph observe``).

Plan documents (``plangraph ingest``; docs/ingest.md) go through: ``readers`` (.txt/.docx/.pdf
-> lines with their origin) -> ``repair`` (Thai extraction faults, NFC) -> ``recognise``
(headings, numbering, sections -> elements; ``targets`` parses target wording) -> ``turtle``
(the draft plan file) and ``report`` (every input line accounted for); ``document`` ties them
together and writes atomically. ``template`` writes and reads the spreadsheet template,
``export`` fills it from an existing plan (``plangraph export-plan``); ``model`` holds the
dataclasses passed between the steps.
"""
