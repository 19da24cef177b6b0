"""An append-only log of what editors did with the records of people at risk."""
