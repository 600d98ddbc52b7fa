"""Anthropic Messages wire types: the request, the ``message`` response and the stream events.

Unknown fields are kept (``extra="allow"``) and unknown block types fall through to ``OtherBlock`` so
server-tool blocks and new features reach an Anthropic upstream untouched.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo, field_validator

from parity.protocol._validate import validate_body


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- content blocks --------------------------------------------------------------------------------------------

class TextBlock(_Model):
    type: Literal["text"]
    text: str
    citations: list[dict[str, Any]] | None = None


class Base64Source(_Model):
    type: Literal["base64"]
    media_type: str
    data: str


class URLSource(_Model):
    type: Literal["url"]
    url: str


class FileSource(_Model):
    type: Literal["file"]
    file_id: str


ImageSource = Annotated[Base64Source | URLSource | FileSource, Field(discriminator="type")]


class ImageBlock(_Model):
    type: Literal["image"]
    source: ImageSource


class DocumentBlock(_Model):
    """A PDF or text document; its ``source`` (base64, url, text, content, file) is passed on as given."""

    type: Literal["document"]
    source: dict[str, Any]
    title: str | None = None
    context: str | None = None


class ToolUseBlock(_Model):
    type: Literal["tool_use"]
    id: str
    name: str
    input: dict[str, Any]


class ThinkingBlock(_Model):
    type: Literal["thinking"]
    thinking: str
    signature: str | None = None
    """Anthropic signs its thinking; blocks from other upstreams have none."""


class RedactedThinkingBlock(_Model):
    type: Literal["redacted_thinking"]
    data: str


class OtherBlock(_Model):
    """A block type Parity does not model (server tools, search results...)."""

    type: str


def _block_tag(known: frozenset[str]) -> Any:
    def tag(value: Any) -> str | None:
        kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
        if not isinstance(kind, str):
            return None
        return kind if kind in known else "other"
    return tag


_BLOCK_ERROR = {"custom_error_type": "invalid_block", "custom_error_message": "A string 'type' is required"}

ToolResultContentBlock = Annotated[
    Annotated[TextBlock, Tag("text")]
    | Annotated[ImageBlock, Tag("image")]
    | Annotated[DocumentBlock, Tag("document")]
    | Annotated[OtherBlock, Tag("other")],
    Discriminator(_block_tag(frozenset({"text", "image", "document"})), **_BLOCK_ERROR),
]


class ToolResultBlock(_Model):
    type: Literal["tool_result"]
    tool_use_id: str
    content: str | list[ToolResultContentBlock] | None = None
    is_error: bool | None = None


_INPUT_BLOCKS = frozenset(
    {"text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking"})

ContentBlock = Annotated[
    Annotated[TextBlock, Tag("text")]
    | Annotated[ImageBlock, Tag("image")]
    | Annotated[DocumentBlock, Tag("document")]
    | Annotated[ToolUseBlock, Tag("tool_use")]
    | Annotated[ToolResultBlock, Tag("tool_result")]
    | Annotated[ThinkingBlock, Tag("thinking")]
    | Annotated[RedactedThinkingBlock, Tag("redacted_thinking")]
    | Annotated[OtherBlock, Tag("other")],
    Discriminator(_block_tag(_INPUT_BLOCKS), **_BLOCK_ERROR),
]


class InputMessage(_Model):
    role: Literal["user", "assistant"]
    content: str | list[ContentBlock]


# --- tools and options -----------------------------------------------------------------------------------------

class Tool(_Model):
    """A custom tool (``input_schema`` required) or a server tool (``type`` such as ``web_search_20250305``)."""

    name: str
    type: str | None = None
    description: str | None = None
    input_schema: dict[str, Any] | None = Field(default=None, validate_default=True)

    @field_validator("input_schema")
    @classmethod
    def _custom_needs_schema(cls, value: dict[str, Any] | None, info: ValidationInfo) -> dict[str, Any] | None:
        if value is None and info.data.get("type") in (None, "custom"):
            raise ValueError("a custom tool needs an 'input_schema' object")
        return value


class ToolChoiceAuto(_Model):
    type: Literal["auto"]
    disable_parallel_tool_use: bool | None = None


class ToolChoiceAny(_Model):
    type: Literal["any"]
    disable_parallel_tool_use: bool | None = None


class ToolChoiceTool(_Model):
    type: Literal["tool"]
    name: str
    disable_parallel_tool_use: bool | None = None


class ToolChoiceNone(_Model):
    type: Literal["none"]


ToolChoice = Annotated[ToolChoiceAuto | ToolChoiceAny | ToolChoiceTool | ToolChoiceNone, Field(discriminator="type")]


class ThinkingEnabled(_Model):
    type: Literal["enabled"]
    budget_tokens: int = Field(ge=1024)


class ThinkingDisabled(_Model):
    type: Literal["disabled"]


class ThinkingOther(_Model):
    """A newer thinking mode (``adaptive``...), passed on as given."""

    type: str


ThinkingConfig = Annotated[
    Annotated[ThinkingEnabled, Tag("enabled")]
    | Annotated[ThinkingDisabled, Tag("disabled")]
    | Annotated[ThinkingOther, Tag("other")],
    Discriminator(_block_tag(frozenset({"enabled", "disabled"})), **_BLOCK_ERROR),
]


class Metadata(_Model):
    user_id: str | None = None


class MessagesRequest(_Model):
    """``POST /v1/messages``."""

    model: str = Field(min_length=1)
    messages: list[InputMessage] = Field(min_length=1)
    max_tokens: int = Field(gt=0)
    system: str | list[TextBlock] | None = None
    tools: list[Tool] | None = None
    tool_choice: ToolChoice | None = None
    stream: bool | None = None
    thinking: ThinkingConfig | None = None
    metadata: Metadata | None = None
    stop_sequences: list[str] | None = None
    temperature: float | None = Field(default=None, ge=0, le=1)
    top_p: float | None = Field(default=None, ge=0, le=1)
    top_k: int | None = Field(default=None, ge=0)


def validate_messages_request(body: dict[str, Any]) -> MessagesRequest:
    """Validate a client's body; ``RequestError.param`` is the dotted path of the first bad field."""
    return validate_body(MessagesRequest, body)


