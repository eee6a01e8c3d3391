"""Fixtures for a real RDAP HTTP server on 127.0.0.1 (filled in by the registry-lookup work)."""
