"""Results tables the results base's tests load: the ВПР and ЕГЭ of region 66's six schools over three years.

School 66-1-1's share at the base level of ВПР grows by three points a year
(a trend the dynamics must find); the others wander around a level.
"""
import csv
import datetime
import io

YEAR = datetime.date.today().year
YEARS = (YEAR - 2, YEAR - 1, YEAR)
HEADER = ["Код ОО", "Процедура", "Предмет", "Класс", "Год", "Число участников", "Средний балл", "Доля «2», %",
          "Доля «3», %", "Доля «4», %", "Доля «5», %"]
SCHOOLS = [f"66-{m}-{s}" for m in (1, 2) for s in (1, 2, 3)]


def table(rows, header=HEADER, delimiter=";"):
    """A CSV (UTF-8) of ``rows`` under ``header``, as a spreadsheet saves it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def shares(low, high):
    """Four shares (per cent) with ``low`` below the base level and ``high`` at the high level."""
    rest = 100 - low - high
    return [low, round(rest * 0.6, 1), round(rest - round(rest * 0.6, 1), 1), high]


def rows(years=YEARS, schools=SCHOOLS):
    """The ВПР (mathematics and Russian, grade 5) and ЕГЭ (Russian) results of ``schools`` in ``years``."""
    found = []
    for n, code in enumerate(schools):
        for k, year in enumerate(years):
            # NB: 66-1-1 improves steadily; the others wobble around their level.
            low = 20 - 3 * k if code == "66-1-1" else 12 + n + (k % 2) * 2
            for subject in ("Математика", "Русский язык"):
                found.append([code, "ВПР", subject, 5, year, 40 + n, "", *shares(low, 15 + n)])
            found.append([code, "ЕГЭ", "Русский язык", 11, year, 20 + n, 65 + n + k, *shares(2, 10 + k)])
    return found


def three_years():
    """The table of ``rows()``."""
    return table(rows())
