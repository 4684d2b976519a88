"""The ZIP container of .docx/.xlsx, read defensively.

Nothing here trusts the archive: the central directory is walked by hand so
the number of entries is bounded before any per-entry object exists, entry
names are checked before use, declared sizes are checked before inflating,
and inflating is done here too (not by ``zipfile``), in small chunks with a
running counter, because declared sizes can lie.
"""
from __future__ import annotations

import re
import struct
import time
import zlib
from dataclasses import dataclass

from lxml import etree

from core.docinspect._base import MiB, corrupt, human_size, refuse, too_slow

# Inflate a compressed part in pieces this big (input) into pieces no bigger
# than this (output): memory per part stays a few hundred kilobytes.
IN_CHUNK = 64 * 1024
OUT_CHUNK = 256 * 1024
# Parts smaller than this may compress as well as they like: tiny repetitive
# XML legitimately reaches ratios a bomb would.
RATIO_FLOOR = 1 * MiB

_EOCD = struct.Struct("<4s4H2LH")          # end of central directory
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_CENTRAL = struct.Struct("<4s6H3L5H2L")    # central directory file header
_LOCAL = struct.Struct("<4s5H3L2H")        # local file header

# The parser for every XML part we read: no entity expansion, no DTD, no
# network, libxml2's default size and depth limits (huge_tree=False).
SAFE_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, attribute_defaults=False)


@dataclass
class Entry:
    """One part of the archive as the central directory declares it."""

    name: str
    raw_name: bytes
    flags: int
    method: int
    crc: int
    compressed: int
    size: int
    header: int          # absolute offset of the local header
    data: int = 0        # absolute offset of the compressed bytes (set by locate())


def read_directory(data, name, limits, missing=0):
    """The archive's entries, refusing as soon as there are more than ``limits.max_entries``.

    ``missing``: bytes of the archive before ``data``, when only its tail is
    at hand (an archive inside a part, ``_nested``); the directory must lie
    wholly in ``data``.
    """
    n = len(data)
    eocd = data.rfind(b"PK\x05\x06", max(0, n - _EOCD.size - 0xFFFF))
    if eocd < 0 or eocd + _EOCD.size > n:
        corrupt(name, "не найдено оглавление ZIP-архива")
    _, disk, cd_disk, disk_count, count, cd_size, cd_offset, _ = _EOCD.unpack_from(data, eocd)
    cd_end = eocd
    if 0xFFFF in (disk, cd_disk, disk_count, count) or 0xFFFFFFFF in (cd_size, cd_offset):
        locator = eocd - _ZIP64_LOCATOR.size
        if locator < 0 or data[locator:locator + 4] != b"PK\x06\x07":
            corrupt(name, "повреждено оглавление ZIP-архива")
        record = locator - _ZIP64_EOCD.size
        if record < 0 or data[record:record + 4] != b"PK\x06\x06":
            corrupt(name, "повреждено оглавление ZIP-архива")
        (_, _, _, _, disk, cd_disk, disk_count, count, cd_size,
         cd_offset) = _ZIP64_EOCD.unpack_from(data, record)
        cd_end = record
    if disk != 0 or cd_disk != 0 or disk_count != count:
        corrupt(name, "многотомные ZIP-архивы не поддерживаются")
    if count > limits.max_entries:
        _too_many(name, limits)
    cd_start = cd_end - cd_size
    # NB: bytes before the archive (a self-extractor stub) shift every offset;
    # zipfile tolerates them, so do we, by the same arithmetic.
    shift = cd_start + missing - cd_offset
    if cd_start < 0 or shift < 0:
        corrupt(name, "повреждено оглавление ZIP-архива")
    entries = []
    pos = cd_start
    while pos < cd_end:
        # NB: counted while walking: the count in the end record can lie.
        if len(entries) >= limits.max_entries:
            _too_many(name, limits)
        if pos + _CENTRAL.size > cd_end or data[pos:pos + 4] != b"PK\x01\x02":
            corrupt(name, "повреждено оглавление ZIP-архива")
        (_, _, _, flags, method, _, _, crc, compressed, size, name_len, extra_len, comment_len,
         disk_start, _, _, header) = _CENTRAL.unpack_from(data, pos)
        raw_name = bytes(data[pos + _CENTRAL.size:pos + _CENTRAL.size + name_len])
        extra = data[pos + _CENTRAL.size + name_len:pos + _CENTRAL.size + name_len + extra_len]
        if 0xFFFFFFFF in (size, compressed, header):
            size, compressed, header = _zip64_extra(extra, size, compressed, header, name)
        try:
            entry_name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
        except UnicodeDecodeError:
            corrupt(name, "имя внутренней части записано в неизвестной кодировке")
        entries.append(Entry(entry_name, raw_name, flags, method, crc, compressed, size, header + shift))
        pos += _CENTRAL.size + name_len + extra_len + comment_len
    if pos != cd_end:
        corrupt(name, "повреждено оглавление ZIP-архива")
    return entries


