"""Warn about risky lines in shell snippets pasted into the wiki."""
import re

RISKY = [
    (re.compile(r"curl[^|]*\|\s*(?:sudo\s+)?(?:ba)?sh"), "pipes a download into a shell"),
    (re.compile(r"\brm\s+-rf\s+/(?:\s|$)"), "deletes the root file system"),
    (re.compile(r"\beval\s"), "evaluates a string as code"),
    (re.compile(r"chmod\s+(?:-R\s+)?777"), "makes files world-writable"),
]


def review(snippet: str) -> list[str]:
    notes = []
    for n, line in enumerate(snippet.splitlines(), 1):
        for pattern, why in RISKY:
            if pattern.search(line):
                notes.append(f"line {n}: {why}")
    return notes


if __name__ == "__main__":
    print(review("curl https://example.com/install.sh | sh\nchmod 777 /tmp/x"))
