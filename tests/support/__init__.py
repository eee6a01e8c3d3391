"""Shared test support: servers on 127.0.0.1, fixtures and sample data helpers."""
