"""The session cookie: what a checked cookie holds is remembered, never shared, and a forged one stays refused."""
import pytest
from pyramid.session import JSONSerializer
from webob.cookies import SignedSerializer

from core.security.session_cookie import SALT, RememberingSerializer


def signed(secret="secret"):
    return SignedSerializer(secret, SALT, "sha512", serializer=JSONSerializer())


class Counting:
    """A serializer that counts the cookies it checks."""

    def __init__(self, inner):
        self.inner, self.checked = inner, 0

    def dumps(self, appstruct):
        return self.inner.dumps(appstruct)

    def loads(self, bstruct):
        self.checked += 1
        return self.inner.loads(bstruct)


def test_a_cookie_checked_once_is_not_checked_again():
    counting = Counting(signed())
    serializer = RememberingSerializer(counting)
    cookie = serializer.dumps([1.0, 2.0, {"uid": "curator", "sid": "s1"}])
    assert serializer.loads(cookie) == [1.0, 2.0, {"uid": "curator", "sid": "s1"}]
    assert serializer.loads(cookie) == [1.0, 2.0, {"uid": "curator", "sid": "s1"}]
    assert counting.checked == 1


def test_a_flash_message_added_to_one_request_session_is_not_seen_by_the_next_with_the_same_cookie():
    serializer = RememberingSerializer(signed())
    cookie = serializer.dumps([1.0, 2.0, {"uid": "head", "_f_": ["Сохранено"]}])
    first = serializer.loads(cookie)
    first[2]["_f_"].append("Ещё одно")
    first[2]["uid"] = "someone else"
    assert serializer.loads(cookie)[2] == {"uid": "head", "_f_": ["Сохранено"]}


def test_a_forged_cookie_is_refused_every_time_and_not_remembered():
    serializer = RememberingSerializer(signed())
    forged = RememberingSerializer(signed("another secret")).dumps([1.0, 2.0, {"uid": "admin"}])
    for _ in range(2):
        with pytest.raises(ValueError):
            serializer.loads(forged)
    assert serializer.remembered == 0


def test_no_more_cookies_are_remembered_than_the_bound():
    serializer = RememberingSerializer(signed(), size=3)
    cookies = [serializer.dumps([1.0, 2.0, {"uid": f"u{i}"}]) for i in range(10)]
    for cookie in cookies:
        serializer.loads(cookie)
    assert serializer.remembered <= 3
    assert serializer.loads(cookies[0])[2] == {"uid": "u0"}
