"""Names, places and authorities put in the case a sentence needs, and nouns agreed with numbers (pymorphy3).

A document or a message says «Решение по Сибирцевой Анне Михайловне
записано», «приказом Министерства образования Красноярского края», «3
направления»; the data holds names in the nominative. ``decline(text,
case)`` takes a person's full name («Сибирцева Анна Михайловна», «Петрова
А. С.», «И. И. Иванов»), a post with a name («начальник отдела Петрова
А. С.»), a place («Нижний Тагил», «г. Екатеринбург», «Свердловская
область») or an authority («Администрация города Екатеринбург») and answers
it in ``case``: ``"gent"`` (родительный), ``"datv"``, ``"accs"``, ``"ablt"``
(творительный), ``"loct"`` (предложный); ``"nomn"`` answers the text as it
is.

Given names, patronymics, places and common words come from pymorphy3's
dictionary; a surname, which a dictionary cannot list, is declined by its
ending and the person's gender (the patronymic says it, else the given name,
else the surname's ending): -ов/-ев/-ин, -ова/-ева/-ина, -ский/-ская and
other adjectives, -их/-ых and a woman's surname on a consonant are not
declined. A phrase declines its head and the words that agree with it
(«Свердловская область» → «Свердловской области»); what the head governs
stays («Министерство образования …» → «Министерства образования …»), but
a place after «город» or «г.» agrees with it («города Екатеринбурга»). A word
of capitals (an abbreviation) and anything in quotes or parentheses is never
changed.
"""
import functools
import re

import pymorphy3

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
CASE_TITLES = {"nomn": "именительный", "gent": "родительный", "datv": "дательный", "accs": "винительный",
               "ablt": "творительный", "loct": "предложный"}
# Nouns after which a place's name agrees with them («города Екатеринбурга»).
_SETTLEMENTS = {"город", "г.", "посёлок", "поселок", "пос.", "п.", "село", "с.", "рабочий посёлок"}
_INITIAL = re.compile(r"^[А-ЯЁ]\.$")
_INITIALS = re.compile(r"^[А-ЯЁ]\.\s?[А-ЯЁ]\.$")
_CYRILLIC = re.compile(r"^[А-ЯЁа-яё-]+$")


@functools.cache
def _morph():
    # NB: the dictionaries take about 20 MB and a tenth of a second to open: opened once, at first use.
    return pymorphy3.MorphAnalyzer(lang="ru")


def _check(case):
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}, expected one of {', '.join(CASES)}")


def _like(word, original):
    """``word`` written with ``original``'s capitals."""
    if original[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in word.split("-")) if "-" in original \
            else word[:1].upper() + word[1:]
    return word


# -- people ------------------------------------------------------------------

