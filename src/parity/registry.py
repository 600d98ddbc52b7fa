"""One shape for every extension point (providers, scorers, and later probes and scan rules): a name -> class
registry filled by a decorator, with built-ins imported on first use and third-party plugins found through an
entry-point group. Importing lazily keeps ``parity --help`` from loading every plugin's dependencies."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

from parity.errors import ConfigError

T = TypeVar("T")
C = TypeVar("C", bound=type[Any])


class Registry(Generic[T]):
    def __init__(self, kind: str, group: str, builtins: dict[str, str]) -> None:
        self.kind = kind
        self.group = group
        self.builtins = builtins
        """Name -> the module that registers it when imported."""
        self._classes: dict[str, type[T]] = {}

    def register(self, name: str) -> Callable[[C], C]:
        """Class decorator: make the class available under ``name``; sets its ``name`` attribute."""

        def add(cls: C) -> C:
            cls.name = name
            self._classes[name] = cls
            return cls

        return add

    def get(self, name: str) -> type[T]:
        if name not in self._classes:
            if name in self.builtins:
                importlib.import_module(self.builtins[name])
            else:
                for ep in entry_points(group=self.group, name=name):
                    ep.load()
        if name not in self._classes:
            raise ConfigError(f"unknown {self.kind} {name!r}; available: {', '.join(self.available())}")
        return self._classes[name]

    def available(self) -> list[str]:
        return sorted(set(self._classes) | set(self.builtins) | {ep.name for ep in entry_points(group=self.group)})
