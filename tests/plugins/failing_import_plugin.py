"""A broken plugin: it fails to import."""
import oko_no_such_dependency  # noqa: F401
