"""Guidance for supporters (letter rules, the risks of writing), kept as data editors manage and source."""
