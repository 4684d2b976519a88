"""The accounts' pages: a node's people (invite one, load a list, run an account), the links, one's profile."""
