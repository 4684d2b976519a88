"""The federal answers that belong to no one domain: a built-in plugin registered first, for every region.

Each domain answers its own questions with its own built-in plugin (``core/<domain>/defaults.py``);
what is left here is the plugin every region's answers start from.
"""
from core import hookimpl
from core.resources.org import SCHOOL_TYPES
from core.security.roles import ROLE_TITLES

# NB: read by the plugin host (``Host.code_lists``): the codes a plugin's answers may name, by list, each
# list with what it is for; every domain's ``defaults`` adds its own. ``docs/plugins.md`` prints them.
CODES = {
    "role": ("Roles held on a node of the tree (``NodeLink.roles``, ``AttestationStage.roles``, a workflow "
             "state's permissions, ``Step``).", ROLE_TITLES),
    "permission": ("Permissions a workflow state gives a role, or a content type asks to add a document "
                   "(``ContentType.add_permission``).",
                   {"view": "просмотр", "edit": "изменение", "add_document": "добавление документов в узел",
                    "manage_access": "управление доступом", "draft_act": "подготовка актов",
                    "manage_project": "экраны операторов", "curate": "экраны куратора",
                    "review": "экраны эксперта", "view_home": "своя главная страница"}),
    "school_type": ("Types of school (``CmmItem.school_types``, the ``school_type`` argument).", SCHOOL_TYPES),
}


def items(pairs):
    """Turn (code, title) pairs into hook items."""
    return [{"code": code, "title": title} for code, title in pairs]


# The roles that start every domain's work from a region's page.
OPERATORS = ("federal_operator", "regional_operator")


@hookimpl
def oko_plugin_info():
    return {"name": "federal", "version": "1.0", "title": "Федеральные значения по умолчанию",
            "regions": ["*"]}


@hookimpl
def oko_region_details(region):
    # NB: no federal town or post: a region without its own answer gets its title, no town, «Руководитель».
    return {}


@hookimpl
def oko_validate_document(region, document_type, inspected):
    return []
