"""The document inspector: every upload is checked safely before anyone reads it.

The corpus of good and hostile files is built at test time by
``tests/unit/docinspect_corpus.py``; nothing binary is committed.
"""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from core import docinspect
from core.docinspect import Inspected, InspectionRefused, Limits, _ooxml, _zip, inspect_upload, missing_sections
from core.plugins import Host, make_plugin_manager
from tests.unit import docinspect_corpus as corpus

ROOT = Path(__file__).resolve().parents[2]
RSS_BOUND_MB = 300


def refusal(source, filename, **kwargs):
    """The InspectionRefused raised for an upload (fails the test when it is accepted)."""
    with pytest.raises(InspectionRefused) as caught:
        inspect_upload(source, filename, **kwargs)
    return caught.value


# ---------------------------------------------------------------------------
# Good documents pass, with their text
# ---------------------------------------------------------------------------

def test_a_word_document_gives_its_paragraphs_and_table_cells_in_document_order():
    inspected = inspect_upload(io.BytesIO(corpus.valid_docx()), "программа.docx")
    assert (inspected.kind, inspected.filename) == ("docx", "программа.docx")
    assert inspected.size == len(corpus.valid_docx())
    assert inspected.lines == (
        "Антирисковая программа", "1. Цели", "Повысить долю обучающихся, освоивших программу.",
        "2. Задачи", "Обновить систему оценивания.",
        "Показатель", "Значение", "Доля школ с низкими результатами", "12 %",
        "Итог после таблицы.")
    assert inspected.headings == ("Антирисковая программа", "1. Цели", "2. Задачи")
    assert inspected.mimetype.endswith("wordprocessingml.document")


def test_headings_are_found_by_style_name_when_word_localises_the_style_id():
    # Russian Word stores "heading 1" under the style id "1".
    parts = corpus.parts_of(corpus.valid_docx())
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'w:styleId="Heading1"', b'w:styleId="1"')
    parts["word/document.xml"] = parts["word/document.xml"].replace(b'w:val="Heading1"', b'w:val="1"')
    inspected = inspect_upload(corpus.rezip(parts), "программа.docx")
    assert "1. Цели" in inspected.headings


def test_a_text_box_written_twice_for_old_word_versions_is_read_once():
    body = ('<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            "<mc:Choice><w:p><w:r><w:t>В рамке</w:t></w:r></w:p></mc:Choice>"
            "<mc:Fallback><w:p><w:r><w:t>В рамке</w:t></w:r></w:p></mc:Fallback>"
            "</mc:AlternateContent></w:r><w:r><w:t>Абзац</w:t><w:tab/><w:t>после</w:t></w:r></w:p>").encode()
    data = corpus.docx_parts({"word/document.xml": corpus.document_xml(body=body)})
    assert inspect_upload(data, "рамка.docx").lines == ("В рамке", "Абзац\tпосле")


def test_a_pdf_gives_its_text_page_by_page():
    inspected = inspect_upload(corpus.valid_pdf(), "программа.pdf")
    assert (inspected.kind, inspected.pages) == ("pdf", 2)
    assert inspected.lines == ("Антирисковая программа", "1. Цели", "Повысить долю обучающихся.",
                               "2. Задачи", "Обновить систему оценивания.", "Показатели")


def test_a_pdf_restricted_only_by_an_owner_password_opens_like_in_any_viewer():
    assert "1. Цели" in inspect_upload(corpus.owner_only_pdf(), "права.pdf").lines


def test_a_workbook_is_accepted_where_workbooks_are_allowed_with_its_sheets_and_strings():
    inspected = inspect_upload(corpus.valid_xlsx(), "показатели.xlsx", allowed=("xlsx",))
    assert inspected.sheets == ("Показатели", "Итоги")
    assert {"Школа", "Доля", "Школа № 1"} <= set(inspected.lines)


def test_a_zip64_archive_is_read_like_any_other():
    data = corpus.rezip(corpus.parts_of(corpus.valid_docx()), zip64=True)
    assert "1. Цели" in inspect_upload(data, "программа.docx").lines


