"""The version recorded in outputs is the installed distribution's, however it was installed."""
from importlib.metadata import version

from app.version import UNKNOWN, software_version


def test_the_recorded_version_is_the_installed_distributions():
    assert software_version() == version("cleanroom") != UNKNOWN
