import os
from datetime import UTC, datetime, timedelta

import jwt

SECRET = os.environ["JWT_SECRET"]


def issue(user_id: int) -> str:
    now = datetime.now(UTC)
    return jwt.encode({"sub": str(user_id), "iat": now, "exp": now + timedelta(minutes=15)}, SECRET, algorithm="HS256")


def verify(token: str) -> dict:
    return jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["exp", "sub"]})
