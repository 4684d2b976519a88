"""The demo shows the Krasnoyarsk model: the consultations log, an interview and a project on a participant of 24."""
import datetime

import pytest

from core.attestation import campaign_of
from tests.factories import edit


@pytest.mark.slow
def test_the_demo_has_a_consultations_log_an_interview_and_a_project_in_region_24(db, host, hasher):
    from core import demo
    from oko_krasnoyarsk import consultations
    from oko_krasnoyarsk.interview import interview_of
    from oko_krasnoyarsk.management_project import project_of
    with edit(db) as site:
        demo.build(site, host, hasher)
    with edit(db) as site:
        region = site["24"]
        _, total = consultations.indicator(region)
        assert (total.requests, total.answered, total.met) == (5, 4, False)
        d = campaign_of(region, datetime.date.today().year).participants["head24"]
        assert project_of(d).topic.startswith("Развитие внутренней системы оценки качества")
        assert interview_of(d).points is not None and project_of(d).points == 24.0
        assert d.workflow_state == "scored"
        # the federal campaign of 66 has no Krasnoyarsk parts
        assert all(getattr(x, "krasnoyarsk", None) is None for x in campaign_of(site["66"], d.project_year).dossiers())
