"""Evolve steps of the roadmaps (numbered in the one sequence of ``core.evolve``)."""
from core.roadmaps.indicators import rebuild


def count_execution(site):
    """The execution of every roadmap counted into the tallies of the municipalities, regions and federation."""
    rebuild(site)


STEPS = [
    (23, "учёт исполнения дорожных карт по муниципалитетам, регионам и федерации", count_execution),
]
