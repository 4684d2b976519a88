"""A refusal no page answers in place: one exception view says it as a Russian page, or as the API's JSON error."""
from tests.factories import csrf, edit, login, make_user


def test_a_refusal_is_a_russian_page_for_people_and_a_json_error_for_the_api(testapp, tree, hasher):
    with edit(tree) as site:
        make_user(site, "methodologist", hasher, [("methodologist", "66")])
    login(testapp, "methodologist")

    page = testapp.get("/66/@@draft-act?template=no-such-template", status=404)
    assert page.content_type == "text/html"
    assert "Шаблон «no-such-template» здесь недоступен." in page.text and "Traceback" not in page.text

    res = testapp.post_json("/api/v1/tree/66/@@acts", {"template": "no-such-template", "variables": {}},
                            headers={"X-CSRF-Token": csrf(testapp)}, status=404)
    assert res.json == {"error": {"code": "act_template", "message": "Шаблон «no-such-template» здесь недоступен."}}
