"""``seamgen mock``: the spec served as a real HTTP server, for clients, docs samples and tests."""
