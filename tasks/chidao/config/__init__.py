"""chidao's configuration: one YAML loader, one pydantic model per file, one bundle loaded at start.

Using it::

    from chidao.config import ConfigError, bundle_for, load_bundle

    bundle = bundle_for(settings)          # every file under settings.config_dir (CHIDAO_CONFIG_DIR),
                                           # plus the feeds and routing files the settings name
    bundle.cues.speech_acts                # validated models, one attribute per file
    bundle.feeds.feeds                     # list[FeedSpec]

``load_bundle``/``bundle_for`` raise ``ConfigError`` whose ``str()`` is one line,
``<file>:<line>: <reason>`` (``config/lexicons/cues.yaml:4: unknown key 'x' in the top level``). The CLI
loads the bundle before any flow runs, prints ``Error: <that line>`` and exits 2. Components receive the
bundle (or the part they need); none of them reads a file by a default path.

One file on its own: ``load_model(path, FeedsFile)``; ``load_yaml(path)`` gives the data with the line of
every key and entry (``YamlDocument.line_of``), ``parse(document, Model)`` validates it.

The loader (``chidao.config.loader``) reads UTF-8 only (a Latin-1 file is one error line, not a
traceback), refuses a key given twice in one mapping, and maps the first pydantic error to the line of the
value at fault.

Adding a configuration file:

1. Write its model in ``chidao/config/models.py``, subclassing ``ConfigModel`` (unknown keys refused, strict
   types, no NaN). Use the shared types (``Phrases`` for a list of unique phrases, ``NonEmptyText``,
   ``Fraction``) and bounds on every number (``Annotated[int, Field(ge=1, le=...)]``). A rule about one entry
   of a list or mapping raises ``ItemError(index_or_key, reason)`` from a validator, so the error names that
   entry's line.
2. Add it to ``BUNDLE_FILES`` in ``chidao/config/bundle.py`` (attribute name -> path under the config folder,
   model) and add the attribute, typed with the model, to ``ConfigBundle``.
3. Read it in the component from ``bundle.<attribute>``; add the four tests of ``tests/config/`` (unknown key,
   wrong type, duplicate, YAML syntax) for it by adding a case to their tables.

Adding a key to an existing file (a new feed option): add a field with a default to the model (``FeedSpec``
for feeds); nothing else needs to change for it to be accepted and validated.
"""

from chidao.config.bundle import BUNDLE_FILES, ConfigBundle, bundle_for, load_bundle
from chidao.config.loader import (
    ConfigError,
    ItemError,
    Located,
    YamlDocument,
    load_model,
    load_yaml,
    located,
    parse,
    plain,
)
from chidao.config.models import ConfigModel, FeedsFile, FeedSpec, RouteSpec, RoutingFile

__all__ = [
    "BUNDLE_FILES",
    "ConfigBundle",
    "ConfigError",
    "ConfigModel",
    "FeedSpec",
    "FeedsFile",
    "ItemError",
    "Located",
    "RouteSpec",
    "RoutingFile",
    "YamlDocument",
    "bundle_for",
    "load_bundle",
    "load_model",
    "load_yaml",
    "located",
    "parse",
    "plain",
]
