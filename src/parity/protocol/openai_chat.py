"""OpenAI Chat Completions wire types: the request, the response and the stream chunk.

Every model keeps unknown fields (``extra="allow"``) so vendor extensions (vLLM's ``top_k``, OpenRouter's
``provider``...) pass through untouched. Requests are checked closely enough to give a precise 400; responses
and chunks are loose because real servers leave fields out or send ``null``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from parity.protocol._validate import validate_body


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- content parts ---------------------------------------------------------------------------------------------

class TextPart(_Model):
    type: Literal["text"]
    text: str


class ImageURL(_Model):
    url: str
    """An http(s) URL or a ``data:<mime>;base64,...`` URL."""
    detail: str | None = None


class ImageURLPart(_Model):
    type: Literal["image_url"]
    image_url: ImageURL


class InputAudio(_Model):
    data: str
    """Base64-encoded audio."""
    format: str


class InputAudioPart(_Model):
    type: Literal["input_audio"]
    input_audio: InputAudio


class FileRef(_Model):
    file_data: str | None = None
    """A ``data:`` URL with the file's bytes."""
    file_id: str | None = None
    filename: str | None = None


class FilePart(_Model):
    type: Literal["file"]
    file: FileRef


class RefusalPart(_Model):
    type: Literal["refusal"]
    refusal: str


class OtherPart(_Model):
    """A part type Parity does not know (vLLM's ``video_url``...): kept for the upstream to judge."""

    type: str


_KNOWN_PARTS = frozenset({"text", "image_url", "input_audio", "file", "refusal"})


def _part_tag(value: Any) -> str | None:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    if not isinstance(kind, str):
        return None
    return kind if kind in _KNOWN_PARTS else "other"


ContentPart = Annotated[
    Annotated[TextPart, Tag("text")]
    | Annotated[ImageURLPart, Tag("image_url")]
    | Annotated[InputAudioPart, Tag("input_audio")]
    | Annotated[FilePart, Tag("file")]
    | Annotated[RefusalPart, Tag("refusal")]
    | Annotated[OtherPart, Tag("other")],
    Discriminator(_part_tag, custom_error_type="invalid_part",
                  custom_error_message="Each content part needs a string 'type'"),
]
Content = str | list[ContentPart]


# --- messages --------------------------------------------------------------------------------------------------

class FunctionCall(_Model):
    name: str
    arguments: str
    """JSON text as the model produced it; it may be invalid JSON."""


class ToolCall(_Model):
    id: str
    type: str = "function"
    function: FunctionCall | None = None
    """Absent only for non-function tool kinds, which are passed through."""


class SystemMessage(_Model):
    role: Literal["system"]
    content: Content
    name: str | None = None


class DeveloperMessage(_Model):
    role: Literal["developer"]
    content: Content
    name: str | None = None


class UserMessage(_Model):
    role: Literal["user"]
    content: Content
    name: str | None = None


class AssistantMessage(_Model):
    role: Literal["assistant"]
    content: Content | None = None
    """``None`` when the turn only calls tools."""
    refusal: str | None = None
    name: str | None = None
    tool_calls: list[ToolCall] | None = None
    function_call: FunctionCall | None = None
    reasoning_content: str | None = None
    reasoning: str | None = None


class ToolMessage(_Model):
    role: Literal["tool"]
    content: Content
    tool_call_id: str


class FunctionMessage(_Model):
    """The legacy reply to a ``function_call``."""

    role: Literal["function"]
    content: str | None = None
    name: str


Message = Annotated[
    SystemMessage | DeveloperMessage | UserMessage | AssistantMessage | ToolMessage | FunctionMessage,
    Field(discriminator="role"),
]


# --- tools and options -----------------------------------------------------------------------------------------

class FunctionDefinition(_Model):
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    """A JSON Schema object."""
    strict: bool | None = None


class Tool(_Model):
    type: str = "function"
    function: FunctionDefinition | None = None


class ToolChoiceFunction(_Model):
    name: str


class NamedToolChoice(_Model):
    type: str = "function"
    function: ToolChoiceFunction | None = None


class JSONSchemaSpec(_Model):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    name: str
    description: str | None = None
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    strict: bool | None = None


