"""Letters to prisoners: a fair suggestion of whom to write to, the envelope, and a count of letters sent."""
