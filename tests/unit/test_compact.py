"""History entries and journal events come back from the database as they went in, in fewer bytes."""
import dataclasses
import datetime
import pickle

import pytest
import ZODB
from persistent.mapping import PersistentMapping
from ZODB.FileStorage import FileStorage
from ZODB.serialize import ObjectWriter

from core.journal import Event
from core.project500.model import Review
from core.workflow import HistoryEntry

UTC = datetime.timezone.utc
AT = datetime.datetime(2026, 3, 30, 17, 5, 9, 123456, tzinfo=UTC)


def _stored_and_read_back(value, tmp_path):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with db.transaction() as conn:
        conn.root()["case"] = PersistentMapping(value=value)
    db.close()
    return _read_back(tmp_path)


def _read_back(tmp_path):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    try:
        with db.transaction() as conn:
            return conn.root()["case"]["value"]
    finally:
        db.close()


YEKATERINBURG = datetime.timezone(datetime.timedelta(hours=5))


@pytest.mark.parametrize("at", [AT, datetime.datetime(2026, 3, 30, 17, 5),
                                datetime.datetime(2026, 3, 30, 22, 5, tzinfo=YEKATERINBURG)],
                         ids=["utc", "naive", "yekaterinburg"])
def test_a_history_entry_reads_back_equal_with_its_time_zone(at, tmp_path):
    entry = HistoryEntry("return", "submitted", "returned", "curator", at, "Уточните сроки мер")
    back = _stored_and_read_back((entry,), tmp_path)[0]
    assert back == entry
    assert back.at.utcoffset() == at.utcoffset()


def test_journal_events_and_reviews_read_back_equal(tmp_path):
    event = Event("curator_assigned", "coordinator", AT, "Иванова И. И.; договор заключён")
    review = Review("expert", AT, (("goals", True, ""), ("measures", False, "Нет сроков")), False)
    assert _stored_and_read_back((event, review), tmp_path) == (event, review)


def test_a_record_stored_before_compact_pickles_still_loads(tmp_path, monkeypatch):
    from core.compact import Compact
    entry = HistoryEntry("confirm", "submitted", "confirmed", "curator", AT)
    with monkeypatch.context() as m:
        # NB: stored as a frozen dataclass was, by the generic protocol.
        m.delattr(Compact, "__reduce__")
        assert b"_rebuild" not in pickle.dumps(entry, 3)
        written = _stored_and_read_back((entry,), tmp_path)[0]
    assert written == entry
    back = _read_back(tmp_path)[0]
    assert back == entry and back.at.tzinfo is UTC


@dataclasses.dataclass(frozen=True)
class GenericEntry:
    """A history entry pickled by the generic protocol, as HistoryEntry was."""

    transition: str
    from_state: str
    to_state: str
    actor: str
    at: datetime.datetime
    comment: str = ""


def test_a_compact_history_takes_about_half_the_bytes_of_the_generic_pickle():
    rows = [("submit", "draft", "submitted", "head", AT + datetime.timedelta(days=i), "") for i in range(4)]
    writer = ObjectWriter()
    generic = writer._dump(dict, tuple(GenericEntry(*r) for r in rows))
    compact = writer._dump(dict, tuple(HistoryEntry(*r) for r in rows))
    assert len(compact) < 0.6 * len(generic), (len(compact), len(generic))
