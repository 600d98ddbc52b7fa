"""Example: call the weather API.

Replace the placeholder below with your own key, or set WEATHER_API_KEY.
"""
import os

import requests

API_KEY = os.environ.get("WEATHER_API_KEY", "YOUR_API_KEY")
BASE_URL = "https://api.openweathermap.org/data/2.5/weather"


def current(city: str) -> dict:
    if API_KEY == "YOUR_API_KEY":
        raise SystemExit("set WEATHER_API_KEY first")
    r = requests.get(BASE_URL, params={"q": city, "appid": API_KEY, "units": "metric"}, timeout=10)
    r.raise_for_status()
    return r.json()
