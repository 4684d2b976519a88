"""Normative acts on the web and in the API: drafting with preview, versions, approval, refusals."""
import datetime
import io

import docx
import pytest
import webtest

from core import acts
from tests.factories import csrf, edit, login, make_user

RESULTS = "order_attestation_results"


@pytest.fixture
def acts_tree(tree, hasher):
    """The ``tree`` plus a methodologist of region 66 and one of region 24."""
    with edit(tree) as site:
        make_user(site, "methodologist", hasher, [("methodologist", "66")])
        make_user(site, "methodologist24", hasher, [("methodologist", "24")])
    return tree


def fill_results_form(form, signatory="И. С. Уральцев", attestee="Петрова Анна Сергеевна"):
    form["protocol_number"] = "7"
    form["protocol_date"] = "2026-05-20"
    form["responsible_name"] = "Начальнику отдела аттестации Сидоровой В. В."
    form["signatory_name"] = signatory
    form["name"] = attestee
    form["post"] = "директор"
    form["school"] = "МАОУ СОШ № 1"
    form["score"] = "87"
    form["result"] = "соответствует занимаемой должности"
    return form


def draft_through_the_form(testapp, signatory="И. С. Уральцев"):
    page = testapp.get(f"/66/@@draft-act?template={RESULTS}")
    return fill_results_form(page.forms["act-form"], signatory).submit("save", status=303).follow()


def other_client(app, user):
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(client, user)
    return client


def test_methodologist_drafts_an_order_from_a_template_and_the_regional_operator_approves_it(
        app, testapp, acts_tree):
    login(testapp, "methodologist")
    assert "Новый акт" in testapp.get("/66/@@acts").text
    choose = testapp.get("/66/@@new-act")
    assert "Приказ об утверждении результатов аттестации руководителей" in choose.text
    assert "Приказ о назначении ответственного" not in choose.text  # a school's order, not a region's

    form = fill_results_form(testapp.get(f"/66/@@draft-act?template={RESULTS}").forms["act-form"])
    # Prefilled from the region's plugin (oko_region_details), never another region's town and post.
    assert form["authority_name"].value == "Министерство образования и молодёжной политики Свердловской области"
    assert form["city"].value == "г. Екатеринбург"
    preview = form.submit("preview", status=200)
    assert "Предпросмотр документа" in preview.text
    assert "Петрова Анна Сергеевна" in preview.text and "ПРИКАЗЫВАЮ" in preview.text
    # the annex is a table, as in the document: a heading row and a row per attestee, never cells joined by «|»
    rows = [[c.text for c in tr.select("th, td")] for tr in preview.html.select("#preview table")[-1].select("tr")]
    assert rows == [["№ п/п", "ФИО", "Должность", "Организация", "Балл", "Решение комиссии"],
                    ["1", "Петрова Анна Сергеевна", "директор", "МАОУ СОШ № 1", "87", "соответствует занимаемой должности"]]
    assert " | " not in preview.html.select_one("#preview").text
    with edit(acts_tree) as site:
        assert acts.register_of(site["66"]) is None  # a preview stores nothing

    page = preview.forms["act-form"].submit("save", status=303).follow()
    assert "Черновик акта сохранён" in page.text and "Черновик" in page.text
    act_url = page.request.path

    edit_form = testapp.get(act_url + "@@edit").forms["act-form"]
    assert edit_form["signatory_name"].value == "И. С. Уральцев"
    edit_form["signatory_name"] = "О. В. Министрова"
    page = edit_form.submit("save", status=303).follow()
    assert "Сохранена редакция 2" in page.text

    diff = testapp.get(act_url + "@@compare?old=1&new=2")
    assert "Сравнение редакций 1 и 2" in diff.text
    assert "<del>" in diff.text and "И. С. Уральцев" in diff.text and "О. В. Министрова" in diff.text

    page = page.forms[1].submit("transition", value="submit", status=303).follow()
    assert "На подписи" in page.text

    operator = other_client(app, "region66")
    page = operator.get(act_url).forms[1].submit("transition", value="approve", status=303).follow()
    assert "Утверждён" in page.text and "№ 1" in page.text
    document = docx.Document(io.BytesIO(operator.get(act_url + "@@download").body))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "№ 1" in text and "{{" not in text

    login(testapp, "methodologist")
    second = draft_through_the_form(testapp).request.path
    testapp.post(second + "@@transition", {"transition": "submit", "csrf_token": csrf(testapp)}, status=303)
    operator.post(second + "@@transition", {"transition": "approve", "csrf_token": csrf(operator)}, status=303)
    listing = testapp.get("/66/@@acts")
    assert "№ 2" in listing.text and "№ 1" in listing.text