def test_plain_text_is_accepted_only_where_allowed():
    text = "Приказ № 1\nО проведении аттестации".encode("cp1251")
    assert inspect_upload(text, "приказ.txt", allowed=("text",)).lines == ("Приказ № 1", "О проведении аттестации")
    assert refusal(text, "приказ.txt").reason == "type"


def test_the_stream_is_put_back_where_it_was_for_the_caller_to_store():
    stream = io.BytesIO(b"prefix" + corpus.valid_docx())
    stream.seek(6)
    inspect_upload(stream, "программа.docx")
    assert stream.tell() == 6
    assert stream.read() == corpus.valid_docx()


def test_a_client_path_in_the_file_name_is_reduced_to_the_name():
    inspected = inspect_upload(corpus.valid_docx(), "C:\\Users\\Директор\\Документы\\План.DOCX")
    assert inspected.filename == "План.DOCX"


def test_plugins_may_read_the_result_like_a_dict():
    inspected = inspect_upload(corpus.valid_pdf(), "программа.pdf")
    assert inspected.get("text", "") == inspected.text
    assert (inspected["type"], inspected["size"]) == ("pdf", inspected.size)
    assert inspected.get("no such key", "x") == "x"
    assert inspected.as_dict()["pages"] == 2


# ---------------------------------------------------------------------------
# Hostile and broken uploads are refused, each for its own reason
# ---------------------------------------------------------------------------

MESSAGES = {
    "empty": "Файл «пустой.docx» пуст.",
    "oversize": "Файл «большой.pdf» слишком большой: допускается не больше 1 КБ.",
    "endless": "Файл «бесконечный.pdf» слишком большой: допускается не больше 50 МБ.",
    "pdf_named_docx": "Файл «программа.docx» не является документом Word: по содержимому это PDF.",
    "docx_named_pdf": "Файл «программа.pdf» не является документом PDF: по содержимому это документ Word.",
    "xlsx_named_docx": "Файл «программа.docx» не является документом Word: по содержимому это таблица Excel.",
    "exe_named_docx": "по содержимому это исполняемый файл Windows.",
    "xxe": "часть «word/document.xml» содержит объявление DOCTYPE",
    "billion_laughs": "часть «word/document.xml» содержит объявление DOCTYPE",
    "utf16_doctype": "часть «customXml/item2.xml» содержит объявление DOCTYPE",
    "doctype_other_part": "часть «customXml/item1.xml» содержит объявление DOCTYPE",
    "utf7": "записана в недопустимой кодировке",
    "zip_bomb": "после распаковки он занял бы больше 100 МБ (признак «zip-бомбы»)",
    "lying_zip_bomb": "распаковывается в больший объём, чем заявлено в архиве (признак «zip-бомбы»)",
    "overlapping_parts": "внутренние части архива перекрываются (признак «zip-бомбы»)",
    "traversal": "недопустимое имя внутренней части «../../etc/cron.d/evil»",
    "absolute": "недопустимое имя внутренней части «/etc/passwd»",
    "backslash": "недопустимое имя внутренней части «..\\..\\Windows\\evil.dll»",
    "many_entries": "в нём больше 1000 внутренних частей",
    "macros": "содержит макросы",
    "truncated_docx": "повреждён или не читается",
    "pdf_bomb": "в PDF слишком большой или слишком сложный поток данных",
    "corrupt_pdf": "Файл «broken.pdf» повреждён или не читается: PDF не удаётся прочитать.",
    "encrypted_pdf": "Файл «secret.pdf» защищён паролем",
    "too_many_pages": "Файл «long.pdf» не принят: в нём 3 страницы, допускается не больше 2.",
    "not_a_package": "не является документом Word: это ZIP-архив без устройства документа Office (в нём нет "
                     "описания типов частей ([Content_Types].xml)).",
    "undeclared_main_part": "(часть «word/document.xml» не объявлена как документ Word)",
    "unrelated_main_part": "(связи пакета (_rels/.rels) не указывают на основную часть «word/document.xml»)",
    "foreign_main_part": "(в части «word/document.xml» нет текста документа)",
    "embedded_archive": "часть «data.bin» вложенного архива «word/embeddings/oleObject1.zip» сжата "
                        "подозрительно сильно",
    "embedded_bomb": "вложенного архива «word/embeddings/Microsoft_Word_Document.docx» сжата подозрительно сильно",
    "open_action_js": "в PDF есть сценарии JavaScript или действия, которые запускаются сами",
    "named_js": "в PDF есть сценарии JavaScript",
    "page_aa": "в PDF есть сценарии JavaScript",
    "launch": "в PDF есть сценарии JavaScript",
    "escaped_js": "в PDF есть сценарии JavaScript",
}


