"""Sharing: the share cards the app draws itself, Open Graph tags and plain share links."""
