"""Retention: what the server forgets, and when (docs/privacy.md, "Retention").

A seized server should hold as little as possible about who cared: addresses that left or never
confirmed, organizers' private contacts once their event is history, and mail already sent. The
rules live together here so one module says everything the tracker deletes on a schedule.
"""
