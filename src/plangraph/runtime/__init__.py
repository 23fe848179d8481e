"""How the work runs safely: atomic writes (``atomic``), forked workers that share this
process's state (``forkpool``) and building large structures with the cycle collector paused
(``gcpause``). No RDF here; every stage uses it."""
