"""The CMM bank's federal answers, as a built-in plugin: its workflows, the default test blueprint of the
Target Model, the operator's time to publish an item, and the items awaiting review as a process."""
import datetime

from core import hookimpl, overrides
from core.cmm.model import BANK_NAME, COMPETENCES
from core.cmm.qti import QtiError, parse
from core.cmm.tasks import process
from core.cmm.workflows import CMM_WORKFLOWS
from core.federal import OPERATORS


def read_qti_file(path):
    """A region's own CMM items from a QTI 2.1 file (``regional_overrides/<region>/cmm/``, core/cmm/QTI.md)."""
    if path.suffix.lower() not in (".zip", ".xml"):
        return []
    try:
        return [{k: v for k, v in item.items() if k != "_where"} for item in parse(path.read_bytes(), str(path))]
    except QtiError as exc:
        raise ValueError(f"{path}: ошибка в файле заданий КИМ: {exc}") from exc


overrides.add_folder_reader("cmm", read_qti_file)

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


@hookimpl
def oko_plugin_info():
    return {"name": "cmm", "version": "1.0", "title": "Банк КИМ (федеральная часть)", "regions": ["*"]}


@hookimpl
def oko_workflows(region):
    return {make().name: make() for make in CMM_WORKFLOWS}


@hookimpl
def oko_deadlines(region, year):
    return {"cmm_review": datetime.timedelta(days=10)}


@hookimpl
def oko_processes():
    # NB: items are kept out of the catalog: the process brings those awaiting review to the tasks.
    return [process()]


@hookimpl
def oko_node_links(region, node_type):
    if node_type == "root":
        # NB: where the federal operator and the federal CMM authors start: the federal (invariant) bank.
        return [{"code": "federal-cmm", "title": "Федеральный банк КИМ", "child": BANK_NAME, "roles": []}]
    if node_type != "region":
        return []
    return [{"code": "cmm", "title": "Банк КИМ", "view": "cmm", "roles": OPERATORS + ("cmm_author",)}]
