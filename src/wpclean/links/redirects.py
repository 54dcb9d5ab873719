"""Redirect maps from the old site's URLs to the new paths, in the formats servers and hosts read.

nginx, Apache and Caddy match a request's path after decoding it (`/caf%C3%A9/` is
`/café/` to them), so their maps are written with decoded paths; the formats that
hold URLs (Netlify, CSV, JSON) keep them as the old site wrote them.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Iterable
from urllib.parse import parse_qs, unquote

from .siteindex import Entry
from .urls import split_url

FORMATS = ("netlify", "nginx", "apache", "caddy", "csv", "json")


def redirect_pairs(entries: Iterable[Entry], hosts: frozenset[str], new_base: str | None) -> list[tuple[str, str]]:
    """(old path-and-query, new URL) for every published post, without self-redirects, sorted."""
    pairs: set[tuple[str, str]] = set()
    for entry in entries:
        if entry.fields.get("draft") == "true":
            continue  # not published: a redirect to it would end at a 404
        new = entry.url
        target = (new_base.rstrip("/") + new) if new_base else new
        for url in entry.old_urls:
            parts = split_url(url)
            if parts.hostname and parts.hostname.lower() not in hosts:
                continue
            old = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            if not old.startswith("/"):
                continue
            if old != new:
                pairs.add((old, target))
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def render(pairs: list[tuple[str, str]], fmt: str) -> str:
    return {
        "netlify": _netlify, "nginx": _nginx, "apache": _apache, "caddy": _caddy, "csv": _csv, "json": _json,
    }[fmt](pairs)  # fmt: skip


def _split_query(old: str) -> tuple[str, dict[str, str]]:
    path, _, query = old.partition("?")
    return path, {k: v[0] for k, v in parse_qs(query).items()}


def _netlify(pairs: list[tuple[str, str]]) -> str:
    lines = []
    for old, new in pairs:
        path, query = _split_query(old)
        params = " ".join(f"{k}={v}" for k, v in query.items())
        lines.append(f"{path}  {params + '  ' if params else ''}{new}  301!")
    return "\n".join(lines) + "\n" if lines else ""


#: `?p=ID` and `?page_id=ID`, WordPress's plain permalinks: one nginx map each, looked up once per request
_NGINX_MAPS = (("p", "$wpclean_post"), ("page_id", "$wpclean_page"))
_NGINX_QUOTE_RE = re.compile(r"[\s;{}\"'\\]")


def _nginx(pairs: list[tuple[str, str]]) -> str:
    maps: dict[str, list[str]] = {arg: [] for arg, _ in _NGINX_MAPS}
    locations = []
    for old, new in pairs:
        path, query = _split_query(old)
        if len(query) == 1 and path == "/" and next(iter(query)) in maps:
            (arg, value), = query.items()
            maps[arg].append(f"    {_nginx_string(value)} {_nginx_string(new)};")
        elif query:
            locations.append(f"# {old} -> {new} (a query nginx cannot match with location)")
        else:
            locations.append(f"location = {_nginx_string(unquote(path))} {{ return 301 {_nginx_string(new)}; }}")
    lines = []
    used = [(arg, variable) for arg, variable in _NGINX_MAPS if maps[arg]]
    if used:
        lines.append("# in the http block")
        for arg, variable in used:
            lines += [f"map $arg_{arg} {variable} {{", '    default "";', *maps[arg], "}"]
    lines.append("# inside the server block")
    lines += [f"if ({variable}) {{ return 301 {variable}; }}" for _, variable in used]
    return "\n".join(lines + locations) + "\n"


def _nginx_string(text: str) -> str:
    if not _NGINX_QUOTE_RE.search(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _apache(pairs: list[tuple[str, str]]) -> str:
    lines = ["RewriteEngine On"]
    for old, new in pairs:
        path, query = _split_query(old)
        if query:
            lines.append("RewriteCond %{QUERY_STRING} " + "^" + "&".join(f"{k}={re.escape(v)}" for k, v in query.items()) + "$")
            lines.append(f"RewriteRule ^/?{re.escape(unquote(path).lstrip('/'))}$ {new}? [R=301,L]")  # .htaccess and server context
        else:
            lines.append(f"Redirect 301 {_quoted(unquote(path))} {new}")
    return "\n".join(lines) + "\n"


def _quoted(path: str) -> str:
    return f'"{path}"' if re.search(r"[\s\"]", path) else path


def _caddy(pairs: list[tuple[str, str]]) -> str:
    lines = []
    for number, (old, new) in enumerate(pairs, 1):
        path, query = _split_query(old)
        if query:
            matcher = f"@old{number}"
            lines.append(f"{matcher} {{\n\tpath {_quoted(unquote(path))}\n\tquery " + " ".join(f"{k}={v}" for k, v in query.items()) + "\n}")
            lines.append(f"redir {matcher} {new} 301")
        else:
            lines.append(f"redir {_quoted(unquote(path))} {new} 301")
    return "\n".join(lines) + "\n" if lines else ""


def _csv(pairs: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["from", "to"])
    writer.writerows(pairs)
    return out.getvalue()


def _json(pairs: list[tuple[str, str]]) -> str:
    return json.dumps([{"from": old, "to": new, "status": 301} for old, new in pairs], indent=2) + "\n"
