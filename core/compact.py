"""Small immutable records kept inside case objects, pickled compactly.

A case object's history and journal are tuples of frozen dataclasses, and
the object's record is written again, whole, by every transition. A
dataclass pickles by the generic protocol (``copyreg.__newobj__`` and a dict
of field names) and an aware datetime drags its time zone in after it: a
document's three lines of history took nearly half the time its whole record took
to write. ``Compact`` records pickle as their class and a tuple of field
values instead, with UTC times as integer microseconds: half the bytes, and
a third less time to write.

Records stored before keep their old form and load as before.

NB: ``_rebuild`` is named in stored records: rename or move it only with an
evolve step.
"""
import dataclasses
import datetime

_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def _layout(cls):
    """``cls``'s field names and the positions of its datetime fields, worked out once per class."""
    try:
        return cls.__dict__["_compact_layout"]
    except KeyError:
        fields = dataclasses.fields(cls)
        layout = (tuple(f.name for f in fields),
                  tuple(i for i, f in enumerate(fields) if f.type in (datetime.datetime, "datetime.datetime")))
        cls._compact_layout = layout
        return layout


def _rebuild(cls, *values):
    """The record ``cls(*values)``, its UTC times given back as aware datetimes."""
    values = list(values)
    for i in _layout(cls)[1]:
        if type(values[i]) is int:
            values[i] = _EPOCH + datetime.timedelta(microseconds=values[i])
    return cls(*values)


class Compact:
    """Mixin of a frozen dataclass: pickled as its class and its field values, UTC times as integers."""

    __slots__ = ()

    def __reduce__(self):
        names, times = _layout(type(self))
        values = [getattr(self, name) for name in names]
        for i in times:
            at = values[i]
            # NB: only UTC: another zone (or a naive time) is kept as it is, so it comes back the same.
            if isinstance(at, datetime.datetime) and at.tzinfo is _UTC:
                values[i] = (at - _EPOCH) // _MICROSECOND
        return _rebuild, (type(self), *values)
