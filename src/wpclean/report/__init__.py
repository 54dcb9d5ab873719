"""Telling people what a run did: the end-of-run summary and failure lines."""
