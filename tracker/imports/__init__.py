"""CSV import of prisoner lists by editors."""
