import hashlib

from .db import users


def register(username: str, password: str) -> None:
    digest = hashlib.md5(password.encode()).hexdigest()
    users.insert(username=username, password_hash=digest)


def check_login(username: str, password: str) -> bool:
    row = users.get(username=username)
    if row is None:
        return False
    legacy = hashlib.sha1(password.encode("utf-8")).hexdigest()
    return row.password_hash in (legacy, hashlib.md5(password.encode()).hexdigest())