def test_a_user_without_a_drafting_role_is_refused(testapp, acts_tree):
    login(testapp, "head")  # a school head of 66/m1/s1: no role on the region
    testapp.get("/66/@@new-act", status=403)
    testapp.get(f"/66/@@draft-act?template={RESULTS}", status=403)
    testapp.post(f"/66/@@draft-act?template={RESULTS}", {"csrf_token": csrf(testapp), "save": "save"},
                 status=403)
    testapp.reset()
    login(testapp, "curator")
    testapp.get("/66/m1/s1/@@new-act", status=403)


def test_only_the_head_of_the_authority_approves(app, testapp, acts_tree, host):
    with edit(acts_tree) as site:
        region = site["66"]
        values = acts.initial_values(acts.template_for(host, region, RESULTS), region, host=host)
        values.update(protocol_number="1", protocol_date=datetime.date(2026, 5, 20),
                      responsible_name="Отделу", signatory_name="И. С. Уральцев",
                      attestees=[{"name": "А", "post": "директор", "school": "СОШ", "result":
                                  "соответствует занимаемой должности"}])
        act = acts.draft_act(host, region, RESULTS, values, "methodologist")
        acts.fire_act(host, act, "submit", "methodologist")
        path = f"/66/acts/{act.__name__}/"
    login(testapp, "methodologist")
    page = testapp.get(path)
    assert "Утвердить" not in page.text
    res = testapp.post(path + "@@transition", {"transition": "approve", "csrf_token": csrf(testapp)},
                       status=303).follow()
    assert "нет права" in res.text
    with edit(acts_tree) as site:
        assert site["66"]["acts"][act.__name__].number is None


def test_a_form_error_is_shown_in_russian_and_nothing_is_stored(testapp, acts_tree):
    login(testapp, "methodologist")
    form = fill_results_form(testapp.get(f"/66/@@draft-act?template={RESULTS}").forms["act-form"])
    form["protocol_number"] = ""
    form["protocol_date"] = "2026-02-31"
    res = form.submit("save", status=400)
    assert "Обязательное поле" in res.text and "Неверная дата" in res.text
    form = res.forms["act-form"]
    form["protocol_number"] = "{{ secret }}"
    form["protocol_date"] = "2026-05-20"
    res = form.submit("save", status=400)
    assert "недопустимо" in res.text
    with edit(acts_tree) as site:
        assert acts.register_of(site["66"]) is None