def _too_many(name, limits):
    refuse("entries", f"Файл «{name}» не принят: в нём больше {limits.max_entries} внутренних частей; "
                      f"в настоящем документе их единицы или десятки.")


def _zip64_extra(extra, size, compressed, header, name):
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<2H", extra, pos)
        if tag == 0x0001:
            values = list(struct.unpack_from(f"<{min(length, 24) // 8}Q", extra, pos + 4))
            try:
                # The record holds only the fields whose 32-bit value is 0xFFFFFFFF, in this order.
                if size == 0xFFFFFFFF:
                    size = values.pop(0)
                if compressed == 0xFFFFFFFF:
                    compressed = values.pop(0)
                if header == 0xFFFFFFFF:
                    header = values.pop(0)
            except IndexError:
                break
            return size, compressed, header
        pos += 4 + length
    corrupt(name, "повреждено оглавление ZIP-архива (ZIP64)")


def unsafe_name(entry_name):
    """Whether a part name could escape a directory or mean different files on different systems."""
    return (not entry_name or "\\" in entry_name or "\x00" in entry_name
            or entry_name.startswith("/") or re.match(r"[A-Za-z]:", entry_name) is not None
            or ".." in entry_name.split("/"))


def check_entries(entries, name, limits):
    """Refuse unsafe names, duplicates, encryption, unknown methods and declared bombs.

    Runs on the central directory alone, before a single byte is inflated.
    """
    seen = set()
    for entry in entries:
        if unsafe_name(entry.name):
            refuse("entry_name", f"Файл «{name}» не принят: недопустимое имя внутренней части "
                                 f"«{entry.name}» (пути с «..», абсолютные пути и обратная косая черта запрещены).")
        # NB: OOXML part names are case-insensitive; two spellings of one name
        # are read differently by different programs.
        key = entry.name.casefold()
        if key in seen:
            refuse("entry_name", f"Файл «{name}» не принят: внутренняя часть «{entry.name}» повторяется.")
        seen.add(key)
        if entry.flags & 0x41:
            refuse("encrypted", f"Файл «{name}» защищён паролем; сохраните его без пароля и загрузите снова.")
        if entry.method not in (0, 8):
            corrupt(name, f"часть «{entry.name}» сжата неподдерживаемым способом")
        if entry.method == 0 and entry.compressed != entry.size:
            corrupt(name, f"размеры части «{entry.name}» не согласованы")
    if sum(entry.size for entry in entries) > limits.max_inflated:
        _bomb(name, limits)
    for entry in entries:
        if entry.size > RATIO_FLOOR and entry.size > limits.max_ratio * max(entry.compressed, 1):
            _ratio(name, entry, limits)


def _bomb(name, limits):
    refuse("bomb", f"Файл «{name}» не принят: после распаковки он занял бы больше "
                   f"{human_size(limits.max_inflated)} (признак «zip-бомбы»).")


