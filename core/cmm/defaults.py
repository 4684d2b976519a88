"""The CMM bank's federal answers, as a built-in plugin: its workflows, the default test blueprint of the
Target Model, the operator's time to publish an item, and the items awaiting review as a process."""
import datetime
import logging

from core import hookimpl, overrides
from core.cmm.assembly import blueprint_problems
from core.cmm.model import BANK_NAME, CATEGORIES, COMPETENCES
from core.cmm.qti import QtiError, parse
from core.cmm.tasks import process
from core.cmm.workflows import CMM_WORKFLOWS
from core.federal import OPERATORS

log = logging.getLogger(__name__)


def read_qti_file(path):
    """A region's own CMM items from a QTI 2.1 file (``regional_overrides/<region>/cmm/``, core/cmm/QTI.md)."""
    if path.suffix.lower() not in (".zip", ".xml"):
        return []
    try:
        return [{k: v for k, v in item.items() if k != "_where"} for item in parse(path.read_bytes(), str(path))]
    except QtiError as exc:
        raise ValueError(f"{path}: ошибка в файле заданий КИМ: {exc}") from exc


overrides.add_folder_reader("cmm", read_qti_file)

# NB: the codes a plugin's answers and arguments name (``core.federal.CODES``).
CODES = {
    "competence": ("Competences of the CMM bank (``CmmItem.competence``, the keys of a blueprint).", COMPETENCES),
    "attestee_category": ("Categories of leader attestee (``CmmItem.categories``, the ``category`` argument "
                          "of the attestation hooks).", CATEGORIES),
    "deadline": ("Names of ``oko_deadlines`` the core reads (a plugin may add its own, for the "
                 "``period`` of a state it adds).",
                 {"cmm_review": "срок: оператор публикует или возвращает задание КИМ"}),
}

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
def oko_includeme(config):
    # NB: a region whose plugins supply its items or blueprint is told at start-up when they cannot fill a
    # test; a warning, as its bank in the database (not seen here) may hold the rest.
    host = getattr(getattr(config, "registry", None), "oko", None)
    for region in host.regions() if host is not None else ():
        if supplies_bank(host, region):
            for line in blueprint_problems(host, region):
                log.warning("%s", line)


def supplies_bank(host, region):
    """Whether the region's own plugins (or files) give CMM items or a test blueprint."""
    regional = set(host.regional("oko_cmm_items", region)) | set(host.regional("oko_test_blueprint", region))
    answers = [answer for level in ("federal", "regional", "municipal")
               for plugin, answer in host.named_results("oko_cmm_items", region, level=level) if plugin in regional]
    answers += [answer for plugin, answer in host.named_results("oko_test_blueprint", region, category="head",
                                                                school_type="urban") if plugin in regional]
    return any(answers)


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
