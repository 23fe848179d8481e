"""The rules that resolve folded observation IRIs on a static host, and optional stub pages.

- ``_redirects`` (Netlify, Cloudflare Pages, GitLab Pages): one line a rule,
  ``/id/:s0/…/observation/:key /id/:s0/…/#observation-:key 303``; paths from the host's root.
- ``.htaccess`` (Apache ``mod_rewrite``): the same rules as regular expressions, relative to
  the folder the file is in, so the site works wherever it is mounted; a client asking for
  Turtle or JSON-LD is sent to the indicator's ``index.ttl`` / ``index.jsonld``, which
  describe the observation.
- stub pages (``redirect_pages``): ``id/<observation path>/index.html`` that sends the browser
  on with ``<meta http-equiv="refresh">`` — for hosts that apply no rules (GitHub Pages, a
  plain file server, ``file://``). One folder and one file per observation: at 100× that is
  52,000 more of each, so they are off by default.
"""

from __future__ import annotations

import re

from markupsafe import escape

from plangraph.publish.site.fold import Rule

REDIRECTS_FILE = "_redirects"
HTACCESS_FILE = ".htaccess"
STATUS = 303
_PLACEHOLDER = re.compile(r":\w+")
_HEADER = ("# plangraph: an observation shown on its indicator's page resolves to that page\n"
           "# (an anchor per observation); generated with the site, do not edit.\n")


def netlify(rules: list[Rule]) -> str:
    """``_redirects`` for Netlify, Cloudflare Pages and GitLab Pages."""
    lines = [f"/{'/'.join(r.source)} /{r.target} {STATUS}" for r in rules]
    return _HEADER + "".join(line + "\n" for line in lines)


def _regex(rule: Rule) -> tuple[str, str]:
    """(pattern, target with ``$n``) of a rule, for ``RewriteRule``."""
    order = [s for s in rule.source if s.startswith(":")]
    pattern = "/".join("([^/]+)" if s.startswith(":") else re.escape(s) for s in rule.source)
    target = _PLACEHOLDER.sub(lambda m: f"${order.index(m.group(0)) + 1}", rule.target)
    return f"^{pattern}/?$", target


def htaccess(rules: list[Rule]) -> str:
    """``.htaccess`` for Apache: 303 to the page's anchor, or to its Turtle / JSON-LD."""
    lines = [_HEADER.rstrip("\n"), "RewriteEngine On",
             "# PLANGRAPH_BASE: the URL path of this folder, wherever the site is mounted",
             r"RewriteCond %{REQUEST_URI}::$1 ^(.*?/)(.*)::\2$",
             "RewriteRule ^(.*)$ - [E=PLANGRAPH_BASE:%1]"]
    for rule in rules:
        pattern, target = _regex(rule)
        page = target.split("#", 1)[0]
        for accept, file in ((r"text/turtle", "index.ttl"), (r"application/ld\+json",
                                                              "index.jsonld")):
            lines += [f"RewriteCond %{{HTTP_ACCEPT}} {accept}",
                      f"RewriteRule {pattern} %{{ENV:PLANGRAPH_BASE}}{page}{file} "
                      f"[R={STATUS},L]"]
        lines.append(f"RewriteRule {pattern} %{{ENV:PLANGRAPH_BASE}}{target} [R={STATUS},NE,L]")
    return "\n".join(lines) + "\n"


def rule_files(rules: list[Rule]) -> dict[str, str]:
    """The rule files to ship (none when nothing is folded)."""
    if not rules:
        return {}
    return {REDIRECTS_FILE: netlify(rules), HTACCESS_FILE: htaccess(rules)}


def stub_page(title: str, href: str) -> bytes:
    """A page that sends the browser to ``href`` (relative), with a link for the rest."""
    t, h = escape(title), escape(href)
    return (f'<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
            f'<meta http-equiv="refresh" content="0; url={h}"><link rel="canonical" href="{h}">'
            f'<title>{t}</title></head><body><p><a href="{h}">{t}</a></p></body></html>\n'
            ).encode()