def test_every_hostile_file_of_the_corpus_has_its_expected_message():
    assert set(MESSAGES) == set(corpus.CORPUS)


@pytest.mark.parametrize("name", sorted(corpus.CORPUS))
def test_each_hostile_or_broken_upload_is_refused_with_its_own_russian_message(name):
    filename, build, overrides, reason = corpus.CORPUS[name]
    refused = refusal(build(), filename, limits=Limits(**overrides))
    assert refused.reason == reason
    assert MESSAGES[name] in str(refused)
    assert str(refused).startswith(f"Файл «{filename}»")


def test_a_zip_bomb_is_refused_before_it_inflates(monkeypatch):
    inflated = []
    monkeypatch.setattr(_ooxml, "inflate", lambda *args: inflated.append(args) or iter(()))
    assert refusal(corpus.zip_bomb_docx(), "bomb.docx").reason == "bomb"
    assert inflated == []


def test_a_zip_bomb_that_lies_about_its_size_is_stopped_one_chunk_past_its_claim(monkeypatch):
    most = {}
    spend = _zip.Budget.spend

    def watch(self, entry, produced, amount):
        most[entry.name] = max(most.get(entry.name, 0), produced)
        return spend(self, entry, produced, amount)

    monkeypatch.setattr(_zip.Budget, "spend", watch)
    assert refusal(corpus.lying_zip_bomb_docx(), "liar.docx").reason == "bomb"
    assert 10_000 < most["word/media/image1.png"] <= 10_000 + _zip.OUT_CHUNK


def test_parts_that_together_inflate_past_the_limit_are_refused():
    refused = refusal(corpus.valid_docx(), "программа.docx", limits=Limits(max_inflated=10_000))
    assert refused.reason == "bomb"
    assert "больше 9,766 КБ" in str(refused)


def test_a_part_compressed_far_beyond_any_real_document_is_refused():
    zeros = corpus.docx_parts({"word/media/image1.png": bytes(8 * corpus.MIB)})
    assert "сжата подозрительно сильно" in str(refusal(zeros, "сжатый.docx"))


def test_an_archive_whose_end_record_understates_its_entries_is_still_counted():
    data = bytearray(corpus.many_entries_docx())
    eocd = data.rfind(b"PK\x05\x06")
    data[eocd + 8:eocd + 12] = bytes([5, 0, 5, 0])   # "5 entries" on this disk and in all
    assert refusal(bytes(data), "много.docx").reason == "entries"


def test_an_endless_upload_is_read_no_further_than_the_limit_plus_one_byte():
    stream = corpus.EndlessStream()
    assert refusal(stream, "бесконечный.pdf", limits=Limits(max_size=5 * corpus.MIB)).reason == "too_large"
    assert stream.read_bytes == 5 * corpus.MIB + 1


@pytest.mark.parametrize("entry_name", ["../x.xml", "word/../../x.xml", "/abs.xml", "C:/x.xml",
                                        "word\\x.xml", "nul\x00.xml", ""])
def test_entry_names_that_could_escape_a_directory_are_unsafe(entry_name):
    assert _zip.unsafe_name(entry_name)


@pytest.mark.parametrize("entry_name", ["word/document.xml", "[Content_Types].xml", "word/media/..png"])
def test_ordinary_entry_names_are_safe(entry_name):
    assert not _zip.unsafe_name(entry_name)


