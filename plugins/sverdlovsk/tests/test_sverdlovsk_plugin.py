"""Sverdlovsk (66): the РСОКО risk factor and criterion, the count of confirmations, written as a plugin author
would, with the installed fixtures (``oko_site``, ``oko_host``, ``oko_login``) and nothing of OKO Case's tests/."""
from core.plugin import traverse_path


def test_the_rsoko_risk_factor_and_criterion_are_the_regions_own(oko_host):
    assert "assessment_objectivity" in {f["code"] for f in oko_host.risk_factors("66")}
    assert "assessment_objectivity" not in {f["code"] for f in oko_host.risk_factors("24")}
    criteria = {c["code"]: c for c in oko_host.review_criteria("66", "anti_risk_programme")}
    assert criteria["rsoko_indicators"]["mandatory"] is True


def test_a_confirmed_document_is_counted_on_its_school_for_the_rsoko_monitoring(oko_site):
    with oko_site.edit() as site:
        doc = oko_site.add_document(site)
        oko_site.fire(doc, "submit", "school_head")
        oko_site.fire(doc, "confirm", "curator")
        assert oko_site.node(site, oko_site.people.school).rsoko_confirmed == 1


def test_the_curator_confirms_a_document_on_its_page_and_the_school_counts_it(oko_site, oko_login):
    with oko_site.edit() as site:
        oko_site.fire(oko_site.add_document(site), "submit", "school_head")
    page = oko_login("curator").get(f"/{oko_site.people.school}/doc-1/")
    page = oko_site.form(page, "@@transition").submit("transition", value="confirm", status=303).follow()
    assert "Подтверждён куратором" in page.text
    with oko_site.edit() as site:
        assert oko_site.node(site, oko_site.people.school).rsoko_confirmed == 1


def test_a_school_heads_attestation_ends_in_a_drafted_order_naming_the_head(oko_site):
    with oko_site.edit() as site:
        campaign = oko_site.leader_attestation_to_order(site)
        order = traverse_path(site, campaign.acts["order"])
        assert "Директорова Мария Николаевна" in order.current.file.text


def test_a_teacher_seeking_to_confirm_the_post_is_found_conforming(oko_site):
    with oko_site.edit() as site:
        dossier = oko_site.teacher_to_decision(site, "conforms", post="subject_teacher", category="position")
        assert dossier.decision[0] == "conforms" and dossier.step == "record_result"
