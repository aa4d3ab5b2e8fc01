"""Prefect flows: what runs, when, on which event."""
