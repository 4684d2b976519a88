"""The 500+ project: support of schools with low results (DOMAIN.md, Process 1; seed 004).

``model`` holds what a participation keeps, ``steps`` the steps of the
municipal roadmap in order, ``indicators`` the shares kept on change, and
``forms`` the structured concept documents a region may extend.
"""
