"""Redirect maps from the old site's URLs to the new paths, in the formats servers and hosts read."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable
from urllib.parse import parse_qs

from .siteindex import Entry
from .urls import split_url

FORMATS = ("netlify", "nginx", "apache", "caddy", "csv", "json")


def redirect_pairs(entries: Iterable[Entry], hosts: frozenset[str], new_base: str | None) -> list[tuple[str, str]]:
    """(old path-and-query, new URL) for every post, without self-redirects, sorted."""
    pairs: set[tuple[str, str]] = set()
    for entry in entries:
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


def _nginx(pairs: list[tuple[str, str]]) -> str:
    lines = ["# inside the server block"]
    for old, new in pairs:
        path, query = _split_query(old)
        if query:
            cond = " && ".join(f"$arg_{k} = {v}" for k, v in query.items())
            lines.append(f"if ({cond}) {{ return 301 {new}; }}" if len(query) == 1 else f"# {old} -> {new}")
        else:
            lines.append(f"location = {path} {{ return 301 {new}; }}")
    return "\n".join(lines) + "\n"


def _apache(pairs: list[tuple[str, str]]) -> str:
    lines = ["RewriteEngine On"]
    for old, new in pairs:
        path, query = _split_query(old)
        if query:
            lines.append("RewriteCond %{QUERY_STRING} " + "^" + "&".join(f"{k}={v}" for k, v in query.items()) + "$")
            lines.append(f"RewriteRule ^/?{path.lstrip('/')}$ {new}? [R=301,L]")  # .htaccess and server context
        else:
            lines.append(f"Redirect 301 {path} {new}")
    return "\n".join(lines) + "\n"


def _caddy(pairs: list[tuple[str, str]]) -> str:
    lines = []
    for number, (old, new) in enumerate(pairs, 1):
        path, query = _split_query(old)
        if query:
            matcher = f"@old{number}"
            lines.append(f"{matcher} {{\n\tpath {path}\n\tquery " + " ".join(f"{k}={v}" for k, v in query.items()) + "\n}")
            lines.append(f"redir {matcher} {new} 301")
        else:
            lines.append(f"redir {path} {new} 301")
    return "\n".join(lines) + "\n" if lines else ""


def _csv(pairs: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["from", "to"])
    writer.writerows(pairs)
    return out.getvalue()


def _json(pairs: list[tuple[str, str]]) -> str:
    return json.dumps([{"from": old, "to": new, "status": 301} for old, new in pairs], indent=2) + "\n"
