"""Which passwords and log-in names may be chosen, and who must change a password first."""

import pytest

from core.resources import Root
from core.security.passwords import login_problem, password_problem
from core.security.users import User, add_user, demo_user, make_hasher, users_of

HASHER = make_hasher("fast")


def site():
    root = Root()
    root.services["users"] = {}
    return root


@pytest.mark.parametrize("weak, reason", [
    ("aaaaaaaaaa", "повторы"),
    ("password123", "распространённый"),
    ("qwertyuiop", "самых распространённых"),
    ("йцукенгшщз", "самых распространённых"),  # qwertyuiop typed on the Russian layout
    ("abcdefghijk", "последовательности"),
    ("короткий", None),
])
def test_common_repeated_and_keyboard_passwords_are_refused_with_a_russian_reason(weak, reason):
    problem = password_problem(weak)
    assert problem is not None and problem.startswith("Пароль")
    assert reason is None or reason in problem
    assert not any("a" <= ch <= "z" for ch in problem.lower().replace("abc", "")), problem


def test_a_password_made_of_ones_own_login_or_mail_is_refused():
    assert "ваше имя, логин" in password_problem("kuratorova2026", "anna", "Кураторова Анна", "kuratorova@school.ru")
    assert "ваше имя, логин" in password_problem("curator2026!", "curator")
    assert password_problem("kuratorova2026") is None


def test_passphrases_are_accepted():
    for good in ("correct horse battery", "Надёжный пароль для школы", "oko-demo-2026", "x" * 3 + "y7$Lm!q2Zp"):
        assert password_problem(good) is None, good


def test_a_very_long_password_is_judged_without_error():
    assert password_problem("уникальная фраза из многих слов " * 20) is None


@pytest.mark.parametrize("login", ["teacher", "учитель", "t-66.1@school", "expert_24a"])
def test_names_of_one_script_are_accepted(login):
    assert login_problem(login) is None


@pytest.mark.parametrize("login, reason", [
    ("t\u0435acher", "смешаны"),        # a Cyrillic "е" in a Latin name
    ("\u0441urator", "смешаны"),        # a Cyrillic "с"
    ("teacher\u200b", "только из латинских или русских букв"),  # a zero-width space
    ("t\u03bfacher", "смешаны"),   # a Greek omicron
    ("head 2", "только из латинских или русских букв"),
    ("αβγ", "только из латинских или русских букв"),  # Greek alone
])
def test_names_that_mix_scripts_or_hide_characters_are_refused(login, reason):
    assert reason in login_problem(login)


def test_add_user_refuses_a_mixed_name_or_a_weak_password_and_adds_nothing():
    root = site()
    with pytest.raises(ValueError, match="смешаны"):
        add_user(root, "t\u0435acher", "Учителева", "correct horse battery", HASHER)
    with pytest.raises(ValueError, match="слишком простой"):
        add_user(root, "teacher", "Учителева", "aaaaaaaaaa", HASHER)
    assert dict(users_of(root)) == {}


def test_an_account_someone_else_opens_must_change_its_password_and_a_demo_account_need_not():
    root = site()
    assert add_user(root, "teacher", "Учителева", "correct horse battery", HASHER).must_change_password
    assert not demo_user(root, "head", "Директорова", "oko-demo-2026", HASHER).must_change_password


def test_users_stored_before_the_flag_load_without_a_forced_change():
    user = User.__new__(User)
    user.__setstate__({"login": "old", "title": "Старый", "email": "", "password_hash": None})
    assert user.must_change_password is False


