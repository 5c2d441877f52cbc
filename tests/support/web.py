"""Sign a Flask test client in through the login form, as a browser would."""
from __future__ import annotations

import re

PASSWORD = "correct horse battery"


def sign_in(client, username: str, password: str = PASSWORD) -> None:
    """Post the login form (with its CSRF token) for `username`; the client then holds the session."""
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, "the login form refused the test account"
