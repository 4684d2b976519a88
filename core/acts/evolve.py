"""Evolve steps of the normative acts (numbered in the one sequence of ``core.evolve``)."""
from core.acts.model import ActRegister
from core.resources import path_of, walk


def uncatalog_registers(site):
    """Take the registers of acts out of the catalog (their acts stay in it)."""
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    for region in site.values():
        for node in walk(region):
            if isinstance(node, ActRegister):
                docid = docmap.remove(path_of(node))
                if docid is not None:
                    catalog.unindex_doc(docid)


STEPS = [
    (7, "реестры актов вне каталога", uncatalog_registers),
]
