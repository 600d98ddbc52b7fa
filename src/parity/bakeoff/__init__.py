"""Bakeoff: replay traffic through the incumbent and candidate models and give a statistically honest verdict."""
