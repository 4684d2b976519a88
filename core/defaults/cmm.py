"""The federal answers on the CMM bank: the default test blueprint of the Target Model."""
from core import hookimpl
from core.cmm.model import COMPETENCES

# Closed invariant items per competence of a school leader.
INVARIANT_PER_COMPETENCE = 2
# Drawn from any competence: the region's variant items and the management cases.
ANY_COMPETENCE = {"variant": 4, "case_invariant": 2, "case_variant": 1}


def federal_blueprint(region, category, school_type):
    """The federal test blueprint, a new dict each time: a regional plugin's starts from it (``core.plugin``)."""
    blueprint = {code: {"invariant": INVARIANT_PER_COMPETENCE} for code in COMPETENCES}
    blueprint["*"] = dict(ANY_COMPETENCE)
    return blueprint


@hookimpl
def oko_test_blueprint(region, category, school_type):
    # NB: plugins call the plain function: the hook imported into a plugin's module would be taken there
    # for a hook of the name it is imported under.
    return federal_blueprint(region, category, school_type)
