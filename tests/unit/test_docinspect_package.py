"""The inspector's newer checks: a real Office package, archives embedded in a document, PDF
actions, and the one upload limit of the site (the hostile files are in ``docinspect_corpus``)."""
import pytest

from core import docinspect
from core.docinspect import Limits, inspect_upload
from tests.unit import docinspect_corpus as corpus
from tests.unit.test_docinspect import refusal


def test_a_workbook_must_be_a_real_package_too():
    parts = corpus.parts_of(corpus.valid_xlsx())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"spreadsheetml.sheet.main+xml", b"xml")
    refused = refusal(corpus.rezip(parts), "книга.xlsx", allowed=("xlsx",))
    assert refused.reason == "package" and "не объявлена как таблица Excel" in str(refused)
    parts = corpus.parts_of(corpus.valid_xlsx())
    parts["xl/workbook.xml"] = b"<html><body/></html>"
    assert "нет книги" in str(refusal(corpus.rezip(parts), "книга.xlsx", allowed=("xlsx",)))


def test_what_an_embedded_archive_declares_counts_toward_the_inflation_limit():
    data = corpus.docx_with_embedded_workbook()
    outer = sum(len(payload) for payload in corpus.parts_of(data).values())
    inner = sum(len(payload) for payload in corpus.parts_of(corpus.valid_xlsx()).values())
    assert inspect_upload(data, "диаграмма.docx", limits=Limits(max_inflated=outer + inner)).kind == "docx"
    refused = refusal(data, "диаграмма.docx", limits=Limits(max_inflated=outer + inner - 1))
    assert refused.reason == "bomb"
    assert "вложенный архив «word/embeddings/Microsoft_Excel_Worksheet.xlsx» после распаковки" in str(refused)


def test_an_embedded_archive_whose_directory_cannot_be_read_is_refused():
    broken = corpus.docx_parts({"word/embeddings/oleObject1.bin": b"PK\x03\x04" + bytes(100)})
    refused = refusal(broken, "вложение.docx")
    assert refused.reason == "bomb" and "«word/embeddings/oleObject1.bin» не удаётся проверить" in str(refused)


def test_a_pdf_that_only_opens_at_its_first_page_is_accepted():
    assert inspect_upload(corpus.go_to_page_pdf(), "открытие.pdf").lines == ("Программа", "Цели")


def test_the_upload_limit_is_one_setting_read_from_the_ini_file():
    assert docinspect.upload_limits({}).max_size == Limits().max_size == 50 * corpus.MIB
    assert docinspect.upload_limits({"oko.upload_max_bytes": " 1_048_576 "}).max_size == corpus.MIB
    for wrong in ("20 МБ", "0", "-5"):
        with pytest.raises(ValueError, match="oko.upload_max_bytes"):
            docinspect.upload_limits({"oko.upload_max_bytes": wrong})
