"""Services: move data between the adapters (database, HTTP, chat) and the pure core; one module per stage."""
