"""Passwords are hashed at Argon2id's production cost outside the test process (the suite's own is cheaper)."""
import subprocess
import sys

from app.auth import passwords

PRODUCTION = "$argon2id$v=19$m=65536,t=3,p=4$"  # argon2-cffi's default profile (RFC 9106, low memory)


def test_a_fresh_process_hashes_passwords_at_the_production_cost():
    code = "from app.auth.passwords import hash_password; print(hash_password('correct horse battery'))"
    hashed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert hashed.startswith(PRODUCTION)
    assert passwords.check_password(hashed, "correct horse battery")  # verifies whatever cost a hash was made at
    assert not passwords.check_password(hashed, "correct horse battery!")