def test_the_same_part_under_two_spellings_is_refused():
    data = corpus.docx_parts({"Word/Document.xml": corpus.document_xml()})
    refused = refusal(data, "двойник.docx")
    assert refused.reason == "entry_name" and "повторяется" in str(refused)


def test_a_doctype_split_between_two_chunks_is_still_found():
    scanner = _zip.DoctypeScanner()
    assert not scanner.found(b'<?xml version="1.0"?><!DOC')
    assert scanner.found(b"tYpE x []><x/>")


def test_a_doctype_straddling_the_inflation_chunk_boundary_is_refused():
    # In a part the inspector does not parse, so only the byte scan can catch it.
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<!--'
    padding = b"x" * (_zip.OUT_CHUNK - len(head) - 3 - 4)
    xml = head + padding + b"-->" + b'<!DOCTYPE r SYSTEM "http://attacker.example/x.dtd"><r/>'
    assert xml[_zip.OUT_CHUNK - 4:_zip.OUT_CHUNK + 5] == b"<!DOCTYPE"
    parts = {**corpus.parts_of(corpus.valid_docx()), "customXml/item1.xml": xml}
    data = corpus.zip_bytes([corpus.member(n, p, stored=n == "customXml/item1.xml") for n, p in parts.items()])
    refused = refusal(data, "стык.docx")
    assert refused.reason == "doctype" and "customXml/item1.xml" in str(refused)


def test_the_parser_itself_refuses_a_doctype_and_expands_no_entity():
    # A second line of defence, should a DOCTYPE ever slip past the byte scan.
    xml = b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>'
    seen = []
    with pytest.raises(InspectionRefused) as caught:
        _zip.parse_xml([xml], lambda event, element: seen.append(element.text), "r.xml", "r.docx")
    assert caught.value.reason == "doctype"
    assert not any(text and "root:" in text for text in seen)
    parsed = etree.fromstring(xml, etree.XMLParser(**_zip.SAFE_PARSER_OPTIONS))
    assert "root:" not in etree.tostring(parsed, encoding="unicode")


def test_xml_nested_deeper_than_the_parser_allows_is_refused_as_unreadable():
    body = b"<w:sdt>" * 3000 + b"</w:sdt>" * 3000
    data = corpus.docx_parts({"word/document.xml": corpus.document_xml(body=body)})
    assert refusal(data, "глубокий.docx").reason == "corrupt"


def test_a_macro_enabled_document_renamed_docx_is_refused_by_its_declared_content_type():
    parts = corpus.parts_of(corpus.valid_docx())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    assert refusal(corpus.rezip(parts), "с макросами.docx").reason == "macros"


def test_an_old_binary_word_file_named_docx_is_refused_with_a_hint():
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    assert "защищённый паролем" in str(refusal(cfb, "старый.docx"))


def test_a_file_whose_name_promises_a_kind_not_allowed_here_is_refused():
    refused = refusal(corpus.valid_xlsx(), "показатели.xlsx")
    assert str(refused) == ("Файл «показатели.xlsx» не принят: здесь принимаются только "
                            "документы Word (.docx) и документы PDF (.pdf).")
    assert "только документы PDF (.pdf)." in str(refusal(corpus.valid_docx(), "x.docx", allowed=("pdf",)))
    assert refusal(corpus.valid_pdf(), "без расширения").reason == "type"
    with pytest.raises(ValueError):
        inspect_upload(corpus.valid_pdf(), "x.pdf", allowed=("pdf", "exe"))


def test_more_text_than_the_budget_is_refused():
    assert refusal(corpus.valid_docx(), "x.docx", limits=Limits(max_text=20)).reason == "text_too_long"
    assert refusal(corpus.valid_pdf(), "x.pdf", limits=Limits(max_text=20)).reason == "text_too_long"


@pytest.mark.parametrize("build, filename", [(corpus.valid_docx, "x.docx"), (corpus.valid_pdf, "x.pdf")])
def test_parsing_that_runs_past_its_time_budget_is_refused(build, filename):
    refused = refusal(build(), filename, limits=Limits(max_seconds=-1))
    assert refused.reason == "too_slow" and "слишком сложный" in str(refused)


