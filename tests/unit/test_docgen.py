"""Word documents from templates: every shipped template, broken templates, regional overrides."""
import datetime
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate

from core import docgen
from core.docgen.engine import ENV, W, body_text
from core.docgen.values import build_context, sample_values
from core.plugins import Host, make_plugin_manager

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "docs_templates").glob("*.docx")) + sorted(
    (REPO / "regional_overrides").glob("*/templates/*.docx"))
SCHEMA = """
title = "Приказ для проверки"
act_type = "order"
levels = ["region"]

[[variables]]
name = "officer"
title = "Кого назначить"

[[variables]]
name = "rows"
title = "Строки"
type = "table"
columns = [{ name = "fio", title = "ФИО" }]
"""


def make_template(folder, lines=("Назначить {{ officer }}.",), rows=True, schema=SCHEMA, name="probe"):
    """A small .docx template and its schema in ``folder``."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if rows:
        table = document.add_table(rows=3, cols=1)
        table.cell(0, 0).text = "{%tr for row in rows %}"
        table.cell(1, 0).text = "{{ row.fio }}"
        table.cell(2, 0).text = "{%tr endfor %}"
    path = Path(folder) / f"{name}.docx"
    document.save(path)
    path.with_suffix(".toml").write_text(schema, "utf-8")
    return path


def test_every_shipped_template_has_a_schema_and_loads():
    assert len(SHIPPED) >= 8
    for path in SHIPPED:
        template = docgen.load_template(path)
        assert template.schema.variables, path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_every_shipped_template_generates_a_document_word_reopens_without_placeholders(path):
    template = docgen.load_template(path)
    generated = template.render(sample_values(template.schema), number=12, date=datetime.date(2026, 8, 25))
    document = docx.Document(io.BytesIO(generated.data))
    words = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for text in (words, cells, generated.text):
        assert "{{" not in text and "{%" not in text
    with zipfile.ZipFile(io.BytesIO(generated.data)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "{{" not in xml and "{%" not in xml
    assert "№ 12" in generated.text
    if "date" in template.compiled.variables()[0]:  # a protocol is dated by its meeting instead
        assert "«25» августа 2026 г." in generated.text


@pytest.mark.parametrize("path", SHIPPED[:3], ids=lambda p: p.name)
def test_docgen_renders_what_plain_docxtpl_renders(path):
    template = docgen.load_template(path)
    values = sample_values(template.schema)
    ours = template.render(values, number=3)
    raw = DocxTemplate(str(path))
    raw.render(build_context(template.schema, values, 3), ENV)
    out = io.BytesIO()
    raw.save(out)
    with zipfile.ZipFile(out) as zf:
        body = zf.read("word/document.xml")
    from lxml import etree
    assert body_text(etree.fromstring(body).find(W + "body")) == ours.text


@pytest.mark.slow
def test_every_shipped_template_converts_to_pdf_with_libreoffice(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make test` installs libreoffice-writer-nogui")
    sources = []
    for n, path in enumerate(SHIPPED):
        template = docgen.load_template(path)
        target = tmp_path / f"{n:02d}-{path.stem}.docx"
        target.write_bytes(template.render(sample_values(template.schema), number=1).data)
        sources.append(target)
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own: no clash with a running office
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *map(str, sources)], check=True, capture_output=True, timeout=240, env=env)
    for source in sources:
        pdf = tmp_path / "pdf" / f"{source.stem}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-"), source.name


def test_user_values_are_escaped_and_multiline_text_keeps_its_lines(tmp_path):
    template = docgen.load_template(make_template(tmp_path, lines=("{{ officer }}",)))
    generated = template.render({"officer": "ООО «Ромашка» & <Ко>", "rows": [{"fio": "А\x07Б"}]})
    assert "ООО «Ромашка» & <Ко>" in generated.text and "АБ" in generated.text
    docx.Document(io.BytesIO(generated.data))


def test_a_value_that_looks_like_template_code_is_refused(tmp_path):
    template = docgen.load_template(make_template(tmp_path))
    with pytest.raises(docgen.GenerationRefused, match="недопустимо"):
        template.render({"officer": "{{ number }}", "rows": [{"fio": "А"}]})
    with pytest.raises(docgen.GenerationRefused, match="Не заполнено"):
        template.render({"officer": "", "rows": [{"fio": "А"}]})


def test_a_placeholder_missing_from_the_schema_is_reported_at_load_naming_file_and_variable(tmp_path):
    path = make_template(tmp_path, lines=("Назначить {{ officer }} с {{ start_date }}.",))
    with pytest.raises(docgen.TemplateError) as exc:
        docgen.load_template(path)
    assert str(path) in str(exc.value) and "start_date" in str(exc.value) and "probe.toml" in str(exc.value)


def test_a_schema_variable_missing_from_the_template_is_reported_at_load(tmp_path):
    path = make_template(tmp_path, lines=("Приказ без переменных.",))
    with pytest.raises(docgen.TemplateError, match="«officer» описана в схеме"):
        docgen.load_template(path)


def test_table_columns_must_agree_with_the_schema(tmp_path):
    schema = SCHEMA.replace('columns = [{ name = "fio", title = "ФИО" }]',
                            'columns = [{ name = "fio", title = "ФИО" }, { name = "post", title = "Должность" }]')
    with pytest.raises(docgen.TemplateError, match="столбец «post» таблицы «rows»"):
        docgen.load_template(make_template(tmp_path, schema=schema))


def test_a_template_without_a_schema_or_with_a_bad_schema_is_reported(tmp_path):
    path = make_template(tmp_path)
    path.with_suffix(".toml").unlink()
    with pytest.raises(docgen.TemplateError, match="нет файла схемы"):
        docgen.load_template(path)
    path.with_suffix(".toml").write_text(SCHEMA.replace('act_type = "order"', 'act_type = "decree"'), "utf-8")
    with pytest.raises(docgen.TemplateError, match="неизвестный вид акта"):
        docgen.load_template(path)


def test_a_placeholder_that_would_survive_rendering_fails_the_load_not_the_user(tmp_path):
    # docxtpl prints "{_{ x }_}" as a literal "{{ x }}": the trial render catches it.
    path = make_template(tmp_path, lines=("Назначить {{ officer }} {_{ forgotten }_}.",))
    with pytest.raises(docgen.TemplateError, match="незаполненный шаблонный код"):
        docgen.load_template(path)


def test_a_template_edited_on_disk_is_reloaded(tmp_path):
    path = make_template(tmp_path)
    first = docgen.load_template(path)
    assert docgen.load_template(path) is first
    make_template(tmp_path, lines=("Назначить {{ officer }} немедленно.",))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10 ** 9))
    again = docgen.load_template(path)
    assert again is not first
    assert "немедленно" in again.render({"officer": "А", "rows": [{"fio": "Б"}]}).text


def test_a_regional_override_changes_region_66_documents_and_no_other_region():
    host = Host(make_plugin_manager())
    texts = {}
    for region in ("66", "24", "54"):
        template = docgen.templates_for(host, region)["monitoring_report"]
        texts[region] = template.render(sample_values(template.schema)).text
    assert "РСОКО" in texts["66"] and "Свердловской области" in texts["66"]
    assert "РСОКО" not in texts["24"] and texts["24"] == texts["54"]


def test_template_check_finds_nothing_wrong_in_the_shipped_templates():
    assert docgen.template_problems(Host(make_plugin_manager())) == []
    assert docgen.template_problems(Host(make_plugin_manager()), ["66"]) == []


def test_a_broken_regional_template_stops_start_up_with_a_clear_message(tmp_path, app_settings):
    folder = tmp_path / "77" / "templates"
    folder.mkdir(parents=True)
    path = make_template(folder, lines=("Назначить {{ officer }} и {{ deputy }}.",), name="order_x")
    host = Host(make_plugin_manager(overrides_dir=tmp_path))
    problems = docgen.template_problems(host, ["77"])
    assert len(problems) == 1 and str(path) in problems[0] and "deputy" in problems[0]
    from core import main
    with pytest.raises(docgen.TemplateError) as exc:
        main({}, **{**app_settings, "oko.overrides_dir": str(tmp_path)})
    assert "order_x.docx" in str(exc.value) and "«deputy»" in str(exc.value)


def test_a_template_found_sound_is_not_checked_again_until_it_changes(tmp_path):
    folder = tmp_path / "77" / "templates"
    folder.mkdir(parents=True)
    path = make_template(folder, name="order_x")
    host = Host(make_plugin_manager(overrides_dir=tmp_path))
    cache = tmp_path / "cache"
    first = docgen.template_report(host, ["77"], docgen.SoundTemplates(cache))
    assert Path(path) in [Path(p) for _, _, p, _ in first] and all(not problems for *_, problems in first)
    # another process of the machine: every template is known sound, none is loaded
    assert docgen.template_report(host, ["77"], docgen.SoundTemplates(cache)) == []
    docgen.check_all(host, cache)
    make_template(folder, lines=("Назначить {{ officer }} и {{ deputy }}.",), name="order_x")
    # the edited template is checked again; a broken one is never recorded, so it stops every start
    for _ in range(2):
        with pytest.raises(docgen.TemplateError, match="deputy"):
            docgen.check_all(host, cache)


def test_a_record_of_sound_templates_that_cannot_be_written_does_not_stop_start_up(tmp_path):
    folder = tmp_path / "77" / "templates"
    folder.mkdir(parents=True)
    make_template(folder, name="order_x")
    host = Host(make_plugin_manager(overrides_dir=tmp_path))
    (tmp_path / "not-a-folder").write_text("")
    docgen.check_all(host, tmp_path / "not-a-folder" / "docx")
    assert len(docgen.template_report(host, ["77"], docgen.SoundTemplates(tmp_path / "not-a-folder"))) > 0


NUMBER_SCHEMA = """
title = "Приказ о пороге"
act_type = "order"
levels = ["region"]

[[variables]]
name = "threshold"
title = "Порог прохождения, баллов"
type = "number"

[[variables]]
name = "share"
title = "Доля"
type = "number"
required = false
"""


def test_a_number_variable_is_typed_with_a_decimal_comma_and_printed_with_one(tmp_path):
    from core.acts.forms import values_from_json, values_schema
    template = docgen.load_template(make_template(tmp_path, lines=("Порог: {{ threshold }} баллов{{ share }}.",),
                                                  rows=False, schema=NUMBER_SCHEMA))
    values = values_schema(template.schema).deserialize({"threshold": "12,5", "share": ""})
    assert values == {"threshold": 12.5, "share": None}
    assert "Порог: 12,5 баллов." in template.render(values).text
    assert values_from_json(template.schema, {"threshold": 60}) == {"threshold": 60.0, "share": None}
    with pytest.raises(docgen.GenerationRefused, match="«Доля»: ожидается число"):
        build_context(template.schema, {"threshold": 1.5, "share": "много"})
