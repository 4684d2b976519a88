"""A list of people loaded on a node's page: checked whole with a preview, nothing written on any error
(each refused row says its line), the same list again changes nothing; the API does the same."""
import io

import openpyxl
from webtest import Upload

from core.security.audit import audit_log
from core.security.roles import effective_roles
from core.security.users import users_of
from tests.factories import csrf, edit, login, node

HEADINGS = ["ФИО", "Эл. почта", "Телефон", "Должность", "Код организации", "Роль"]
COORDINATORS = [
    ["Первая Мария Ивановна", "maria@m1.example", "+7 912 000-00-01", "Начальник управления", "m1",
     "Муниципальный координатор"],
    ["Вторая Анна Петровна", "anna@m2.example", "8 912 000 00 02", "Специалист", "m2", "municipal_coordinator"],
    ["Методистова Елена Юрьевна", "elena@region.example", "", "Методист", "66", "Методист"],
]


def xlsx(rows, headings=HEADINGS):
    """An XLSX book of ``rows`` under ``headings``."""
    book = openpyxl.Workbook()
    book.active.append(headings)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, headings=HEADINGS):
    """The same as a semicolon CSV (as Excel saves it in Russia)."""
    return "\n".join(";".join(r) for r in [headings, *rows]).encode("utf-8-sig")


def check(client, where, data, filename="список.xlsx", status=200):
    """Upload a list on ``where``'s people page for the check (the preview, or the refusal)."""
    form = client.get(f"/{where}/@@people").forms["import-form"]
    form["upload"] = Upload(filename, data)
    return form.submit("check", status=status)


def counts(site):
    """What a list could have written: users, journal entries."""
    return len(users_of(site)), len(audit_log(site))


def test_the_regional_operator_loads_its_coordinators_with_a_preview_and_again_changes_nothing(testapp, tree):
    login(testapp, "region66")
    preview = check(testapp, "66", xlsx(COORDINATORS))
    assert "Ошибок нет. Новых учётных записей: 3" in preview.text
    assert "Пока ничего не записано" in preview.text
    with edit(tree) as site:
        before = counts(site)
        assert "maria@m1.example" not in users_of(site)
    res = preview.forms["confirm-form"].submit()
    # no mailer: the three links are shown once
    assert res.text.count("http://localhost/invitation?t=") == 3
    assert "новых учётных записей — 3, новых ролей — 0, без изменений — 0" in res.text
    with edit(tree) as site:
        assert counts(site)[0] == before[0] + 3
        assert "municipal_coordinator" in effective_roles(node(site, "66/m2"), "anna@m2.example")
        assert users_of(site)["anna@m2.example"].phone == "+79120000002"
        assert "methodologist" in effective_roles(site["66"], "elena@region.example")
        after = counts(site)

    # the same list again: nothing to do, nothing written
    again = check(testapp, "66", xlsx(COORDINATORS))
    assert "Новых учётных записей: 0" in again.text and "без изменений: 3" in again.text
    res = again.forms["confirm-form"].submit(status=303)
    assert "без изменений — 3" in res.follow().text
    with edit(tree) as site:
        assert counts(site) == after


