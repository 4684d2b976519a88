"""Passwords a person may choose, and log-in names a person may be given.

Strength is judged by zxcvbn (Dropbox's estimator: common passwords,
dictionary words, names, keyboard rows, repeats, sequences, dates), whose
English advice is told in Russian here. A password typed on the Russian
keyboard layout is judged as the keys it was typed with too, so
``йцукенгшщз`` is the keyboard row ``qwertyuiop`` it is.

A log-in name is one script only: ``tеacher`` with a Cyrillic ``е`` looks
like ``teacher`` and must never become a second account beside it.
"""
import threading
import unicodedata

MIN_LENGTH = 8
# zxcvbn's scores run 0..4; 3 is "safely unguessable: moderate protection
# from an offline attack on a slow hash" (our hashes are Argon2).
MIN_SCORE = 3
# zxcvbn refuses longer input; a password this long is judged by its start.
CHECKED_LENGTH = 72

_RU_LAYOUT = str.maketrans("йцукенгшщзхъфывапролджэячсмитьбюё", "qwertyuiop[]asdfghjkl;'zxcvbnm,.`")
_ADVICE = {
    "Straight rows of keys are easy to guess.": "ряд соседних клавиш легко подобрать",
    "Short keyboard patterns are easy to guess.": "короткий узор на клавиатуре легко подобрать",
    'Repeats like "aaa" are easy to guess.': "повторы вроде «ааа» легко подобрать",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        "повторы вроде «абвабвабв» подобрать почти так же легко, как «абв»",
    'Sequences like "abc" or "6543" are easy to guess.': "последовательности вроде «abc» или «6543» легко подобрать",
    "Recent years are easy to guess.": "недавние годы легко подобрать",
    "Dates are often easy to guess.": "даты легко подобрать",
    "This is a top-10 common password.": "это один из самых распространённых паролей",
    "This is a top-100 common password.": "это один из самых распространённых паролей",
    "This is a very common password.": "это очень распространённый пароль",
    "This is similar to a commonly used password.": "он похож на распространённый пароль",
    "A word by itself is easy to guess.": "одно слово легко подобрать",
    "Names and surnames by themselves are easy to guess.": "имена и фамилии легко подобрать",
    "Common names and surnames are easy to guess.": "распространённые имена и фамилии легко подобрать",
}
# NB: zxcvbn keeps the personal words of a check in a module-level dict,
# so two threads checking at once would see each other's words.
_ZXCVBN_LOCK = threading.Lock()


def _weakest(password, personal):
    # NB: here, not at the top: zxcvbn builds its dictionaries as it is imported (30 ms of every
    # worker's start), and only a person setting a password needs them.
    from zxcvbn import zxcvbn

    with _ZXCVBN_LOCK:
        results = [zxcvbn(candidate[:CHECKED_LENGTH], user_inputs=personal)
                   for candidate in {password, password.lower().translate(_RU_LAYOUT)}]
    return min(results, key=lambda r: r["score"])


def password_problem(password, *personal):
    """Why ``password`` may not be used (Russian), or None; ``personal``: the person's login, name, e-mail."""
    if len(password) < MIN_LENGTH:
        return f"Пароль должен быть не короче {MIN_LENGTH} символов."
    words = [w for text in personal if text for w in str(text).replace("@", " ").replace(".", " ").split()]
    result = _weakest(password, words)
    if result["score"] >= MIN_SCORE:
        return None
    if any(match.get("dictionary_name") == "user_inputs" for match in result["sequence"]):
        reason = "в нём ваше имя, логин или адрес почты"
    else:
        reason = _ADVICE.get(result["feedback"]["warning"], "его легко подобрать")
    return (f"Пароль слишком простой: {reason}. Возьмите три-четыре не связанных между собой слова "
            "или фразу, которую знаете только вы.")


def _script(char):
    return unicodedata.name(char, "").split(" ", 1)[0]


def mixes_scripts(login):
    """Whether the letters of ``login`` come from more than one script (Latin, Cyrillic, Greek...)."""
    return len({_script(c) for c in login if c.isalpha()}) > 1


def login_problem(login):
    """Why ``login`` may not name a new account (Russian), or None.

    Letters of one script (Latin or Cyrillic), ASCII digits and ``. _ - @ +``
    (an e-mail address is a login, and ``+`` is common in them): nothing that
    looks like another account's name or hides in the text.
    """
    if not login:
        return "Имя пользователя не может быть пустым."
    if mixes_scripts(login):
        return ("В имени пользователя смешаны буквы разных алфавитов (латинские и русские выглядят "
                "одинаково): наберите его буквами одного алфавита.")
    others = [c for c in login if not (c.isalpha() or (c.isascii() and (c.isdigit() or c in "._-@+")))]
    if others or not {_script(c) for c in login if c.isalpha()} <= {"LATIN", "CYRILLIC"}:
        return ("Имя пользователя может состоять только из латинских или русских букв, цифр "
                "и знаков «.», «_», «-», «@», «+».")
    return None
