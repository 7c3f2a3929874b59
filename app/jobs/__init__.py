"""Background jobs: long work (sending hundreds of e-mails, big PDFs) that no request waits for.

A job is a row in the database with one row per item of work, so that it survives the
process that runs it: a crashed job is resumed where it stopped and never handles an item
twice that it recorded as done. See docs/jobs.md.
"""
