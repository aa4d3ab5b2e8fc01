"""Adapters to the outside: HTTP, database, chat."""
