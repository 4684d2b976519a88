"""Krasnoyarsk region (24): the variant (regional) items of the CMM bank.

The unified model of leader attestation (seed 001) leans on the monitoring of
the leader's results and on management projects; its test items and cases
ask about them. The federal blueprint applies.
"""
from typing import Any

from core.plugin import hookimpl

_ALL = {"school_types": "all", "categories": ["head", "candidate"], "level": "regional"}

ITEMS: list[dict[str, Any]] = [
    {"code": "krsk-strategy-01", "kind": "single", "competence": "strategy", **_ALL,
     "stem": "На чём строится собеседование при аттестации руководителя в единой модели Красноярского края?",
     "options": [["a", "На результатах мониторинга деятельности руководителя"], ["b", "На стаже работы"],
                 ["c", "На отзывах из социальных сетей"]], "answer": ["a"]},
    {"code": "krsk-strategy-02", "kind": "single", "competence": "strategy", **_ALL,
     "stem": "Что обязательно содержит управленческий проект руководителя по структуре единой модели края?",
     "options": [["a", "Проблему, цель, задачи, мероприятия, ресурсы и ожидаемые результаты с критериями"],
                 ["b", "Только список мероприятий"], ["c", "Только смету"]], "answer": ["a"]},
    {"code": "krsk-quality-01", "kind": "multiple", "competence": "quality", **_ALL,
     "stem": "Какие результаты входят в мониторинг эффективности руководителя? Отметьте все верные ответы.",
     "options": [["a", "Образовательные результаты обучающихся в динамике"], ["b", "Кадровые условия"],
                 ["c", "Удовлетворённость участников образовательных отношений"], ["d", "Рост руководителя по росту"]],
     "answer": ["a", "b", "c"]},
    {"code": "krsk-partnership-01", "kind": "single", "competence": "partnership", **_ALL,
     "stem": "Какой показатель результата установлен для консультационной поддержки муниципалитетов в проекте края?",
     "options": [["a", "Консультацией обеспечены 100 % запросов"], ["b", "Не менее 50 % запросов"],
                 ["c", "Показатель не устанавливается"]], "answer": ["a"]},
    {"code": "krsk-staff-01", "kind": "single", "competence": "staff", **_ALL,
     "stem": "Кто входит в разработческие группы единой модели аттестации руководителей края?",
     "options": [["a", "Руководители ОО края и специалисты, отвечающие за аттестацию руководителей в муниципалитетах"],
                 ["b", "Только сотрудники министерства"], ["c", "Только родители"]], "answer": ["a"]},
    {"code": "krsk-digital-01", "kind": "short", "competence": "digital", **_ALL,
     "stem": "На сайте какого центра размещены материалы вебинара о модели аттестации? Укажите адрес сайта.",
     "answer": ["www.ca-kk.ru", "ca-kk.ru"]},
    {"code": "krsk-case-project", "kind": "case", "competence": "strategy", **_ALL,
     "stem": "По данным мониторинга доля выпускников вашей школы, поступивших в профильные колледжи и вузы края, "
             "снизилась. Сформулируйте тему управленческого проекта, его цель, задачи, этапы и критерии успеха.",
     "rubric": [{"code": "problem", "title": "Проблема опирается на данные мониторинга", "max": 3},
                {"code": "design", "title": "Цель, задачи и этапы согласованы", "max": 4},
                {"code": "criteria", "title": "Критерии успеха измеримы", "max": 3}],
     "max_score": 10},
]


@hookimpl
def oko_cmm_items(region, level):
    return [dict(item) for item in ITEMS if item["level"] == level]
