"""E-mail: composing Thai messages, delivering them over SMTP or into the outbox folder,
and sending batches of prepared messages as a background job. See docs/jobs.md.
"""
