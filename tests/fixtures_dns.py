"""Fixtures for a real DNS server on 127.0.0.1 (filled in by the reputation work)."""
