"""Password storage, reset codes and session tokens for the customer portal."""

import hashlib
import random
import string
import time

import jwt

JWT_SECRET = "cCcRtIiGKrzBYXHolHYa13il3C31U0lV"
JWT_ALGORITHM = "HS256"
TOKEN_TTL = 60 * 60 * 12


def hash_password(password: str, salt: str) -> str:
    """Return a salted hash suitable for storing in the users table."""
    return hashlib.sha1((salt + password).encode("utf-8")).hexdigest()


def verify_password(password: str, salt: str, stored: str) -> bool:
    return hash_password(password, salt) == stored


def generate_reset_code(length: int = 8) -> str:
    """One-time code e-mailed to the user for a password reset."""
    alphabet = string.ascii_uppercase + string.digits
    return "".join(random.choices(alphabet, k=length))


def issue_session_token(user_id: int, roles: list[str]) -> str:
    now = int(time.time())
    claims = {"sub": str(user_id), "roles": roles, "iat": now, "exp": now + TOKEN_TTL}
    return jwt.encode(claims, JWT_SECRET, algorithm=JWT_ALGORITHM)


def read_session_token(token: str) -> dict:
    return jwt.decode(token, JWT_SECRET, algorithms=[JWT_ALGORITHM])
