import locale
import os

GREETINGS = {"de": "Hallo", "fr": "Bonjour", "ru": "Привет", "ja": "こんにちは", "es": "Hola"}


def greeting(name: str) -> str:
    lang = (locale.getlocale()[0] or os.environ.get("LANG", "en")).split("_")[0].lower()
    return f"{GREETINGS.get(lang, 'Hello')}, {name}!"