# A surname's ending, by gender: (ending, what replaces it in gent, datv, accs, ablt, loct).
_SURNAMES = {
    "m": [("ский", ("ского", "скому", "ского", "ским", "ском")),
          ("цкий", ("цкого", "цкому", "цкого", "цким", "цком")),
          ("ний", ("него", "нему", "него", "ним", "нем")),
          ("кий", ("кого", "кому", "кого", "ким", "ком")),
          ("гий", ("гого", "гому", "гого", "гим", "гом")),
          ("хий", ("хого", "хому", "хого", "хим", "хом")),
          ("ый", ("ого", "ому", "ого", "ым", "ом")),
          ("ий", ("его", "ему", "его", "им", "ем")),
          ("ов", ("ова", "ову", "ова", "овым", "ове")), ("ев", ("ева", "еву", "ева", "евым", "еве")),
          ("ёв", ("ёва", "ёву", "ёва", "ёвым", "ёве")), ("ин", ("ина", "ину", "ина", "иным", "ине")),
          ("ын", ("ына", "ыну", "ына", "ыным", "ыне")),
          ("ь", ("я", "ю", "я", "ем", "е")), ("й", ("я", "ю", "я", "ем", "е")),
          ("ия", ("ии", "ии", "ию", "ией", "ии")),
          ("я", ("и", "е", "ю", "ей", "е")),
          ("ка", ("ки", "ке", "ку", "кой", "ке")), ("га", ("ги", "ге", "гу", "гой", "ге")),
          ("ха", ("хи", "хе", "ху", "хой", "хе")),
          ("жа", ("жи", "же", "жу", "жей", "же")), ("ша", ("ши", "ше", "шу", "шей", "ше")),
          ("ча", ("чи", "че", "чу", "чей", "че")), ("ща", ("щи", "ще", "щу", "щей", "ще")),
          ("ца", ("цы", "це", "цу", "цей", "це")),
          ("а", ("ы", "е", "у", "ой", "е"))],
    "f": [("ская", ("ской", "ской", "скую", "ской", "ской")),
          ("цкая", ("цкой", "цкой", "цкую", "цкой", "цкой")),
          ("няя", ("ней", "ней", "нюю", "ней", "ней")),
          ("ая", ("ой", "ой", "ую", "ой", "ой")),
          ("ова", ("овой", "овой", "ову", "овой", "овой")), ("ева", ("евой", "евой", "еву", "евой", "евой")),
          ("ёва", ("ёвой", "ёвой", "ёву", "ёвой", "ёвой")), ("ина", ("иной", "иной", "ину", "иной", "иной")),
          ("ына", ("ыной", "ыной", "ыну", "ыной", "ыной")),
          ("ия", ("ии", "ии", "ию", "ией", "ии")),
          ("я", ("и", "е", "ю", "ей", "е")),
          ("ка", ("ки", "ке", "ку", "кой", "ке")), ("га", ("ги", "ге", "гу", "гой", "ге")),
          ("ха", ("хи", "хе", "ху", "хой", "хе")),
          ("жа", ("жи", "же", "жу", "жей", "же")), ("ша", ("ши", "ше", "шу", "шей", "ше")),
          ("ча", ("чи", "че", "чу", "чей", "че")), ("ща", ("щи", "ще", "щу", "щей", "ще")),
          ("ца", ("цы", "це", "цу", "цей", "це")),
          ("а", ("ы", "е", "у", "ой", "е"))],
}
_VOWELS = "аеёиоуыэюя"


def decline_surname(surname, gender, case):
    """A surname in ``case`` for a person of ``gender`` ("m" or "f"); a double one part by part.

    decline_surname("Сибирцева", "f", "datv") == "Сибирцевой"; «Каменских», «Шевченко» and a
    woman's «Смирнов»-less surname on a consonant («Гуревич») are not declined.
    """
    _check(case)
    if case == "nomn":
        return surname
    if "-" in surname:
        return "-".join(decline_surname(part, gender, case) for part in surname.split("-"))
    lower = surname.lower()
    if lower.endswith(("их", "ых")) or lower[-1:] in "оеиуыэю":
        return surname
    if lower.endswith(("ой", "ою", "ым", "им", "ом", "ем")):
        # NB: a surname typed already declined («Петровой», «Ивановым») is kept; so is a man's «Толстой».
        return surname
    for ending, forms in _SURNAMES[gender]:
        if lower.endswith(ending):
            return surname[:len(surname) - len(ending)] + forms[CASES.index(case) - 1]
    if gender == "m" and lower[-1:] not in _VOWELS:
        # A man's surname on a consonant: Гуревич, Шмидт.
        tail = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ем" if lower[-1] in "жшчщц" else "ом",
                "loct": "е"}[case]
        return surname + tail
    return surname


def _parse(word, tag):
    """The parse of ``word`` that carries ``tag`` (Name, Patr), or None."""
    return next((p for p in _morph().parse(word) if tag in p.tag), None)


def gender_of(given="", patronymic="", surname=""):
    """ "m" or "f": by the patronymic, else the given name, else the surname's ending ("m" when nothing says)."""
    patronymic = patronymic.lower()
    if patronymic.endswith(("вна", "чна", "кызы", "вну", "вной", "вне")):
        return "f"
    if patronymic.endswith(("вич", "ич", "оглы")):
        return "m"
    if given and not _INITIAL.match(given):
        parse = _parse(given, "Name")
        if parse is not None and parse.tag.gender in ("masc", "femn"):
            return "f" if parse.tag.gender == "femn" else "m"
    if surname.lower().endswith(("ова", "ева", "ёва", "ина", "ына", "ая", "яя")):
        return "f"
    return "m"


