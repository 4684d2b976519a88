"""Writers of one process take turns: one request that may change something at a time, in the order they came;
reads are never held, and slow work that touches no shared record lends the turn to the next writer."""
import logging
import threading
import time
import types

import pytest
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationError
from pyramid.request import Request

from core.turns import Turn, lend_turn, take_turns

WAIT = 5  # seconds: the most any step here may take; a held request never returns sooner than this


def tween(turn, handler):
    """``take_turns`` over ``handler``, as the application stacks it, with ``turn`` as the registry's."""
    return take_turns(handler, types.SimpleNamespace(oko_turn=turn))


def request(method, person):
    """A request of ``person`` to the register of region 66."""
    return Request.blank("/api/v1/tree/66/@@acts", method=method, headers={"X-Person": person})


class Desk:
    """A handler that notes who came and when they left, and keeps a person until told to let them go."""

    def __init__(self):
        self.lock = threading.Lock()
        self.inside, self.most, self.log = 0, 0, []
        self.arrived = {}
        self.let_go = {}

    def keep(self, person):
        """Keep ``person`` inside until ``release(person)``; an event set once they are in."""
        self.arrived[person], self.let_go[person] = threading.Event(), threading.Event()
        return self.arrived[person]

    def release(self, person):
        self.let_go[person].set()

    def __call__(self, req):
        person = req.headers["X-Person"]
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
            self.log.append(f"in {person}")
        if person in self.arrived:
            self.arrived[person].set()
            assert self.let_go[person].wait(WAIT)
        with self.lock:
            self.inside -= 1
            self.log.append(f"out {person}")
        return person


def in_thread(target, *args):
    """``target(*args)`` started on a thread of its own: the thread, and a list that gets its result."""
    result = []
    thread = threading.Thread(target=lambda: result.append(target(*args)), daemon=True)
    thread.start()
    return thread, result