# --- response --------------------------------------------------------------------------------------------------

class Usage(_Model):
    input_tokens: int = 0
    """Uncached input only; cached reads and writes are counted apart."""
    output_tokens: int = 0
    cache_creation_input_tokens: int | None = None
    cache_read_input_tokens: int | None = None


_OUTPUT_BLOCKS = frozenset({"text", "tool_use", "thinking", "redacted_thinking"})

ResponseBlock = Annotated[
    Annotated[TextBlock, Tag("text")]
    | Annotated[ToolUseBlock, Tag("tool_use")]
    | Annotated[ThinkingBlock, Tag("thinking")]
    | Annotated[RedactedThinkingBlock, Tag("redacted_thinking")]
    | Annotated[OtherBlock, Tag("other")],
    Discriminator(_block_tag(_OUTPUT_BLOCKS), **_BLOCK_ERROR),
]


class Message(_Model):
    id: str = ""
    type: Literal["message"] = "message"
    role: Literal["assistant"] = "assistant"
    model: str = ""
    content: list[ResponseBlock] = Field(default_factory=list)
    stop_reason: str | None = None
    """``end_turn``, ``max_tokens``, ``stop_sequence``, ``tool_use``, ``pause_turn`` or ``refusal``."""
    stop_sequence: str | None = None
    usage: Usage = Field(default_factory=Usage)


# --- stream events ---------------------------------------------------------------------------------------------

class MessageStartEvent(_Model):
    type: Literal["message_start"]
    message: Message


class ContentBlockStartEvent(_Model):
    type: Literal["content_block_start"]
    index: int
    content_block: dict[str, Any]


class ContentBlockDeltaEvent(_Model):
    type: Literal["content_block_delta"]
    index: int
    delta: dict[str, Any]
    """``text_delta``, ``thinking_delta``, ``signature_delta``, ``input_json_delta`` or ``citations_delta``."""


class ContentBlockStopEvent(_Model):
    type: Literal["content_block_stop"]
    index: int


class MessageDelta(_Model):
    stop_reason: str | None = None
    stop_sequence: str | None = None


class MessageDeltaUsage(_Model):
    output_tokens: int = 0
    """Cumulative, like the other counts here."""
    input_tokens: int | None = None
    cache_creation_input_tokens: int | None = None
    cache_read_input_tokens: int | None = None


class MessageDeltaEvent(_Model):
    type: Literal["message_delta"]
    delta: MessageDelta
    usage: MessageDeltaUsage = Field(default_factory=MessageDeltaUsage)


class MessageStopEvent(_Model):
    type: Literal["message_stop"]


class PingEvent(_Model):
    type: Literal["ping"]


class ErrorDetail(_Model):
    type: str
    message: str


class ErrorEvent(_Model):
    type: Literal["error"]
    error: ErrorDetail


StreamEvent = Annotated[
    MessageStartEvent | ContentBlockStartEvent | ContentBlockDeltaEvent | ContentBlockStopEvent
    | MessageDeltaEvent | MessageStopEvent | PingEvent | ErrorEvent,
    Field(discriminator="type"),
]