class TextFormat(_Model):
    type: Literal["text"]


class JSONObjectFormat(_Model):
    type: Literal["json_object"]


class JSONSchemaFormat(_Model):
    type: Literal["json_schema"]
    json_schema: JSONSchemaSpec


ResponseFormat = Annotated[TextFormat | JSONObjectFormat | JSONSchemaFormat, Field(discriminator="type")]


class StreamOptions(_Model):
    include_usage: bool | None = None
    """Ask for a last chunk with empty ``choices`` and the usage."""


class ChatCompletionRequest(_Model):
    """``POST /v1/chat/completions``."""

    model: str = Field(min_length=1)
    messages: list[Message] = Field(min_length=1)
    tools: list[Tool] | None = None
    tool_choice: Literal["none", "auto", "required"] | NamedToolChoice | None = None
    parallel_tool_calls: bool | None = None
    functions: list[FunctionDefinition] | None = None
    function_call: Literal["none", "auto"] | ToolChoiceFunction | None = None
    response_format: ResponseFormat | None = None
    stream: bool | None = None
    stream_options: StreamOptions | None = None
    max_tokens: int | None = Field(default=None, ge=0)
    max_completion_tokens: int | None = Field(default=None, ge=0)
    temperature: float | None = Field(default=None, ge=0)
    top_p: float | None = Field(default=None, ge=0, le=1)
    n: int | None = Field(default=None, ge=1)
    stop: str | list[str] | None = None
    user: str | None = None
    reasoning_effort: str | None = None
    seed: int | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    logit_bias: dict[str, float] | None = None
    metadata: dict[str, Any] | None = None


def validate_chat_request(body: dict[str, Any]) -> ChatCompletionRequest:
    """Validate a client's body; ``RequestError.param`` is the dotted path of the first bad field."""
    return validate_body(ChatCompletionRequest, body)


# --- response --------------------------------------------------------------------------------------------------

class PromptTokensDetails(_Model):
    cached_tokens: int | None = None


class CompletionTokensDetails(_Model):
    reasoning_tokens: int | None = None


class Usage(_Model):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    prompt_tokens_details: PromptTokensDetails | None = None
    completion_tokens_details: CompletionTokensDetails | None = None


class ResponseMessage(_Model):
    role: str = "assistant"
    content: str | None = None
    refusal: str | None = None
    tool_calls: list[ToolCall] | None = None
    function_call: FunctionCall | None = None
    reasoning_content: str | None = None
    """DeepSeek's (and older vLLM's) field for the chain of thought."""
    reasoning: str | None = None
    """vLLM's and OpenRouter's name for the same."""


class Choice(_Model):
    index: int = 0
    message: ResponseMessage
    finish_reason: str | None = None
    logprobs: dict[str, Any] | None = None


class ChatCompletion(_Model):
    id: str = ""
    object: str = "chat.completion"
    created: int = 0
    model: str = ""
    choices: list[Choice] = Field(default_factory=list)
    usage: Usage | None = None
    system_fingerprint: str | None = None


# --- stream ----------------------------------------------------------------------------------------------------

class FunctionCallDelta(_Model):
    name: str | None = None
    arguments: str | None = None


class ToolCallDelta(_Model):
    index: int = 0
    id: str | None = None
    type: str | None = None
    function: FunctionCallDelta | None = None


class Delta(_Model):
    role: str | None = None
    content: str | None = None
    refusal: str | None = None
    reasoning_content: str | None = None
    reasoning: str | None = None
    tool_calls: list[ToolCallDelta] | None = None
    function_call: FunctionCallDelta | None = None


class ChunkChoice(_Model):
    index: int = 0
    delta: Delta = Field(default_factory=Delta)
    finish_reason: str | None = None
    logprobs: dict[str, Any] | None = None


class ChatCompletionChunk(_Model):
    """One ``data:`` line of a stream; the usage-only last chunk has empty ``choices``."""

    id: str = ""
    object: str = "chat.completion.chunk"
    created: int = 0
    model: str = ""
    choices: list[ChunkChoice] = Field(default_factory=list)
    usage: Usage | None = None
    system_fingerprint: str | None = None