def _ratio(name, entry, limits):
    refuse("bomb", f"Файл «{name}» не принят: часть «{entry.name}» сжата подозрительно сильно, "
                   f"больше чем в {limits.max_ratio} раз (признак «zip-бомбы»).")


def locate(data, entries, name):
    """Find each part's compressed bytes through its local header; refuse overlapping parts."""
    end = len(data)
    for entry in entries:
        pos = entry.header
        if pos < 0 or pos + _LOCAL.size > end or data[pos:pos + 4] != b"PK\x03\x04":
            corrupt(name, f"не найдена часть «{entry.name}»")
        name_len, extra_len = struct.unpack_from("<2H", data, pos + 26)
        if data[pos + _LOCAL.size:pos + _LOCAL.size + name_len] != entry.raw_name:
            corrupt(name, f"имя части «{entry.name}» в оглавлении и в самой части различается")
        entry.data = pos + _LOCAL.size + name_len + extra_len
        if entry.data + entry.compressed > end:
            corrupt(name, f"часть «{entry.name}» обрезана")
    # NB: parts sharing compressed bytes are how non-recursive zip bombs
    # multiply one small kernel into gigabytes.
    spans = sorted((entry.header, entry.data + entry.compressed) for entry in entries)
    for (_, first_end), (second_start, _) in zip(spans, spans[1:]):
        if second_start < first_end:
            refuse("bomb", f"Файл «{name}» не принят: внутренние части архива перекрываются "
                           f"(признак «zip-бомбы»).")


class Budget:
    """The running count of bytes actually inflated from one archive, and of the time spent."""

    def __init__(self, name, limits):
        self.name = name
        self.limits = limits
        self.total = 0
        self.started = time.monotonic()

    def spend(self, entry, produced, amount):
        """Count ``amount`` new bytes of ``entry`` (``produced`` so far); refuse past any limit."""
        self.total += amount
        if produced > entry.size:
            refuse("bomb", f"Файл «{self.name}» не принят: часть «{entry.name}» распаковывается "
                           f"в больший объём, чем заявлено в архиве (признак «zip-бомбы»).")
        if self.total > self.limits.max_inflated:
            _bomb(self.name, self.limits)
        if produced > RATIO_FLOOR and produced > self.limits.max_ratio * max(entry.compressed, 1):
            _ratio(self.name, entry, self.limits)
        # NB: checked per chunk, so the parse of the chunk before counts too.
        if time.monotonic() - self.started > self.limits.max_seconds:
            too_slow(self.name, self.limits)


def inflate(data, entry, budget):
    """Yield the bytes of ``entry`` in chunks of at most OUT_CHUNK, counting every one.

    The counter is checked after each chunk, so a part whose declared size
    lies is stopped a chunk after it passes its claim; the CRC and the real
    size are checked at the end.
    """
    raw = memoryview(data)[entry.data:entry.data + entry.compressed]
    produced = 0
    crc = 0
    if entry.method == 0:
        for start in range(0, len(raw), OUT_CHUNK):
            chunk = bytes(raw[start:start + OUT_CHUNK])
            produced += len(chunk)
            budget.spend(entry, produced, len(chunk))
            crc = zlib.crc32(chunk, crc)
            yield chunk
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        pos = 0
        while not inflater.eof:
            if inflater.unconsumed_tail:
                piece = inflater.unconsumed_tail
            else:
                piece = raw[pos:pos + IN_CHUNK]
                pos += len(piece)
            try:
                chunk = inflater.decompress(piece, OUT_CHUNK)
            except zlib.error:
                corrupt(budget.name, f"часть «{entry.name}» не распаковывается")
            if not chunk:
                if not piece:
                    break        # input exhausted and nothing pending: truncated stream
                continue
            produced += len(chunk)
            budget.spend(entry, produced, len(chunk))
            crc = zlib.crc32(chunk, crc)
            yield chunk
        if not inflater.eof:
            corrupt(budget.name, f"часть «{entry.name}» обрезана")
    if produced != entry.size or crc != entry.crc:
        corrupt(budget.name, f"не совпадает контрольная сумма части «{entry.name}»")


