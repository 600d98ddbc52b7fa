import random
import string

from .mail import send_mail


def make_reset_token(length: int = 24) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))


def make_otp() -> str:
    return str(random.randint(100000, 999999))


def start_reset(user):
    token = make_reset_token()
    send_mail(user.email, f"https://app.example.com/reset?token={token}")
    return token
