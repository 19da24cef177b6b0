"""Organiser kits: one PDF per event or day of action: poster, case cards, envelopes, guidance, sign-up sheet."""
