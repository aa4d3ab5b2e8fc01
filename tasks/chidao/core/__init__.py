"""The pure core: no Prefect, no database, no network."""
