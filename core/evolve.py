"""Schema changes of stored objects, as numbered evolve steps run by `oko evolve`.

A step is a function ``step(site)``; ``STEPS`` lists them in order and a
site remembers the number of the last one it has been through. A new
database is created at ``LATEST`` and needs none.
"""
import logging

log = logging.getLogger(__name__)


def add_missing_indexes(site):
    """Add catalog indexes a newer core defines and index everything into them."""
    from .catalog import make_catalog
    from .resources import path_of, walk
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    fresh = make_catalog()
    new = [name for name in fresh if name not in catalog]
    for name in new:
        catalog[name] = fresh[name]
    if new:
        for region in site.values():
            for node in walk(region):
                docid = docmap.docid_for(path_of(node))
                if docid is not None:
                    for name in new:
                        catalog[name].index_doc(docid, node)
    return new


STEPS = [
    (1, "добавить недостающие индексы каталога", add_missing_indexes),
]
LATEST = STEPS[-1][0]


def pending(site):
    """Steps ``site`` has not been through yet."""
    return [step for step in STEPS if step[0] > getattr(site, "evolve_version", 0)]


def evolve(site, commit=None, echo=print):
    """Run every pending step in order; ``commit()`` after each one keeps progress."""
    done = []
    for number, title, step in pending(site):
        echo(f"Шаг {number}: {title}")
        step(site)
        site.evolve_version = number
        if commit is not None:
            commit()
        done.append(number)
    return done