def test_a_list_with_any_bad_row_is_refused_line_by_line_and_nothing_is_written(testapp, tree):
    with edit(tree) as site:
        from core.security.users import set_email
        set_email(site, users_of(site)["head"], "head@s1.example")
        before = counts(site)
    login(testapp, "coordinator")
    rows = [
        ["Хорошая Ольга Ивановна", "olga@s1.example", "", "Учитель", "66-1-1", "Педагог"],           # 2: fine
        ["Неизвестная Школа Петровна", "x@s.example", "", "", "66-9-9", "Педагог"],               # 3
        ["Плохой Адрес Иванович", "not-an-address", "", "", "66-1-1", "Педагог"],                 # 4
        ["Плохой Телефон Иванович", "tel@s1.example", "12-34", "", "66-1-1", "Педагог"],          # 5
        ["Второй Раз Ольга", "OLGA@s1.example", "", "", "66-1-2", "Педагог"],                     # 6
        ["Высокая Роль Ивановна", "high@s1.example", "", "", "m1", "Муниципальный координатор"],  # 7
        ["Чужая Школа Ивановна", "alien@s.example", "", "", "66-2-1", "Руководитель ОО"],          # 8
        ["Куратор Куратович Ф", "cur@s.example", "", "", "66-1-1", "Куратор ОО"],                 # 9
        ["Чужой Адрес Иванович", "head@s1.example", "", "", "66-1-1", "Педагог"],                 # 10
        ["Нет Такой Роли", "role@s1.example", "", "", "66-1-1", "Директор"],                      # 11
    ]
    res = check(testapp, "66/m1", xlsx(rows), status=400)
    assert "Список не загружен, в базе ничего не изменилось." in res.text
    problems = [li.text for li in res.html.select("#problems li")]
    assert not any(p.startswith("Строка 2:") for p in problems)
    expected = {
        3: "организация с кодом «66-9-9» не найдена в «Муниципалитет 66-1»",
        4: "«not-an-address» не похоже на адрес эл. почты",
        5: "телефон «12-34» не похож на номер",
        6: "адрес olga@s1.example уже есть в строке 2",
        7: "вы не можете назначить роль «Муниципальный координатор» в «Муниципалитет 66-1»",
        8: "организация с кодом «66-2-1» не найдена",
        9: "роль «Куратор ОО» назначают только на своём шаге",
        10: "адрес head@s1.example уже указан у пользователя «Head»",
        11: "нет такой роли «Директор»",
    }
    for line, text in expected.items():
        assert any(p.startswith(f"Строка {line}:") and text in p for p in problems), (line, problems)
    assert len(problems) == len(expected)
    with edit(tree) as site:
        assert counts(site) == before


def test_a_csv_list_reads_as_the_xlsx_and_a_list_without_its_columns_says_which(testapp, tree):
    login(testapp, "coordinator")
    rows = [["Учительская Нина Павловна", "nina@s2.example", "", "Учитель", "66-1-2", "Педагог"]]
    preview = check(testapp, "66/m1", csv_bytes(rows), filename="список.csv")
    assert "Новых учётных записей: 1" in preview.text
    res = check(testapp, "66/m1", xlsx(rows, ["ФИО", "Почта ящика", "Роль"]), status=400)
    assert "нет столбцов «Эл. почта», «Код организации»" in res.text
    res = check(testapp, "66/m1", b"\x00\x01 not a table", filename="список.xlsx", status=400)
    assert "Список не загружен" in res.text


def test_a_tampered_confirmation_is_checked_again(testapp, tree):
    login(testapp, "coordinator")
    preview = check(testapp, "66/m1", xlsx([["Учительская Нина Павловна", "nina@s2.example", "", "", "66-1-2",
                                             "Педагог"]]))
    form = preview.forms["confirm-form"]
    form["rows"] = '[[2, "Самозванец Иван Иванович", "x@x.example", "", "", "m1", "Муниципальный координатор"]]'
    res = form.submit(status=400)
    assert "вы не можете назначить роль «Муниципальный координатор»" in res.text
    with edit(tree) as site:
        assert "x@x.example" not in users_of(site)


def test_the_api_checks_a_list_then_loads_it(testapp, tree):
    login(testapp, "region66")
    token = csrf(testapp)
    url = "/api/v1/tree/66/@@people-import"
    dry = testapp.post(url + "?dry_run=true", upload_files=[("file", "list.xlsx", xlsx(COORDINATORS))],
                       headers={"X-CSRF-Token": token}).json
    assert dry["applied"] is False and dry["counts"] == {"new": 3, "grant": 0, "same": 0}
    with edit(tree) as site:
        assert "maria@m1.example" not in users_of(site)
    done = testapp.post(url, upload_files=[("file", "list.xlsx", xlsx(COORDINATORS))],
                        headers={"X-CSRF-Token": token}).json
    assert done["applied"] is True
    assert all(i["invitation_url"].startswith("http://localhost/invitation?t=") for i in done["invitations"])
    bad = testapp.post(url, upload_files=[("file", "list.xlsx", xlsx([COORDINATORS[0][:4] + ["m9", "Методист"]]))],
                       headers={"X-CSRF-Token": token}, status=400).json
    assert bad["error"]["code"] == "list_refused"
    assert bad["error"]["details"] == [{"message": "Строка 2: организация с кодом «m9» не найдена в «Свердловская "
                                                   "область»."}]
    people = {p["login"]: p for p in testapp.get("/api/v1/tree/66/@@people").json["people"]}
    assert set(people) == {"region66", "elena@region.example", "maria@m1.example", "anna@m2.example", "coordinator"}
    assert people["maria@m1.example"]["state"] == "invited" and people["coordinator"]["state"] == "active"


