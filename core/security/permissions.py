"""Which roles hold which permissions: per workflow state, or per node type."""
from pyramid.security import NO_PERMISSION_REQUIRED

from core.resources import region_code_of
from core.security.roles import AUTHENTICATED

# Views open to everyone declare this, so no view is left without a permission.
PUBLIC = NO_PERMISSION_REQUIRED

VIEW = "view"
EDIT = "edit"
ADD_DOCUMENT = "add_document"
MANAGE_ACCESS = "manage_access"
# Drafting a normative act of the authority (node) where the role is held.
DRAFT_ACT = "draft_act"
# The landing page: any logged-in user has one.
VIEW_HOME = "view_home"
# Who may open the screens (GET) of the operators', the curator's and the
# reviewer's steps; the steps themselves are declared once with their roles
# (core.security.steps), and their POSTs take the step's permission.
MANAGE_PROJECT = "manage_project"
CURATE = "curate"
REVIEW = "review"

# Nodes of the organisation tree have no workflow: one map for all of them.
ORG_PERMISSIONS = {
    AUTHENTICATED: {VIEW_HOME},
    "federal_operator": {VIEW, MANAGE_ACCESS, MANAGE_PROJECT},
    "regional_operator": {VIEW, MANAGE_ACCESS, DRAFT_ACT, MANAGE_PROJECT},
    "municipal_coordinator": {VIEW, MANAGE_ACCESS, DRAFT_ACT, MANAGE_PROJECT},
    "curator": {VIEW, CURATE},
    "school_head": {VIEW, ADD_DOCUMENT, DRAFT_ACT},
    "attestation_officer": {VIEW, ADD_DOCUMENT, DRAFT_ACT},
    "teacher": {VIEW},
    "methodologist": {VIEW, DRAFT_ACT},
    "cmm_author": {VIEW},
    "commission_chair": {VIEW},
    "commission_secretary": {VIEW},
    "commission_member": {VIEW},
    # NB: no view of the tree: a reviewer of the 500+ project sees only what it reviews.
    "expert": {REVIEW},
}


def role_permissions(context, host):
    """The role-to-permissions map that governs ``context`` now.

    An object in a workflow takes it from its state; an object without one may
    say it itself (``permission_map(host)``: a teacher's dossier by its step);
    the nodes of the tree share ``ORG_PERMISSIONS``.
    """
    own = getattr(context, "permission_map", None)
    if own is not None:
        return own(host)
    workflow_name = getattr(context, "workflow_name", None)
    if workflow_name is None:
        return ORG_PERMISSIONS
    workflow = host.workflow(region_code_of(context), workflow_name)
    return {**workflow.permissions_in(context.workflow_state), AUTHENTICATED: {VIEW_HOME}}


def permits(context, roles, permission, host):
    """Whether a holder of ``roles`` has ``permission`` on ``context``."""
    perms = role_permissions(context, host)
    return any(permission in perms.get(role, ()) for role in roles)


def admits(context, roles, host):
    """Whether ``context``'s permission map names one of ``roles`` now (with any permission but the home page).

    A step's permission (``core.security.steps``) is granted only to a role the
    context admits: a teacher's dossier names the commission once it reaches
    the commission, and a page never answers about a step to a role the
    dossier does not name yet.
    """
    perms = role_permissions(context, host)
    return any(set(perms.get(role, ())) - {VIEW_HOME} for role in roles)


def view_for(roles, *extra_roles):
    """A permission map (for a workflow state) in which each of ``roles`` may only view."""
    return {role: {VIEW} for role in roles + extra_roles}
