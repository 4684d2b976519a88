"""Evolve steps of the roadmaps (numbered in the one sequence of ``core.evolve``): none yet."""

STEPS = []
