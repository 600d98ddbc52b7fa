"""Where bakeoff items come from: suite files, OpenAI-format JSONL, captured traffic and shadow answers."""
