"""Parity: evidence for switching from closed LLM APIs to open-weight models.

Importing this package does nothing but define its version: no network, no files, no logging setup.
"""

__version__ = "0.1.0"
