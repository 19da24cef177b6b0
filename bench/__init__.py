"""Benchmarks at the issue's scale: `make bench` (or `python -m bench`), never part of `make test`.

A generator builds 100,000 prisoners, 20,000 events and 100,000 confirmed subscriptions on
SQLite and PostgreSQL; the suite then measures the home page against a trivial endpoint under
gunicorn, name search, the reminder fan-out through the outbox, and the event feeds, and writes
a table and bench/results/latest.json. docs/performance.md explains the figures.
"""
