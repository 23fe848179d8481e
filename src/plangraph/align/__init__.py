"""Alignment: the cascade's claims in, what they add up to out.

``analysis`` reads the cascade as a graph: the coverage matrix (provincial/cluster issue ×
National Strategy strategy), the elements that carry the most paths (betweenness) and
alignment cycles.
"""
