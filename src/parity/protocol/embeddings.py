"""OpenAI embeddings wire types (the gateway offers embeddings in the OpenAI shape only)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parity.protocol._validate import validate_body


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


EmbeddingInput = str | list[str] | list[int] | list[list[int]]
"""Text, texts, one token array, or token arrays."""


class EmbeddingsRequest(_Model):
    """``POST /v1/embeddings``."""

    model: str = Field(min_length=1)
    input: EmbeddingInput
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: int | None = Field(default=None, ge=1)
    user: str | None = None

    @field_validator("input")
    @classmethod
    def _not_empty(cls, value: EmbeddingInput) -> EmbeddingInput:
        # OpenAI rejects empty input, and an empty item would be an empty vector nobody asked for.
        if isinstance(value, str):
            if not value:
                raise ValueError("input must not be empty")
            return value
        if not value:
            raise ValueError("input must not be an empty list")
        for item in value:
            if isinstance(item, str | list) and not item:
                raise ValueError("input must not contain empty items")
        return value


def validate_embeddings_request(body: dict[str, Any]) -> EmbeddingsRequest:
    """Validate a client's body; ``RequestError.param`` is the dotted path of the first bad field."""
    return validate_body(EmbeddingsRequest, body)


class Embedding(_Model):
    object: str = "embedding"
    index: int = 0
    embedding: list[float] | str
    """Floats, or a base64 string of little-endian float32 when ``encoding_format`` is ``base64``."""


class EmbeddingUsage(_Model):
    prompt_tokens: int = 0
    total_tokens: int = 0


class EmbeddingsResponse(_Model):
    object: str = "list"
    data: list[Embedding] = Field(default_factory=list)
    model: str = ""
    usage: EmbeddingUsage | None = None
