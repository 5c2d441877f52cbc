"""The installed Cleanroom version, recorded in outputs, health checks and manifests."""
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution

UNKNOWN = "0+unknown"


@cache
def software_version() -> str:
    """Return the installed Cleanroom version."""
    try:
        found = distribution("cleanroom")
        # A wheel or editable install holds METADATA; a source checkout's egg-info holds the same headers as PKG-INFO.
        metadata = found.read_text("METADATA") or found.read_text("PKG-INFO") or ""
    except PackageNotFoundError:
        return UNKNOWN
    # The core metadata's own header line, read from the headers alone (the README follows them as the
    # description): `importlib.metadata.version` parses the whole file with the e-mail package, milliseconds a run.
    headers = metadata.partition("\n\n")[0].splitlines()
    return next((line[len("Version:"):].strip() for line in headers if line.startswith("Version:")), UNKNOWN)
