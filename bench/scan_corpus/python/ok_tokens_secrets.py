import random
import secrets


def make_reset_token() -> str:
    return secrets.token_urlsafe(32)


def make_otp() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def shuffle_quiz(questions: list[str], seed: int | None = None) -> list[str]:
    # Order of quiz questions: not a secret, reproducible with a seed.
    rng = random.Random(seed)
    out = questions[:]
    rng.shuffle(out)
    return out
