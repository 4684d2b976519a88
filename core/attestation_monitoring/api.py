"""The attestation monitoring in the API: a campaign's report, quarterly snapshots, the annual report.

Thin wrappers over ``core.attestation_monitoring``, like the pages. A
refused step answers ``monitoring_<code>`` with 403, 409 or 400.
"""
import datetime

from pyramid.view import view_config

from core.attestation import Campaign
from core.attestation_monitoring import annual_report, campaign_report, snapshots, take_snapshot
from core.attestation_monitoring.quarterly import TAKE_SNAPSHOT
from core.resources import Region
from core.security.permissions import MANAGE_PROJECT

TREE = "api_tree"


def snapshot_body(s):
    """What the API says of a quarter's snapshot."""
    return {"year": s.year, "quarter": s.quarter, "title": s.title, "taken_at": s.taken_at.isoformat(),
            "taken_by": s.taken_by, "revision": s.revision, "figures": s.figures}


@view_config(route_name=TREE, context=Campaign, name="monitoring", request_method="GET", renderer="json",
             permission=MANAGE_PROJECT, openapi="getCampaignMonitoring")
def campaign_monitoring(context, request):
    """The campaign's report now."""
    return campaign_report(request.registry.oko, context).to_dict()


@view_config(route_name=TREE, context=Region, name="attestation-monitoring", request_method="GET", renderer="json",
             permission=MANAGE_PROJECT, openapi="listMonitoringSnapshots")
def list_snapshots(context, request):
    """The region's quarterly snapshots, oldest first."""
    return {"snapshots": [snapshot_body(s) for s in snapshots(context)]}


@view_config(route_name=TREE, context=Region, name="attestation-monitoring", request_method="POST", renderer="json",
             permission=TAKE_SNAPSHOT.permission, openapi="takeMonitoringSnapshot")
def take(context, request):
    """Take (or retake) a quarter's snapshot."""
    body = request.api_body
    snap = take_snapshot(request.registry.oko, context, body["year"], body["quarter"], request.authenticated_userid)
    return snapshot_body(snap)


@view_config(route_name=TREE, context=Region, name="attestation-annual", request_method="GET", renderer="json",
             permission=MANAGE_PROJECT, openapi="getAnnualMonitoringReport")
def annual(context, request):
    """The annual report of ``year``; 409 naming the missing quarters when fewer than four snapshots exist."""
    year = request.api_params.get("year") or datetime.date.today().year
    found = annual_report(context, year)
    return {"year": found.year, "quarters": [q.quarter for q in found.quarters],
            "dynamics": [{"title": t, "values": list(v), "kind": k} for t, v, k in found.dynamics],
            "final": found.final, "conclusions": found.conclusions}
