"""The lines of a teachers' file, read as a stream: a million-line CSV is never decoded whole."""
import csv
import io

from core import orgimport


def read_rows(data, filename):
    """``(line, [cells])`` of a CSV or XLSX file given as bytes (as ``orgimport.read_rows``)."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return orgimport.read_rows(data, filename)
    return _csv_rows(data, filename)


def _csv_rows(data, filename):
    sample = data[:4096].decode("utf-8-sig", "ignore")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # NB: the stream keeps one chunk decoded at a time; a whole decoded file of
    # Cyrillic names takes twice its size in bytes.
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        yield from enumerate(csv.reader(text, delimiter=delimiter), start=1)
    except UnicodeDecodeError:
        # The whole-file reader names the line of the bad byte.
        for _ in orgimport.read_rows(data, filename):
            pass
        raise