def until(condition):
    """Wait (at most WAIT seconds) until ``condition()`` holds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.001)


def test_people_writing_at_once_are_served_one_at_a_time_in_the_order_they_came():
    turn, desk = Turn(), Desk()
    serve = tween(turn, desk)
    desk.keep("first")
    threads = [in_thread(serve, request("POST", "first"))[0]]
    assert desk.arrived["first"].wait(WAIT)
    for n, (method, person) in enumerate([("POST", "second"), ("PUT", "third"), ("DELETE", "fourth"),
                                          ("PATCH", "fifth")], 1):
        threads.append(in_thread(serve, request(method, person))[0])
        until(lambda: turn.waiting == n)  # NB: queued one by one, so their order is known
    desk.release("first")
    for t in threads:
        t.join(WAIT)
    assert desk.most == 1
    people = ("first", "second", "third", "fourth", "fifth")
    assert desk.log == [f"{side} {person}" for person in people for side in ("in", "out")]
    assert turn.take() is True  # NB: free again once everyone is done


def test_people_reading_are_not_held_while_someone_writes():
    turn, desk = Turn(), Desk()
    serve = tween(turn, desk)
    desk.keep("writer")
    writer, _ = in_thread(serve, request("POST", "writer"))
    assert desk.arrived["writer"].wait(WAIT)
    for method in ("GET", "HEAD", "OPTIONS"):
        reader, answered = in_thread(serve, request(method, f"reader {method}"))
        reader.join(WAIT)
        assert answered == [f"reader {method}"]
    assert desk.most == 2 and desk.inside == 1  # NB: each read ran beside the write, which is still inside
    desk.release("writer")
    writer.join(WAIT)


def test_a_log_in_lends_the_turn_while_it_hashes_the_password_and_takes_it_back_after():
    turn, desk = Turn(), Desk()
    events, logged_in = [], threading.Event()

    def logging_in(req):
        logged_in.set()
        until(lambda: turn.waiting == 1)  # NB: a writer queues behind the log-in
        with lend_turn():
            # the writer runs its whole request while the password is hashed
            assert desk.arrived["writer"].wait(WAIT)
            events.append("hashing")
            desk.release("writer")
            until(lambda: desk.log[-1:] == ["out writer"])
        events.append("took the turn back")
        late, _ = in_thread(serve, request("POST", "late"))
        until(lambda: turn.waiting == 1)  # NB: the log-in holds the turn again: the late writer waits
        events.append("the late writer waits")
        return late

    def handler(req):
        return logging_in(req) if req.headers["X-Person"] == "log-in" else desk(req)
    serve = tween(turn, handler)
    desk.keep("writer")
    login, answered = in_thread(serve, request("POST", "log-in"))
    assert logged_in.wait(WAIT)
    writer, _ = in_thread(serve, request("POST", "writer"))
    for thread in (login, writer):
        thread.join(WAIT)
    late_writer = answered[0]
    late_writer.join(WAIT)
    assert events == ["hashing", "took the turn back", "the late writer waits"]
    assert desk.log == ["in writer", "out writer", "in late", "out late"]


def test_lending_the_turn_outside_a_writers_request_does_nothing():
    turn = Turn()
    with lend_turn():
        assert turn.take() is True  # NB: this thread held no turn, and none was taken from anyone
    turn.give_back()


def test_a_request_that_fails_gives_the_turn_back():
    turn = Turn()

    def failing(req):
        raise RuntimeError("the view failed")
    with pytest.raises(RuntimeError):
        tween(turn, failing)(request("POST", "someone"))
    assert turn.take() is True


def test_a_writer_kept_waiting_too_long_goes_on_without_the_turn_and_says_so(caplog):
    turn, desk = Turn(timeout=0.05), Desk()
    serve = tween(turn, desk)
    desk.keep("long import")
    importer, _ = in_thread(serve, request("POST", "long import"))
    assert desk.arrived["long import"].wait(WAIT)
    with caplog.at_level(logging.WARNING, logger="core.conflicts"):
        assert serve(request("POST", "impatient")) == "impatient"
    assert desk.most == 2 and turn.waiting == 0
    assert "без очереди" in caplog.text
    desk.release("long import")
    importer.join(WAIT)
    assert turn.take() is True  # NB: the impatient one took nothing, so nothing was left taken


@pytest.mark.parametrize("word, turns", [("true", True), ("false", False), (None, True)])
def test_the_setting_turns_the_writers_turn_on_or_off(word, turns):
    config = Configurator(settings={} if word is None else {"oko.writers_take_turns": word})
    config.include("core.conflicts")
    assert (config.registry.oko_turn is not None) is turns


def test_an_unknown_word_for_the_setting_stops_start_up():
    config = Configurator(settings={"oko.writers_take_turns": "sometimes"})
    with pytest.raises(ConfigurationError, match="oko.writers_take_turns"):
        config.include("core.conflicts")


class TurnFreeHasher:
    """Argon2 (cheap parameters) that notes, each time it works, whether another writer could take the turn."""

    def __init__(self, turn):
        from core.security.users import make_hasher
        self.turn, self.argon2, self.free = turn, make_hasher("fast"), []

    def _note(self):
        taken = Turn.take(self.turn)
        self.free.append(taken)
        if taken:
            self.turn.give_back()

    def hash(self, password):
        self._note()
        return self.argon2.hash(password)

    def verify(self, stored, password):
        self._note()
        return self.argon2.verify(stored, password)


def test_hashing_and_checking_passwords_lend_the_turn():
    from core.security.users import User, verify_dummy
    turn = Turn(timeout=0.01)
    hasher = TurnFreeHasher(turn)
    user = User("teacher", "Учитель")

    def handler(req):
        user.set_password("correct horse battery", hasher)
        return [user.check_password("correct horse battery", hasher), user.check_password("wrong", hasher),
                verify_dummy("anything", hasher)]
    assert tween(turn, handler)(request("POST", "teacher")) == [True, False, False]
    assert hasher.free and all(hasher.free)
