"""The scan rules: one module per rule family, each registered in ``parity.scan.rules.base.RULES``."""
