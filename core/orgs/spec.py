"""The organisations have pages only: the JSON API reads the tree as before (``/api/v1/tree``); loading a file,
editing, closing a school and adding an institution are taken on the region's pages (``core.orgs.pages``)."""
