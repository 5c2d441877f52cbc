"""The installed Cleanroom version, recorded in outputs, health checks and manifests."""
from functools import cache
from importlib.metadata import PackageNotFoundError, version


@cache
def software_version() -> str:
    """Return the installed Cleanroom version."""
    try:
        return version("cleanroom")
    except PackageNotFoundError:
        return "0+unknown"
