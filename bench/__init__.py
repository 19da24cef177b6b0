"""Benchmarks and load tests against a real server; never part of `make test`.

`make bench` (`python -m bench`): a generator builds 100,000 prisoners, 20,000 events and 100,000
confirmed subscriptions on SQLite and PostgreSQL; the suite then measures the home page against a
trivial endpoint under gunicorn, name search, the reminder fan-out through the outbox, and the
event feeds, and writes a table and bench/results/latest.json. docs/performance.md explains them.

`make soak` (`python -m bench.soak`): a bounded load test of the deployed process layout.
"""