def _decline_name_word(word, tag, gender, case):
    if _INITIAL.match(word) or case == "nomn":
        return word
    grammemes = {"masc" if gender == "m" else "femn"}
    parses = [p for p in _morph().parse(word) if tag in p.tag and p.tag.gender in grammemes]
    for parse in parses:
        form = parse.inflect({case, "sing"})
        if form is not None:
            return _like(form.word, word)
    return word


def split_person(text):
    """``(surname, given, patronymic)`` of a full name or a name with initials; None when ``text`` is not one.

    «Сибирцева Анна Михайловна», «Петрова А. С.», «Петрова А.С.», «А. С. Петрова», «Иванов Иван».
    """
    words = text.replace(".", ". ").split()
    words = [w for w in words if w]
    if len(words) == 3 and all(_INITIAL.match(w) for w in words[:2]) and _CYRILLIC.match(words[2]):
        return words[2], words[0], words[1]
    if len(words) == 3 and _CYRILLIC.match(words[0]) and all(_INITIAL.match(w) for w in words[1:]):
        return words[0], words[1], words[2]
    if len(words) in (2, 3) and all(_CYRILLIC.match(w) and w[:1].isupper() and not w.isupper() for w in words):
        if len(words) == 3 and not _parse(words[2], "Patr"):
            return None
        if not _parse(words[1], "Name"):
            return None
        return words[0], words[1], words[2] if len(words) == 3 else ""
    return None


def decline_person(text, case):
    """A person's name in ``case``, written as it was given (order, initials): «Сибирцевой Анне Михайловне»."""
    _check(case)
    parts = split_person(text)
    if parts is None or case == "nomn":
        return text
    surname, given, patronymic = parts
    gender = gender_of(given, patronymic, surname)
    declined = {surname: decline_surname(surname, gender, case),
                given: _decline_name_word(given, "Name", gender, case),
                patronymic: _decline_name_word(patronymic, "Patr", gender, case)}
    if _INITIAL.match(given) and _INITIAL.match(patronymic):
        if text.strip().startswith(given[0]):
            return f"{given} {patronymic} {declined[surname]}"
        return f"{declined[surname]} {given} {patronymic}"
    return " ".join(declined[w] for w in (surname, given, patronymic) if w)


# -- places, authorities, posts ----------------------------------------------

