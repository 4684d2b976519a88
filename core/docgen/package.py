"""Writing a generated .docx: the template's unchanged parts copied still compressed.

A generated document differs from its template in one to three XML parts;
styles, theme, settings and fonts are the same bytes every time.
``zipfile`` would inflate and deflate them again for every document (most of
the cost of a small one), so the template's compressed entries are kept and
copied as they are, and only the rendered parts are compressed.
"""
import io
import struct
import zipfile
import zlib

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8 = 0x800
_VERSION = 20


class Entry:
    """One member of the package: name, method, CRC, sizes, compressed bytes, date and time."""

    __slots__ = ("name", "method", "crc", "size", "data", "time", "date")

    def __init__(self, name, method, crc, size, data, time, date):
        self.name, self.method, self.crc, self.size, self.data = name, method, crc, size, data
        self.time, self.date = time, date


def _dos(date_time):
    y, mo, d, h, mi, s = date_time
    return (h << 11) | (mi << 5) | (s // 2), ((max(y, 1980) - 1980) << 9) | (mo << 5) | d


def read_entries(data):
    """The members of a zip ``data`` as ``Entry`` objects, their bytes still compressed."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            offset = info.header_offset
            head = _LOCAL.unpack_from(data, offset)
            start = offset + _LOCAL.size + head[9] + head[10]
            raw = bytes(data[start:start + info.compress_size])
            time, date = _dos(info.date_time)
            entries.append(Entry(info.filename, info.compress_type, info.CRC, info.file_size, raw, time, date))
    return entries


def deflated(entry, content):
    """A copy of ``entry`` holding ``content`` (bytes), freshly deflated."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = compressor.compress(content) + compressor.flush()
    return Entry(entry.name, zipfile.ZIP_DEFLATED, zlib.crc32(content), len(content), raw, entry.time, entry.date)


def write_package(entries):
    """The zip bytes of ``entries``, in order."""
    out, central = bytearray(), bytearray()
    for e in entries:
        name = e.name.encode("utf-8")
        offset = len(out)
        out += _LOCAL.pack(b"PK\x03\x04", _VERSION, _UTF8, e.method, e.time, e.date, e.crc, len(e.data),
                           e.size, len(name), 0)
        out += name
        out += e.data
        central += _CENTRAL.pack(b"PK\x01\x02", _VERSION, _VERSION, _UTF8, e.method, e.time, e.date, e.crc,
                                 len(e.data), e.size, len(name), 0, 0, 0, 0, 0, offset)
        central += name
    start = len(out)
    out += central
    out += _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)
