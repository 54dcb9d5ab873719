"""Run configuration: defaults, loading `wpclean.yaml` / `[tool.wpclean]`, and validation."""
from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .io.excludes import DEFAULT_EXCLUDE

CONFIG_NAMES = ("wpclean.yaml", "wpclean.yml", ".wpclean.yaml")
TARGETS = ("generic", "hugo", "jekyll", "astro", "eleventy")
DIALECTS = ("auto", "html", "markdown")


@dataclass(frozen=True)
class FrontMatterConfig:
    #: keys removed from every post's front matter, after normalizing
    drop_keys: tuple[str, ...] = ()
    #: keep WordPress's default category "Uncategorized" (by default it is dropped: no author chose it)
    keep_uncategorized: bool = False


@dataclass(frozen=True)
class AdsConfig:
    """What `ads.remove` takes out; every list replaces its default when set."""

    #: bracket markers, as regexes on the name: `[ad_1]`, `[matched_content]`
    markers: tuple[str, ...] = (r"ad_\d+", "matched_content", "source_link", "ad", "ads", "adsense")
    #: CSS selectors of elements removed whole
    selectors: tuple[str, ...] = (
        "ins.adsbygoogle", "script", "style", "noscript", "iframe[src*='doubleclick']",
        ".visually-hidden", ".screen-reader-text", ".sr-only",
        ".sharedaddy", ".sd-sharing-enabled", ".jp-relatedposts", ".yarpp-related", ".related-posts",
        ".related-stories", ".addtoany_share_save_container", ".share-buttons", ".social-share",
    )  # fmt: skip
    #: link texts (regexes, whole text, case-insensitive) of skip links removed with their link
    link_texts: tuple[str, ...] = (
        r"go back to top\.?(?: skip to:? start of article\.?)?", r"skip to:? (?:main )?(?:content|start of article)\.?",
        r"back to top\.?", r"scroll to top",
    )  # fmt: skip
    #: image hosts whose images are tracking pixels
    tracker_hosts: tuple[str, ...] = (
        "feeds.feedburner.com", "feedsportal.com", "doubleclick.net", "pixel.wp.com", "stats.wordpress.com",
        "feeds.wordpress.com", "pixel.quantserve.com", "www.google-analytics.com",
    )  # fmt: skip
    #: `remove` pullquotes (they repeat the body) or `keep` them as blockquotes
    pullquotes: str = "remove"
    #: keep the "Source" trailer as an attribution line instead of only moving it to source_url
    source_attribution: bool = False


#: hosts known to serve https, whose http:// links are upgraded (subdomains included)
DEFAULT_HTTPS_HOSTS = (
    "abcnews.go.com", "aljazeera.com", "amazon.com", "apnews.com", "apple.com", "arstechnica.com",
    "bbc.co.uk", "bbc.com", "bloomberg.com", "businessinsider.com", "buzzfeed.com", "cbsnews.com",
    "cnbc.com", "cnet.com", "cnn.com", "economist.com", "engadget.com", "espn.com", "facebook.com",
    "fivethirtyeight.com", "flickr.com", "forbes.com", "ft.com", "github.com", "google.com",
    "huffingtonpost.com", "huffpost.com", "instagram.com", "latimes.com", "lemonde.fr", "linkedin.com",
    "mashable.com", "medium.com", "microsoft.com", "mozilla.org", "nbcnews.com", "newyorker.com",
    "npmjs.com", "npr.org", "nytimes.com", "politico.com", "python.org", "reddit.com", "reuters.com",
    "slate.com", "soundcloud.com", "spiegel.de", "spotify.com", "stackoverflow.com", "techcrunch.com",
    "theatlantic.com", "theguardian.com", "theverge.com", "time.com", "twitter.com", "usatoday.com",
    "vimeo.com", "vox.com", "w3.org", "washingtonpost.com", "wikipedia.org", "wired.com",
    "wordpress.com", "wordpress.org", "wsj.com", "x.com", "youtu.be", "youtube.com", "zdnet.com",
)  # fmt: skip


@dataclass(frozen=True)
class LinksConfig:
    """What `links.canonicalize` does to every URL; lists replace their defaults."""

    https_hosts: tuple[str, ...] = DEFAULT_HTTPS_HOSTS
    tracking_params: tuple[str, ...] = (
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_hsenc", "_hsmi", "igshid",
    )  # fmt: skip
    #: hosts whose `ref` and `source` parameters are tracking too
    tracker_hosts: tuple[str, ...] = ()
    #: map `-300x200` sized upload variants to the original file
    originals: bool = False


@dataclass(frozen=True)
class SiteConfig:
    """The old site and the new one, for internal links and redirects."""

    #: base URLs the old site was served from (the export's own permalink host is added)
    old_urls: tuple[str, ...] = ()
    #: absolute base for rewritten internal links; unset: relative paths between the Markdown files
    new_base: str | None = None
    #: where `wp-content/uploads/` media live on the new site; unset: left where they are
    media_base: str | None = None


@dataclass(frozen=True)
class FiguresConfig:
    #: fill an empty alt text from the figure's caption
    alt_from_caption: bool = False


@dataclass(frozen=True)
class CheckConfig:
    """What `wpclean check` reports: codes or prefixes (`WPC3`) selected and ignored, severities."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: code or prefix -> error | warning | info | ignore
    severity: dict[str, str] = field(default_factory=dict)


#: --media: leave images linked where they are, download them into OUT, or list them there
MEDIA_MODES = ("link", "download", "manifest")


@dataclass(frozen=True)
class MediaConfig:
    """`--media`: bring the posts' images and attachments into OUT."""

    #: link (posts keep linking to them where they are); download (fetch them into OUT and refer
    #: to them there); manifest (refer to them there and list what to fetch in OUT/media-manifest.json)
    mode: str = "link"
    #: the folder below OUT (below a site target's static folder) they go to
    folder: str = "media"
    #: seconds to wait for a server, and tries per file (with backoff), and downloads at once per host
    timeout: float = 20
    tries: int = 3
    per_host: int = 4