# "<!DOCTYPE" as it appears in UTF-8 and UTF-16 text, lower-cased (bytes.lower()
# touches only ASCII letters, so it lower-cases UTF-16 ASCII too).
_DOCTYPE = tuple({"<!doctype".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")})
_DOCTYPE_TAIL = max(map(len, _DOCTYPE)) - 1
_XML_HEAD = 256
_DECLARED = re.compile(r"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


class DoctypeScanner:
    """Finds "<!DOCTYPE" (any case, UTF-8 or UTF-16) in a stream fed chunk by chunk.

    Keeps the last bytes of each chunk so a declaration split across two
    chunks is still found.
    """

    def __init__(self):
        self.tail = b""

    def found(self, chunk):
        """Whether the stream so far, ending with ``chunk``, contains a DOCTYPE."""
        window = (self.tail + bytes(chunk)).lower()
        self.tail = window[-_DOCTYPE_TAIL:]
        return any(pattern in window for pattern in _DOCTYPE)


def _encoding_allowed(head):
    # NB: libxml2 also reads UTF-7, UCS-4 and EBCDIC, in which "<!DOCTYPE"
    # has other bytes; OOXML allows only UTF-8 and UTF-16, so refuse the rest.
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return False
    if head.startswith((b"\xff\xfe", b"<\x00")):
        text, allowed = head.decode("utf-16-le", "ignore"), ("utf-16", "utf-16le")
    elif head.startswith((b"\xfe\xff", b"\x00<")):
        text, allowed = head.decode("utf-16-be", "ignore"), ("utf-16", "utf-16be")
    else:
        text, allowed = head.decode("utf-8", "ignore"), ("utf-8", "utf8")
    text = text.lstrip("\ufeff \t\r\n")
    if not text.startswith("<"):
        return False
    declared = _DECLARED.match(text)
    return declared is None or declared.group(1).lower() in allowed


def guarded_xml(chunks, entry_name, name):
    """Pass an XML part's chunks through, refusing a DOCTYPE or a non-UTF-8/16 encoding first."""
    scanner = DoctypeScanner()
    head = b""
    checked = False
    for chunk in chunks:
        if not checked:
            head += chunk
            if len(head) < _XML_HEAD:
                continue
            chunk, checked = head, True
            _check_head(head, entry_name, name)
        if scanner.found(chunk):
            _doctype(entry_name, name)
        yield chunk
    if not checked and head:
        _check_head(head, entry_name, name)
        if scanner.found(head):
            _doctype(entry_name, name)
        yield head


def _check_head(head, entry_name, name):
    if not _encoding_allowed(head):
        refuse("encoding", f"Файл «{name}» не принят: часть «{entry_name}» записана в недопустимой "
                           f"кодировке (в документах Office допускаются только UTF-8 и UTF-16).")


def _doctype(entry_name, name):
    refuse("doctype", f"Файл «{name}» не принят: часть «{entry_name}» содержит объявление DOCTYPE "
                      f"(внешние сущности и «бомбы сущностей» в документах запрещены).")


def parse_xml(chunks, handler, entry_name, name):
    """Feed an XML part to a safe pull parser, calling ``handler(event, element)``.

    Elements are cleared and dropped as soon as they end, so memory stays
    bounded by the depth of the document, not its length; the handler must
    take what it needs at the element's ``end`` event.
    """
    parser = etree.XMLPullParser(events=("start", "end"), **SAFE_PARSER_OPTIONS)

    def drain():
        for event, element in parser.read_events():
            handler(event, element)
            if event == "end":
                element.clear()
                if element.getprevious() is not None:
                    parent = element.getparent()
                    while element.getprevious() is not None:
                        del parent[0]

    try:
        for chunk in chunks:
            parser.feed(chunk)
            drain()
        root = parser.close()
        drain()
    except etree.XMLSyntaxError:
        corrupt(name, f"часть «{entry_name}» не является правильным XML")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        _doctype(entry_name, name)
