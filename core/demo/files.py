"""The files of the demo: Word documents as a school would write them."""
import io

import docx


def demo_docx(title, school):
    """A small Word document as a school would write it."""
    document = docx.Document()
    document.add_heading(title, 0)
    document.add_paragraph(school)
    for heading, text in (("Цели", "Повышение качества образования и снижение доли неуспевающих."),
                          ("Задачи", "Обновить систему внутришкольного оценивания; организовать наставничество."),
                          ("Ожидаемые результаты", "Доля обучающихся, освоивших программу, не ниже 95 %.")):
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
