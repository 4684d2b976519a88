"""Evolve steps of the results base (numbered in the one sequence of ``core.evolve``).

None yet: a region's ``RegionResults`` is made by its first import, so an
older site needs no step to have one.
"""

STEPS = []
