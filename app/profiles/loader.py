"""Read profile YAML files, resolve `extends`, validate with line numbers, and hash the result."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import CleanroomError, NotFound
from .schema import ProfileDocument
from .standard import ACTION_TABLE_EDITION

MAX_EXTENDS_DEPTH = 8


class ProfileError(CleanroomError):
    """A profile is missing or invalid; the message names the file and line."""

    exit_code = 2


class UnknownProfile(ProfileError, NotFound):
    """No profile (or no recorded version of it) has that name."""


@dataclass(frozen=True)
class Profile:
    """A validated, fully resolved profile with its content hash."""

    document: ProfileDocument
    source: Path
    lineage: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.document.name

    @property
    def version(self) -> int:
        return self.document.version

    @cached_property
    def canonical(self) -> str:
        """Return the canonical JSON of the resolved profile and the action-table edition it runs on."""
        body = {"profile": self.document.model_dump(mode="json"), "action_table_edition": ACTION_TABLE_EDITION}
        return json.dumps(body, sort_keys=True, separators=(",", ":"))

    @cached_property
    def hash(self) -> str:
        """Return the SHA-256 content hash of the resolved profile."""
        return hashlib.sha256(self.canonical.encode()).hexdigest()

    @property
    def label(self) -> str:
        """Return `name@version` with a short hash, as recorded in outputs."""
        return f"{self.name}@{self.version} sha256:{self.hash[:12]}"


# libyaml's parser where PyYAML was built with it (several times faster: a profile is read at every run's start).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class _RawProfile:
    path: Path
    data: dict
    text: str

    @cached_property
    def node(self) -> yaml.Node | None:
        """The document's node tree, whose marks give an error's line: composed only when an error is reported."""
        return yaml.compose(self.text, Loader=_LOADER)


class ProfileLibrary:
    """The profiles in one folder (`profiles/` by default), loaded on demand."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def names(self) -> list[str]:
        """Return the names of the profile files in the folder."""
        return sorted(p.stem for p in self.folder.glob("*.yaml"))

    def get(self, name: str) -> Profile:
        """Return the resolved profile `name`, or raise ProfileError."""
        path = self.folder / f"{name}.yaml"
        if not _is_simple_name(name) or not path.is_file():
            known = ", ".join(self.names()) or "none"
            raise UnknownProfile(f"no profile named {name!r} (known: {known})")
        return self.load(path)

    def all(self) -> list[Profile]:
        """Return every profile in the folder."""
        return [self.get(name) for name in self.names()]

    def load(self, path: Path) -> Profile:
        """Load and resolve the profile file at `path`, its parents coming from this folder."""
        chain = [_read(Path(path))]
        while chain[-1].data.get("extends"):
            parent_name = chain[-1].data["extends"]
            parent_path = self.folder / f"{parent_name}.yaml"
            if not isinstance(parent_name, str) or not _is_simple_name(parent_name) or not parent_path.is_file():
                raise ProfileError(_where(chain[-1], ("extends",)) + f": extends unknown profile {parent_name!r}")
            if any(raw.path.resolve() == parent_path.resolve() for raw in chain) or len(chain) > MAX_EXTENDS_DEPTH:
                raise ProfileError(_where(chain[-1], ("extends",)) + ": `extends` forms a cycle")
            chain.append(_read(parent_path))
        merged: dict = {}
        for raw in reversed(chain):
            merged = _merge(merged, raw.data)
        merged["extends"] = chain[0].data.get("extends")
        for key in ("name", "version", "description"):
            if key not in chain[0].data:
                raise ProfileError(f"{chain[0].path}: missing required key `{key}` (each profile states its own)")
        try:
            document = ProfileDocument.model_validate(merged)
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = tuple(error["loc"])
            owner = next((raw for raw in chain if _node_at(raw.node, loc) is not None), chain[0])
            more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
            raise ProfileError(f"{_where(owner, loc)}: {'.'.join(map(str, loc)) or 'profile'}: "
                               f"{_message(error)}{more}") from None
        if document.name != Path(path).stem:
            raise ProfileError(_where(chain[0], ("name",)) + f": name {document.name!r} must match the file name")
        lineage = tuple(f"{raw.data.get('name')}@{raw.data.get('version')}" for raw in chain)
        return Profile(document, Path(path), lineage)


def load_profile_file(path: Path, library_folder: Path | None = None) -> Profile:
    """Load one profile file, resolving `extends` against its own folder (or `library_folder`)."""
    return ProfileLibrary(library_folder or Path(path).parent).load(Path(path))


def _read(path: Path) -> _RawProfile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or type(exc).__name__}") from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ProfileError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', None) or 'syntax error'}") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}:1: a profile must be a YAML mapping")
    return _RawProfile(path, data, text)


def _merge(base: dict, child: dict) -> dict:
    # Mappings merge key by key (so a child adds overrides); lists and scalars replace.
    merged = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _node_at(node: yaml.Node | None, loc: tuple) -> yaml.Node | None:
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None if part != loc[-1] or node is None else node
        if node is None:
            return None
    return node


def _where(raw: _RawProfile, loc: tuple) -> str:
    for depth in range(len(loc), -1, -1):
        node = _node_at(raw.node, loc[:depth])
        if node is not None:
            return f"{raw.path}:{node.start_mark.line + 1}"
    return str(raw.path)


def _message(error: dict) -> str:
    # pydantic puts the offending input in some messages; profiles hold no PHI, but keep messages short.
    message = error["msg"]
    return message.removeprefix("Value error, ")


def _is_simple_name(name: str) -> bool:
    return isinstance(name, str) and name.replace("-", "").isalnum() and name == name.lower()
