"""The baseline of the import: plain ZODB, no application code.

``python -m tests.bench.raw_zodb FILE.csv URI`` reads the same organisation
file with the csv module and stores one simple persistent object per school
(title, code, school_type) in OOBTree folders three levels deep (regions >
municipalities > schools), in a single commit.
"""
import csv
import sys

from persistent import Persistent


class RawSchool(Persistent):
    """The least a school can be."""

    def __init__(self, code, title, school_type):
        self.code = code
        self.title = title
        self.school_type = school_type


def store(path, uri):
    """Store every school of the CSV at ``path`` into the database at ``uri``; return the count."""
    import transaction
    from BTrees.OOBTree import OOBTree

    from tests.bench.support import opened_db
    with opened_db(uri) as db:
        conn = db.open()
        try:
            regions = conn.root()["regions"] = OOBTree()
            count = 0
            with open(path, newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                next(reader)
                for region, _, muni, _, code, title, kind in reader:
                    folder = regions.get(region)
                    if folder is None:
                        folder = regions[region] = OOBTree()
                    schools = folder.get(muni)
                    if schools is None:
                        schools = folder[muni] = OOBTree()
                    schools[code] = RawSchool(code, title, kind)
                    count += 1
            transaction.commit()
        finally:
            transaction.abort()
            conn.close()
    return count


if __name__ == "__main__":
    # Import under the real module name, so RawSchool pickles as tests.bench.raw_zodb.RawSchool.
    from tests.bench.raw_zodb import store as _store
    print(_store(sys.argv[1], sys.argv[2]))