# ---------------------------------------------------------------------------
# Required sections
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def federal():
    """The plugin host with the federal defaults only."""
    return Host(make_plugin_manager(entrypoints=False))


def test_the_sections_a_document_lacks_are_named_for_the_user(federal):
    sections = federal.required_sections("66", "anti_risk_programme")
    inspected = inspect_upload(corpus.valid_docx(), "программа.docx")
    missing = missing_sections(inspected, sections)
    assert [s["code"] for s in missing] == ["measures", "indicators"]
    assert docinspect.missing_sections_message(missing, inspected) == \
        "В документе нет разделов: «Меры», «Показатели»."
    assert docinspect.missing_sections_message(missing[:1]) == "В документе нет раздела «Меры»."
    assert docinspect.missing_sections_message([], inspected) is None


def test_a_pdf_with_every_section_of_a_concept_lacks_none(federal):
    text = inspect_upload(corpus.pdf_bytes(["I. ЦЕЛИ", "Раздел 2. Задачи", "3) Ожидаемые", "результаты"]),
                          "концепция.pdf")
    assert missing_sections(text, federal.required_sections("66", "development_concept")) == []


@pytest.mark.parametrize("text", ["Цели", "1. Цели", "  ЦЕЛИ:  ", "II. Цели программы", "а) цели",
                                  "§ 2 Цели", "— Цели"])
def test_a_section_title_counts_at_the_start_of_a_line_whatever_its_numbering_and_case(text):
    assert missing_sections(f"Введение\n{text}\nТекст", [{"code": "goals", "title": "Цели"}]) == []


@pytest.mark.parametrize("text", ["Наши цели ясны", "Целиком и полностью", "Целевые показатели"])
def test_a_title_inside_a_sentence_or_a_longer_word_does_not_count(text):
    assert missing_sections(text, [{"code": "goals", "title": "Цели"}]) != []


def test_titles_match_with_yo_as_ye_whitespace_folded_and_wrapped_over_lines():
    sections = [{"code": "r", "title": "Ожидаемые  результаты"}, {"code": "e", "title": "Ёмкость"}]
    assert missing_sections("1. ожидаемые\nрезультаты\nЕмкость сети", sections) == []


def test_anywhere_accepts_a_title_inside_a_sentence():
    sections = [{"code": "goals", "title": "Цели"}]
    assert missing_sections("Наши цели ясны", sections, anywhere=True) == []
    assert missing_sections("Целиком", sections, anywhere=True) == sections


def test_a_document_without_any_text_is_reported_as_a_probable_scan():
    empty = Inspected("pdf", "скан.pdf", 10, "", pages=1)
    message = docinspect.missing_sections_message([{"code": "g", "title": "Цели"}], empty)
    assert "скан" in message


# ---------------------------------------------------------------------------
# Bounded memory, measured
# ---------------------------------------------------------------------------

def test_the_whole_corpus_is_inspected_within_bounded_memory():
    # In a child process, so its peak RSS is this corpus's and nothing else's. NB: VmHWM, not getrusage's
    # ru_maxrss, which Linux keeps across exec: a child of the whole suite's large process inherited its peak.
    code = ("import json, re\n"
            "from tests.unit.docinspect_corpus import run_corpus\n"
            "results = run_corpus()\n"
            "status = open('/proc/self/status').read()\n"
            "peak = int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1))\n"
            "print(json.dumps({'results': results, 'peak_kb': peak}))\n")
    child = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout.strip().splitlines()[-1])
    expected = {name: reason for name, (_, _, _, reason) in corpus.CORPUS.items()}
    expected.update({name: filename.rsplit(".", 1)[1] for name, (filename, _) in corpus.GOOD.items()})
    assert report["results"] == expected
    peak_mb = report["peak_kb"] / 1024
    print(f"peak RSS of the corpus run: {peak_mb:.0f} MB")
    assert peak_mb < RSS_BOUND_MB, f"peak RSS {peak_mb:.0f} MB"