def test_the_api_invites_one_person_and_refuses_a_role_above_the_rank(testapp, tree):
    login(testapp, "coordinator")
    token = csrf(testapp)
    url = "/api/v1/tree/66/m1/@@people"
    res = testapp.post_json(url, {"name": "Директорова Вера Павловна", "email": "vera@s3.example",
                                  "organisation": "66-1-3", "role": "school_head"},
                            headers={"X-CSRF-Token": token}, status=201).json
    assert res["outcome"] == "new" and res["invitation_url"].startswith("http://localhost/invitation?t=")
    assert res["person"]["roles"] == {"/66/m1/s3": ["school_head"]}
    res = testapp.post_json(url, {"name": "Другой Координатор Ильич", "email": "other@m1.example",
                                  "organisation": "m1", "role": "municipal_coordinator"},
                            headers={"X-CSRF-Token": token}, status=400).json
    assert res["error"]["code"] == "account_invalid"
    assert "её назначает оператор уровнем выше" in res["error"]["message"]


def test_only_those_who_manage_a_node_bring_people_in(testapp, tree):
    # a head holds a rank above a teacher's, but running a school's people is the coordinator's
    login(testapp, "head")
    token = csrf(testapp)
    res = testapp.post_json("/api/v1/tree/66/m1/s1/@@people", {
        "name": "Учительская Нина Павловна", "email": "nina@s1.example", "organisation": "66-1-1", "role": "teacher"},
        headers={"X-CSRF-Token": token}, status=403).json
    assert res["error"]["code"] == "account_forbidden" and "муниципальный координатор" in res["error"]["message"]
    testapp.get("/66/m1/s1/@@people", status=403)
    with edit(tree) as site:
        assert "nina@s1.example" not in users_of(site)


def _ini(tmp_path, mail=""):
    ini = tmp_path / "test.ini"
    ini.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.public_url = https://oko.example.ru
{mail}
""")
    return str(ini)


def test_oko_import_users_loads_a_list_as_the_page_does_and_writes_the_links_to_a_file(tmp_path, capsys, mail_sink):
    import csv

    import transaction

    from core.cli import main, open_site
    from core.security.users import make_hasher
    from tests.factories import make_tree, make_user
    ini = _ini(tmp_path)
    with open_site(ini) as (site, _):
        make_tree(site)
        make_user(site, "region66", make_hasher("fast"), [("regional_operator", "66")])
        transaction.commit()
    listing = tmp_path / "people.xlsx"
    listing.write_bytes(xlsx(COORDINATORS))
    links_file = tmp_path / "links.csv"
    command = ["-c", ini, "import-users", str(listing), "--at", "/66", "--by", "region66"]
    # no mailer and nowhere to write the links: refused before anything
    assert main(command) == 2 and "--links" in capsys.readouterr().err
    assert main(command + ["--dry-run"]) == 0 and "Ничего не записано" in capsys.readouterr().out
    assert main(command + ["--links", str(links_file)]) == 0
    out = capsys.readouterr().out
    assert "новых учётных записей — 3" in out and "invitation?t=" not in out
    rows = list(csv.reader(links_file.open(encoding="utf-8-sig"), delimiter=";"))
    assert rows[0][0] == "ФИО" and len(rows) == 4
    assert all(r[4].startswith("https://oko.example.ru/invitation?t=") for r in rows[1:])
    # again: nothing changes; a bad list: nothing written
    assert main(command + ["--links", str(links_file)]) == 0 and "без изменений — 3" in capsys.readouterr().out
    listing.write_bytes(xlsx([COORDINATORS[0][:4] + ["m9", "Методист"]]))
    assert main(command + ["--links", str(links_file)]) == 2
    assert "Строка 2: организация с кодом «m9» не найдена" in capsys.readouterr().err
    with open_site(ini) as (site, _):
        assert len(users_of(site)) == 4

    # with a mailer, the letters go out
    mail_sink.clear()
    ini = _ini(tmp_path, f"oko.mail.host = 127.0.0.1\noko.mail.port = {mail_sink.port}")
    listing.write_bytes(xlsx([["Новая Дарья Олеговна", "darya@m2.example", "", "", "m2", "Методист"]]))
    assert main(command[:1] + [ini] + command[2:]) == 0
    assert "Приглашения отправлены по эл. почте: 1" in capsys.readouterr().out
    letter, = mail_sink.wait_for("darya@m2.example")
    assert "https://oko.example.ru/invitation?t=" in letter.get_body(("plain",)).get_content()
