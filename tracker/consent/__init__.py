"""Consent per output, who gave it and when, and two editors for anything that makes a record more public."""
