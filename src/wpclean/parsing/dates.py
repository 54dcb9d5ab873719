"""Reading the date formats WordPress exporters write, and writing ISO 8601."""
from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConfigError

_DATE_RE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[Tt ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?P<frac>\.\d+)?)?)?"
    r"[ \t]*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?"
)
_DATE_PREFIX_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-?")
_OFFSET_RE = re.compile(r"(?:Z|[+-]\d{2}:\d{2})$")
_OFFSET_NAME_RE = re.compile(r"([+-])(\d{2}):?(\d{2})")


_RFC822_HINT_RE = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s")


def to_iso(text: str) -> str | None:
    """`2016-05-29 18:38:06` -> `2016-05-29T18:38:06`; the offset is kept when there is one.

    Returns None for text that is not a real calendar date (WordPress writes
    `0000-00-00 00:00:00` and `-001-11-30T00:00:00+00:00` for "no date").
    """
    match = _DATE_RE.fullmatch(text.strip())
    if match is None:
        return _rfc822(text.strip())
    parts = {k: int(v) for k, v in match.groupdict().items() if v and k not in ("frac", "tz")}
    try:
        datetime(parts["y"], parts["m"], parts["d"], parts.get("H", 0), parts.get("M", 0), parts.get("S", 0))
    except ValueError:
        return None
    if parts["y"] < 1000:
        return None
    day = f"{parts['y']:04d}-{parts['m']:02d}-{parts['d']:02d}"
    if match.group("H") is None:
        return day
    clock = f"{parts['H']:02d}:{parts['M']:02d}:{parts.get('S', 0):02d}"
    frac = match.group("frac") or ""
    if frac.strip(".0") == "":
        frac = ""
    return f"{day}T{clock}{frac}{_offset(match.group('tz'))}"


def _rfc822(text: str) -> str | None:
    """`Fri, 06 Jan 2017 11:11:24 +0000`, as blog2md copies it from the WXR's `pubDate`."""
    if not _RFC822_HINT_RE.match(text):
        return None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.year < 1000:
        return None
    offset = when.strftime("%z")
    return when.strftime("%Y-%m-%dT%H:%M:%S") + (f"{offset[:3]}:{offset[3:]}" if offset else "")


def _offset(tz: str | None) -> str:
    if not tz:
        return ""
    if tz == "Z":
        return "Z"
    digits = tz[1:].replace(":", "")
    if len(digits) == 2:
        digits += "00"
    return f"{tz[0]}{digits[:2]}:{digits[2:]}"


def strip_date_prefix(stem: str) -> str:
    """`2014-08-07-my-post` -> `my-post` (Jekyll file names)."""
    return _DATE_PREFIX_RE.sub("", stem)


def zone(name: str) -> tzinfo:
    """`Europe/Berlin`, `UTC` or `+02:00` as a time zone; a ConfigError names anything else."""
    offset = _OFFSET_NAME_RE.fullmatch(name.strip())
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3))))
    if name.strip().upper() in ("UTC", "Z", "GMT"):
        return timezone.utc
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown timezone {name!r} (an IANA name such as Europe/Berlin, or an offset such as +02:00)") from None


def has_clock_without_offset(iso: str) -> bool:
    return "T" in iso and not _OFFSET_RE.search(iso)


def localized(iso: str, zone_info: tzinfo) -> str:
    """`2016-05-29T18:38:06` read in `zone_info` -> `2016-05-29T18:38:06+02:00` (daylight saving
    time as it was that day); a day, or a time that has its offset, as it is."""
    if not has_clock_without_offset(iso):
        return iso
    offset = datetime.fromisoformat(iso).replace(tzinfo=zone_info).utcoffset() or timedelta(0)
    return iso + _format_offset(offset)


def offset_between(local_iso: str, gmt_iso: str) -> tzinfo | None:
    """The zone WordPress was set to, from `post_date` and `post_date_gmt`; None when they disagree
    with any real zone (more than 14 hours apart, or not in quarter hours)."""
    if not (has_clock_without_offset(local_iso) and has_clock_without_offset(gmt_iso)):
        return None
    difference = datetime.fromisoformat(local_iso) - datetime.fromisoformat(gmt_iso)
    if abs(difference) > timedelta(hours=14) or difference % timedelta(minutes=15):
        return None
    return timezone(difference)


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
