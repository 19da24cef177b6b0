"""Solidarity event listings: submission, moderation, discovery, feeds."""
