"""Full-text search over acts and uploaded documents, in Russian, within what a user may see.

- ``lexicon``: the Russian pipeline (words, ё→е, stop words, Snowball stems)
  shared by indexing, queries and passages;
- ``indexes``: the catalog indexes (``make_catalog`` adds them) and what they
  read from a searchable object (``search_text()`` and ``search_*``);
- ``query``: parsing a query and its filters, the visibility sets, ranking and paging;
- ``passage``: the best matching fragment of a text, matched words marked;
- ``results``: a page of results as the page, the API and the benchmark show it.

NB: nothing is imported here: ``core.catalog`` imports ``indexes`` while
``results`` imports ``core.catalog``.
"""
