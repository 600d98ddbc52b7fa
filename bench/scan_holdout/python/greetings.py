"""Localised greetings for the onboarding e-mail."""

from __future__ import annotations

GREETINGS: dict[str, str] = {
    "en": "Welcome, {name}!",
    "de": "Willkommen, {name}!",
    "fr": "Bienvenue, {name} !",
    "es": "¡Bienvenido, {name}!",
    "pl": "Witaj, {name}! Miło Cię widzieć.",
    "ru": "Добро пожаловать, {name}!",
    "uk": "Ласкаво просимо, {name}!",
    "el": "Καλώς ήρθες, {name}!",
    "tr": "Hoş geldin, {name}!",
    "ar": "مرحبًا بك يا {name}!",
    "he": "ברוך הבא, {name}!",
    "fa": "خوش آمدید، {name}!",
    "hi": "स्वागत है, {name}!",
    "ja": "ようこそ、{name}さん！",
    "zh": "欢迎你，{name}！",
    "ko": "환영합니다, {name}님!",
    "vi": "Chào mừng, {name}!",
}

RTL = {"ar", "he", "fa"}


def greet(name: str, lang: str = "en") -> str:
    template = GREETINGS.get(lang) or GREETINGS.get(lang.split("-")[0], GREETINGS["en"])
    return template.format(name=name)


def html_dir(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL else "ltr"


def pluralise_ru(n: int) -> str:
    """Russian plural forms for 'new message'."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} новое сообщение"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} новых сообщения"
    return f"{n} новых сообщений"