def _nominative(word):
    parses = [p for p in _morph().parse(word) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
    if word[:1].isupper():
        parses.sort(key=lambda p: "Geox" not in p.tag and "Orgn" not in p.tag)
    return parses[0] if parses else None


def _inflect(parse, case, original, agree=None):
    grammemes = {case}
    if parse.tag.POS in ("ADJF", "PRTF") and agree is not None:
        grammemes |= {g for g in (agree.number, agree.gender if agree.number == "sing" else None) if g}
        if agree.number == "sing" and agree.gender == "masc" and case == "accs":
            grammemes.add(agree.animacy or "inan")
    form = parse.inflect(grammemes)
    return _like(form.word, original) if form is not None else original


def _head_of(words):
    """The index of the head noun (the first noun in the nominative), reading past adjectives; None when there is none."""
    for i, word in enumerate(words):
        if word.isupper() or not _CYRILLIC.match(word.replace("ё", "е")):
            return None
        parse = _nominative(word.split("-")[0])
        if parse is None:
            return None
        if parse.tag.POS == "NOUN":
            return i
    return None


def _decline_group(words, case):
    """Decline the leading group of ``words`` (adjectives and their noun): ``(declined, how many were taken)``."""
    head = _head_of(words)
    if head is None:
        return [], 0
    noun = _nominative(words[head].split("-")[0])
    out = []
    for word in words[:head + 1]:
        parts = []
        for part in word.split("-"):
            parse = _nominative(part)
            if parse is None:
                parts.append(part)
            elif parse.tag.POS == "NOUN":
                parts.append(_inflect(parse, case, part))
            else:
                parts.append(_inflect(parse, case, part, noun.tag))
        out.append("-".join(parts))
    return out, head + 1


def decline_phrase(text, case):
    """A place, an authority or a post in ``case``: the head and what agrees with it, a place after «город»."""
    _check(case)
    if case == "nomn" or not text.strip():
        return text
    words = text.split()
    if words[0].lower() in _SETTLEMENTS and words[0].endswith("."):
        # «г. Екатеринбург»: the abbreviation stays, the place agrees with it.
        rest, taken = _decline_group(words[1:], case)
        return " ".join(words[:1] + rest + words[1 + taken:])
    declined, taken = _decline_group(words, case)
    if not taken:
        return text
    if words[taken - 1].lower() in _SETTLEMENTS and taken < len(words) and words[taken][:1].isupper():
        rest, more = _decline_group(words[taken:], case)
        declined += rest
        taken += more
    return " ".join(declined + _places_agreed(words[taken:]))


def _places_agreed(words):
    """``words`` with a place named after «города», «посёлка»… put in their case («города Екатеринбурга»)."""
    out = list(words)
    for i, word in enumerate(out[:-1]):
        if not out[i + 1][:1].isupper() or not _CYRILLIC.match(word):
            continue
        settlement = next((p for p in _morph().parse(word) if p.normal_form in _SETTLEMENTS and p.tag.POS == "NOUN"),
                          None)
        if settlement is None or settlement.tag.case == "nomn":
            continue
        rest, taken = _decline_group(out[i + 1:], settlement.tag.case)
        out[i + 1:i + 1 + taken] = rest
    return out


def decline(text, case):
    """``text`` (a person's name, a post and a name, a place or an authority) in ``case``; see the module."""
    _check(case)
    text = " ".join(str(text or "").split())
    if not text or case == "nomn":
        return text
    if split_person(text) is not None:
        return decline_person(text, case)
    words = text.split()
    # A post and a name: «начальник отдела аттестации Петрова А. С.».
    for size in (3, 2):
        if len(words) > size:
            name = " ".join(words[-size:])
            if split_person(name) is not None and _head_of(words[:-size]) is not None:
                return f"{decline_phrase(' '.join(words[:-size]), case)} {decline_person(name, case)}"
    return decline_phrase(text, case)


def genitive(text):
    """A name, place or authority in the genitive: «Администрация города Екатеринбург» → «Администрации города Екатеринбурга»."""
    return decline(text, "gent")


def dative(text):
    """A name, place or authority in the dative: «Сибирцева Анна Михайловна» → «Сибирцевой Анне Михайловне»."""
    return decline(text, "datv")


def accusative(text):
    """A name, place or authority in the accusative: «Аттестационная Светлана Юрьевна» → «Аттестационную Светлану Юрьевну»."""
    return decline(text, "accs")


def instrumental(text):
    """A name, place or authority in the instrumental: «Министерство образования» → «Министерством образования»."""
    return decline(text, "ablt")


def prepositional(text):
    """A name, place or authority in the prepositional: «Нижний Тагил» → «Нижнем Тагиле»."""
    return decline(text, "loct")


def capfirst(text):
    """``text`` with its first letter a capital, the rest as it is: a name beginning a sentence («Начальнику отдела …»)."""
    text = str(text or "")
    return text[:1].upper() + text[1:]


FILTERS = {"capfirst": capfirst, "genitive": genitive, "dative": dative, "accusative": accusative, "instrumental": instrumental,
           "prepositional": prepositional}


@functools.cache
def _agreeable(word):
    return next((p for p in _morph().parse(word) if p.tag.POS == "NOUN"), _morph().parse(word)[0])


def plural(count, word):
    """``word`` (a noun in the nominative singular, or «рабочий день») agreed with ``count``: plural(3, "направление") == "направления".

    Agrees the last word and an adjective before it: plural(5, "рабочий день") == "рабочих дней".
    """
    words = word.split()
    noun = _agreeable(words[-1])
    agreed = noun.make_agree_with_number(abs(int(count)))
    out = [_like(agreed.word, words[-1]) if agreed is not None else words[-1]]
    for adjective in reversed(words[:-1]):
        parse = next((p for p in _morph().parse(adjective) if p.tag.POS == "ADJF"), None)
        form = None
        if agreed is not None and parse is not None:
            # NB: «1 рабочий день», but «2 рабочих дня» and «5 рабочих дней»: the adjective is plural after 2-4.
            one = abs(int(count)) % 10 == 1 and abs(int(count)) % 100 != 11
            form = None if one else parse.inflect({"gent", "plur"})
        out.insert(0, _like(form.word, adjective) if form is not None else adjective)
    return " ".join(out)


def count_of(count, word):
    """``count`` and ``word`` agreed with it: count_of(3, "направление") == "3 направления"."""
    return f"{count} {plural(count, word)}"
