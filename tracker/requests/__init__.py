"""Requests from people outside the site: corrections, withdrawals, consent changes; the editors' queue."""
