"""Archives inside a part of a .docx/.xlsx (embedded objects), counted toward the inflation limit.

Word keeps an embedded workbook, document or any other file in
``word/embeddings/``; a chart's data is such a workbook in nearly every
report. One of them may be a ZIP whose own parts inflate to gigabytes when
the object is opened. Its directory is read from the last bytes of the part
as the part streams by, and what its parts declare is counted with all the
upload inflates; nothing inside it is inflated. (A nested archive that
understates its sizes is not caught here: nobody inflates it while we look.)
"""
from __future__ import annotations

from core.docinspect._base import InspectionRefused, human_size, refuse
from core.docinspect._zip import RATIO_FLOOR, read_directory

# The last bytes of a part kept to read an embedded archive's directory: room for
# thousands of entries, more than ``Limits.max_entries`` allows anyway.
TAIL = 1024 * 1024
_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class EmbeddedArchive:
    """Watches one part's chunks go by, keeping its first bytes and its last ``TAIL``."""

    def __init__(self):
        self.head = b""
        self.tail = bytearray()
        self.size = 0

    def watch(self, chunks):
        """Pass ``chunks`` through, remembering what ``check`` needs."""
        for chunk in chunks:
            if len(self.head) < 4:
                self.head += bytes(chunk[:4 - len(self.head)])
            self.size += len(chunk)
            self.tail += chunk
            if len(self.tail) > 2 * TAIL:
                del self.tail[:-TAIL]
            yield chunk

    def check(self, part, name, limits, budget):
        """Count what the part declares to inflate to, when it is a ZIP; refuse past the limits."""
        if not self.head.startswith(_MAGIC):
            return
        tail = bytes(self.tail[-TAIL:])
        try:
            entries = read_directory(tail, f"{name}: {part}", limits, missing=self.size - len(tail))
        except InspectionRefused:
            refuse("bomb", f"Файл «{name}» не принят: вложенный архив «{part}» не удаётся проверить "
                           f"(он повреждён или в нём слишком много частей).")
        for entry in entries:
            if entry.size > RATIO_FLOOR and entry.size > limits.max_ratio * max(entry.compressed, 1):
                refuse("bomb", f"Файл «{name}» не принят: часть «{entry.name}» вложенного архива «{part}» "
                               f"сжата подозрительно сильно, больше чем в {limits.max_ratio} раз "
                               f"(признак «zip-бомбы»).")
        declared = sum(entry.size for entry in entries)
        if budget.total + declared > limits.max_inflated:
            refuse("bomb", f"Файл «{name}» не принят: вложенный архив «{part}» после распаковки занял бы "
                           f"{human_size(declared)}, а весь файл может занять не больше "
                           f"{human_size(limits.max_inflated)} (признак «zip-бомбы»).")
        budget.total += declared
