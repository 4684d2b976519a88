"""The CMM bank's federal answers, as a built-in plugin: its workflows and the default test blueprint of the
Target Model."""
from core import hookimpl
from core.cmm.model import COMPETENCES
from core.cmm.model import BANK_NAME
from core.cmm.workflows import CMM_WORKFLOWS
from core.federal import OPERATORS

# Closed invariant items per competence of a school leader.
INVARIANT_PER_COMPETENCE = 2
# Drawn from any competence: the region's variant items and the management cases.
ANY_COMPETENCE = {"variant": 4, "case_invariant": 2, "case_variant": 1}


@hookimpl
def oko_test_blueprint(region, category, school_type):
    blueprint = {code: {"invariant": INVARIANT_PER_COMPETENCE} for code in COMPETENCES}
    blueprint["*"] = dict(ANY_COMPETENCE)
    return blueprint


@hookimpl
def oko_plugin_info():
    return {"name": "cmm", "version": "1.0", "title": "Банк КИМ (федеральная часть)", "regions": ["*"]}


@hookimpl
def oko_workflows(region):
    return {make().name: make() for make in CMM_WORKFLOWS}


@hookimpl
def oko_node_links(region, node_type):
    if node_type == "root":
        # NB: where the federal operator and the federal CMM authors start: the federal (invariant) bank.
        return [{"code": "federal-cmm", "title": "Федеральный банк КИМ", "child": BANK_NAME, "roles": []}]
    if node_type != "region":
        return []
    return [{"code": "cmm", "title": "Банк КИМ", "view": "cmm", "roles": OPERATORS + ("cmm_author",)}]
