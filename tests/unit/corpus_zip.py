"""ZIP archives by hand, for the inspector's corpus (``docinspect_corpus``).

``zipfile`` cannot write pre-compressed data or lie about sizes; these
helpers can. The zip bombs inflate past 1 GiB yet take about a megabyte:
a deflate block for 1 MiB of zeros, flushed to a byte boundary, is the same
bytes every time, so the stream is that block repeated.
"""
import functools
import io
import struct
import zipfile
import zlib

GIB = 1024 ** 3
MIB = 1024 ** 2

@functools.lru_cache(maxsize=None)
def deflated_zeros(size, wbits=-15):
    """(compressed stream, crc32) of ``size`` zero bytes (a multiple of 1 MiB), built in milliseconds."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = size // MIB
    if wbits > 0:
        # zlib wrapper: header in the first block, Adler-32 of n zeros is (n mod 65521) << 16 | 1.
        tail = b"\x03\x00" + struct.pack(">L", ((size % 65521) << 16) | 1)
        return first + block * (count - 1) + tail, None
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    return block * count + b"\x03\x00", crc


def member(name, payload=b"", *, raw=None, crc=None, size=None, declared=None, compressed=None,
           stored=False):
    """A ZIP member: deflated (or ``stored``) from ``payload``, or ``raw`` deflate data with its crc and size.

    ``declared`` and ``compressed`` make the directory claim other sizes than the real ones.
    """
    if raw is None:
        if stored:
            raw = payload
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = compressor.compress(payload) + compressor.flush()
        crc, size = zlib.crc32(payload), len(payload)
    return {"name": name, "raw": raw, "crc": crc, "size": size, "method": 0 if stored else 8,
            "declared": size if declared is None else declared,
            "compressed": len(raw) if compressed is None else compressed}


def zip_bytes(members, *, zip64=False):
    """A ZIP archive of ``members`` (see ``member``), declared sizes as given.

    With ``zip64`` the central directory keeps sizes and offsets in ZIP64
    extra fields and ends with a ZIP64 end record, as large-file writers do.
    """
    out, central = io.BytesIO(), []
    for m in members:
        name = m["name"].encode()
        offset = out.tell()
        fields = (20, 0x800, m["method"], 0, 0x21, m["crc"], m["compressed"], m["declared"], len(name))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + name + m["raw"])
        if zip64:
            extra = struct.pack("<2H3Q", 1, 24, m["declared"], m["compressed"], offset)
            big = fields[:6] + (0xFFFFFFFF, 0xFFFFFFFF) + fields[8:]
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 45, *big, len(extra), 0, 0, 0, 0,
                                       0xFFFFFFFF) + name + extra)
        else:
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset)
                           + name)
    start = out.tell()
    out.write(b"".join(central))
    size, count = out.tell() - start, len(members)
    if zip64:
        record = out.tell()
        out.write(struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, start))
        out.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, record, 1))
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
    else:
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


def parts_of(data):
    """The members of a (trusted) ZIP as {name: bytes}."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(parts, **options):
    """A ZIP of {name: bytes}."""
    return zip_bytes([member(name, payload) for name, payload in parts.items()], **options)




def with_parts(data, changes):
    """The (trusted) ZIP ``data`` with parts replaced or added ({name: bytes}), or removed (None)."""
    parts = parts_of(data)
    for name, payload in changes.items():
        if payload is None:
            parts.pop(name, None)
        else:
            parts[name] = payload
    return rezip(parts)


def zero_archive(size, name="data.bin"):
    """A ZIP of one part of ``size`` zeros (a multiple of 1 MiB), sizes declared honestly: about size / 1000 bytes."""
    raw, crc = deflated_zeros(size)
    return zip_bytes([member(name, raw=raw, crc=crc, size=size)])
