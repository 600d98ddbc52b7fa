"""The known-quality stand-in upstream (quiz.py), served once per module on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from quiz import QuizUpstream

from servers import serving


@pytest.fixture(scope="module")
def quiz() -> Iterator[QuizUpstream]:
    upstream = QuizUpstream()
    with serving(upstream) as server:
        upstream.url = server.url
        yield upstream
