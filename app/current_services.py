"""The services of the Flask app handling the current request, for the API and the pages."""
from __future__ import annotations

from flask import current_app

from .services import Services


def services() -> Services:
    """Return the services of the current Flask app."""
    return current_app.extensions["cleanroom"]