@dataclass(frozen=True)
class LimitsConfig:
    """Bounds on one file, so that no input can take the run's memory or time."""

    max_file_mb: float = 20
    max_front_matter_kb: float = 64
    seconds_per_file: float = 30


@dataclass(frozen=True)
class Config:
    """Everything that decides a run's output; picklable, so workers get a copy."""

    target: str = "generic"
    dialect: str = "auto"
    #: where each post goes below OUT; None: the target's layout (`{slug}.md` for generic)
    path_template: str | None = None
    #: the zone of dates without an offset (an IANA name or `+02:00`); None: the export's, else UTC
    timezone: str | None = None
    #: transform names to run (None: the defaults) and to skip
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    encoding_fallback: str | None = None
    frontmatter: FrontMatterConfig = field(default_factory=FrontMatterConfig)
    ads: AdsConfig = field(default_factory=AdsConfig)
    figures: FiguresConfig = field(default_factory=FiguresConfig)
    links: LinksConfig = field(default_factory=LinksConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    check: CheckConfig = field(default_factory=CheckConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    media: MediaConfig = field(default_factory=MediaConfig)
    #: skip the stability pass (the second clean proving the output is a fixed point), as black's --fast
    fast: bool = False
    #: files and folders left out, as `.gitignore` lines (`exclude` replaces the defaults, `extend_exclude` adds)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    #: leave out what the tree's `.gitignore` files ignore
    respect_gitignore: bool = True

    def replace(self, **changes: Any) -> "Config":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _build(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).replace("-", "_")
        if name not in fields:
            known = ", ".join(sorted(fields))
            raise ConfigError(f"{where}: unknown key {key!r} (known: {known})")
        factory = fields[name].default_factory
        if factory is not dataclasses.MISSING and dataclasses.is_dataclass(factory):
            values[name] = _build(factory, value, f"{where}.{key}")
        else:
            values[name] = _typed(fields[name].default, value, f"{where}.{key}")
    return cls(**values)


def _typed(default: Any, value: Any, where: str) -> Any:
    """`value` checked against the type of the key's default: a wrong type is an error naming the key."""
    if isinstance(default, tuple) or (default is None and isinstance(value, list)):
        if isinstance(value, str):
            return (value,)  # `drop_keys: layout` means the one key
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise ConfigError(f"{where} must be a list of strings, not {value!r}")
        return tuple(str(v) for v in value)
    if isinstance(default, bool) and not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false, not {value!r}")
    if isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"{where} must be a string, not {value!r}")
    return value


def validate(config: Config) -> Config:
    if config.target not in TARGETS:
        raise ConfigError(f"unknown target {config.target!r} (choose from {', '.join(TARGETS)})")
    if config.dialect not in DIALECTS:
        raise ConfigError(f"unknown dialect {config.dialect!r} (choose from {', '.join(DIALECTS)})")
    for code, level in config.check.severity.items():
        if level not in ("error", "warning", "info", "ignore"):
            raise ConfigError(f"check.severity.{code} must be error, warning, info or ignore, not {level!r}")
    if config.ads.pullquotes not in ("remove", "keep"):
        raise ConfigError(f"ads.pullquotes must be 'remove' or 'keep', not {config.ads.pullquotes!r}")
    if config.media.mode not in MEDIA_MODES:
        raise ConfigError(f"media.mode must be link, download or manifest, not {config.media.mode!r}")
    for name, value in (("media.timeout", config.media.timeout), ("media.tries", config.media.tries), ("media.per_host", config.media.per_host)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigError(f"{name} must be a positive number, not {value!r}")
    if not config.media.folder.strip("/") or ".." in config.media.folder.split("/"):
        raise ConfigError(f"media.folder must be a folder below OUT, not {config.media.folder!r}")
    for name in ("max_file_mb", "max_front_matter_kb", "seconds_per_file"):
        value = getattr(config.limits, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigError(f"limits.{name} must be a positive number, not {value!r}")
    for name in ("markers", "link_texts"):
        for i, pattern in enumerate(getattr(config.ads, name)):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"ads.{name}[{i}]: {pattern!r} is not a valid regular expression ({exc})") from None
    if config.timezone is not None:
        from .parsing.dates import zone

        zone(config.timezone)  # raises ConfigError naming the value
    if config.encoding_fallback is not None:
        try:
            codecs.lookup(config.encoding_fallback)
        except LookupError:
            raise ConfigError(f"unknown encoding {config.encoding_fallback!r} for encoding_fallback (e.g. cp1252, latin-1)") from None
    return config


def load_file(path: Path) -> Config:
    """Read a config file: YAML, or the `[tool.wpclean]` table of a pyproject.toml."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from None
    if path.name == "pyproject.toml":
        data = _pyproject_table(text, path)
    else:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
            raise ConfigError(f"{where}: invalid YAML: {getattr(exc, 'problem', None) or str(exc).splitlines()[0]}") from None
    return validate(_build(Config, data, str(path)))


def _pyproject_table(text: str, path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
    try:
        table: dict[str, Any] = tomllib.loads(text).get("tool", {}).get("wpclean", {})
        return table
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _has_wpclean_table(path: Path) -> bool:
    try:
        return "[tool.wpclean]" in path.read_text(encoding="utf-8")
    except OSError:
        return False


def find_config(start: Path) -> Path | None:
    """The nearest config file in `start` or its parents."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_wpclean_table(pyproject):
            return pyproject
    return None
