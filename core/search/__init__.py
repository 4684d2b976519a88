"""Full-text search over acts and uploaded documents, in Russian, within what a user may see.

- ``lexicon``: the Russian pipeline (words, ё→е, stop words, Snowball stems)
  shared by indexing, queries and passages;
- ``indexes``: the catalog indexes (registered with ``core.catalog.add_indexes``
  when this package is imported) and what they read from a searchable object
  (``search_text()`` and ``search_*``);
- ``query``: parsing a query and its filters, the visibility sets, ranking and paging;
- ``passage``: the best matching fragment of a text, matched words marked;
- ``results``: a page of results as the page, the API and the benchmark show it.

"""
from core.search import indexes  # noqa: F401  (registers the search indexes with the catalog)
