"""Pages of the CMM bank; templates in core/cmm/pages/templates/.

``bank`` the paged, filtered list of a bank, its import (QTI upload) and
export (QTI download), and the way into a region's bank before it exists;
``item`` an item with its versions, the form to create or edit it, and its
workflow buttons. Thin views over ``core.cmm``.
"""
