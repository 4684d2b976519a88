"""Evidence as a file through the API: read by the upload inspector as on the pages, a bad file refused with
nothing kept, then done; who may not report is refused."""
from core import roadmaps
from core.roadmaps import execution
from tests.factories import edit, valid_pdf
from tests.functional.test_api import api_login
from tests.functional.test_roadmap_flow_api import validate
from tests.roadmap_seeds import Grid, build_docx


def _roadmap(tree):
    with edit(tree) as site:
        data = build_docx([Grid([["№", "Мероприятие", "Срок"], ["1.", "Совещание с муниципалитетами", "Май 2026"]])])
        roadmap = roadmaps.import_roadmap(site["66"], data, "план.docx", "region66")[1].roadmap
        measure = roadmap.ordered()[0]
        return f"/api/v1/tree/66/roadmaps/{roadmap.__name__}", measure.id, execution.occurrences(measure)[0][0]


def _evidence(tree):
    with edit(tree) as site:
        [roadmap] = roadmaps.roadmaps_of(site["66"])
        found = execution.occurrence(roadmap.ordered()[0], "2026-05-31")
        return [(e.kind, e.title, e.file.filename if e.file else None) for e in (found.evidence if found else ())]


def test_a_file_is_evidence_once_the_inspector_accepts_it(testapp, tree):
    url, measure, key = _roadmap(tree)
    assert key == "2026-05-31"
    headers = {"X-CSRF-Token": api_login(testapp, "region66")}
    fields = {"measure": str(measure), "key": key}
    refused = testapp.post(f"{url}/@@evidence", fields, upload_files=[("file", "протокол.exe", b"MZ\x90\x00")],
                           headers=headers, status=400)
    assert refused.json["error"]["message"]
    testapp.post(f"{url}/@@evidence", fields, upload_files=[("file", "протокол.pdf", b"%PDF-1.4 not really")],
                 headers=headers, status=400)
    assert _evidence(tree) == []
    testapp.post(f"{url}/@@evidence", {"measure": "999", "key": key},
                 upload_files=[("file", "протокол.pdf", valid_pdf())], headers=headers, status=404)
    testapp.post(f"{url}/@@evidence", {"measure": str(measure), "key": "2020-01-01"},
                 upload_files=[("file", "протокол.pdf", valid_pdf())], headers=headers, status=404)
    testapp.post(f"{url}/@@evidence", fields, headers=headers, status=400)   # no file
    res = testapp.post(f"{url}/@@evidence", {**fields, "title": "Протокол совещания"},
                       upload_files=[("file", "протокол.pdf", valid_pdf())], headers=headers, status=201)
    validate(res.json, "MeasureExecution")
    assert res.json["occurrence"]["evidence"] == [{"kind": "file", "title": "Протокол совещания", "path": None}]
    assert _evidence(tree) == [("file", "Протокол совещания", "протокол.pdf")]
    done = testapp.post_json(f"{url}/@@execution", {"measure": measure, "key": key, "action": "status",
                                                    "status": "done"}, headers=headers)
    assert done.json["occurrence"]["status"] == "done"
    # finished: no more evidence
    testapp.post(f"{url}/@@evidence", fields, upload_files=[("file", "ещё.pdf", valid_pdf())], headers=headers,
                 status=400)


def test_who_may_not_report_cannot_add_a_file(testapp, tree):
    url, measure, key = _roadmap(tree)
    headers = {"X-CSRF-Token": api_login(testapp, "coordinator")}
    testapp.post(f"{url}/@@evidence", {"measure": str(measure), "key": key},
                 upload_files=[("file", "протокол.pdf", valid_pdf())], headers=headers, status=403)
    assert _evidence(tree) == []