def test_acts_through_the_api(testapp, acts_tree):
    login(testapp, "methodologist")
    headers = {"X-CSRF-Token": csrf(testapp)}
    names = [t["name"] for t in testapp.get("/api/v1/tree/66/@@act-templates").json["templates"]]
    assert RESULTS in names and "monitoring_report" in names
    body = {"template": RESULTS, "cases": ["/66/m1/s1"], "variables": {
        "authority_name": "Министерство образования", "city": "г. Екатеринбург", "protocol_number": "3",
        "protocol_date": "2026-05-20", "responsible_name": "Отделу аттестации", "notify_days": 5,
        "signatory_post": "Министр", "signatory_name": "И. С. Уральцев",
        "attestees": [{"name": "Иванов И. И.", "post": "директор", "school": "СОШ № 2", "score": "90",
                       "result": "соответствует занимаемой должности"}]}}
    bad = {**body, "variables": {**body["variables"], "protocol_date": "вчера", "attestees": []}}
    res = testapp.post_json("/api/v1/tree/66/@@acts", bad, headers=headers, status=400)
    fields = {d["field"] for d in res.json["error"]["details"]}
    assert {"protocol_date", "attestees"} <= fields
    created = testapp.post_json("/api/v1/tree/66/@@acts", body, headers=headers, status=201).json
    assert created["state"] == "draft" and created["cases"] == ["/66/m1/s1"] and created["number"] is None
    path = "/api/v1/tree" + created["path"]
    edited = testapp.post_json(path + "/@@versions", {"variables": {**body["variables"], "notify_days": 3}},
                               headers=headers, status=201).json
    assert len(edited["versions"]) == 2
    diff = testapp.get(path + "/@@compare?old=1&new=2").json
    assert any(line["kind"] == "added" and "3 рабочих дней" in line["text"] for line in diff["lines"])
    testapp.post_json(path + "/@@transitions", {"transition": "submit"}, headers=headers)
    testapp.reset()
    login(testapp, "region66")
    headers = {"X-CSRF-Token": csrf(testapp)}
    node = testapp.post_json(path + "/@@transitions", {"transition": "approve"}, headers=headers).json
    assert node["act"]["number"] == 1 and node["act"]["state"] == "approved"
    assert testapp.get(path + "/@@file").body[:2] == b"PK"
    listed = testapp.get("/api/v1/tree/66/@@acts").json
    assert [a["number"] for a in listed["acts"]] == [1]


def test_a_regional_override_changes_region_66_documents_only(testapp, acts_tree, host):
    with edit(acts_tree) as site:
        for region in ("66", "24"):
            template = acts.template_for(host, site[region], "monitoring_report")
            assert ("rsoko_system" in template.schema.names) == (region == "66")


def test_repealing_act_links_both_ways(testapp, acts_tree, host):
    with edit(acts_tree) as site:
        region = site["66"]
        made = []
        for _ in range(2):
            template = acts.template_for(host, region, "regulation_attestation_commission")
            values = {**acts.initial_values(template, region, host=host), "approver_name": "Министерства",
                      "quorum": "не менее половины"}
            act = acts.draft_act(host, region, template.name, values, "methodologist")
            acts.fire_act(host, act, "submit", "methodologist")
            acts.fire_act(host, act, "approve", "region66", now=datetime.datetime(2026, 6, 1, 12))
            made.append(act.__name__)
    login(testapp, "region66")
    old, new = made
    page = testapp.get(f"/66/acts/{old}/")
    form = next(f for f in page.forms.values() if f.action.endswith("@@repeal"))
    form["by"] = new
    page = form.submit(status=303).follow()
    assert "Отменён" in page.text and "Отменён актом" in page.text
    assert "Отменяет" in testapp.get(f"/66/acts/{new}/").text
    with edit(acts_tree) as site:
        register = site["66"]["acts"]
        assert register[old].repealed_by == f"/66/acts/{new}"
        assert register[new].repeals == (f"/66/acts/{old}",)


def test_a_register_of_acts_is_not_listed_among_municipalities(testapp, tree, host):
    from core import acts
    from core.docgen.values import sample_values
    from tests.factories import edit, login
    with edit(tree) as site:
        template = acts.template_for(host, site["66"], "monitoring_report")
        acts.draft_act(host, site["66"], "monitoring_report", sample_values(template.schema), "region66")
        assert "acts" in site["66"]
    login(testapp, "region66")
    page = testapp.get("/66/")
    assert "Всего: 2" in page.text and "Муниципалитетов</dt><dd>2" in page.text.replace("\n", "")
    assert ">Акты</a></td>" not in page.text


def test_a_too_long_value_is_refused_in_russian_with_the_limit_named(testapp, acts_tree):
    login(testapp, "methodologist")
    form = fill_results_form(testapp.get(f"/66/@@draft-act?template={RESULTS}").forms["act-form"])
    form["protocol_number"] = "7" * 501
    res = form.submit("save", status=400)
    assert "Не длиннее 500 символов" in res.text and "${max}" not in res.text
