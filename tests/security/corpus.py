"""The XSS corpus, and the checks that what comes back is inert.

``PAYLOADS`` is what an attacker types into a free-text field: script tags, event
handlers, ``javascript:`` and ``data:`` URLs (in HTML, Markdown links and autolinks), SVG
and MathML, encoded variants (entities, mixed case, control characters, a NUL, nested
tags) and Markdown tricks (raw HTML blocks, reference links, images with handlers).

``problems(html)`` parses a page as a browser does (tinyhtml5, the HTML5 parser
WeasyPrint uses) and names everything that could run: any ``on*`` attribute, a script
that is not one of the app's own files, a ``javascript:``/``data:``/``vbscript:`` URL in
an attribute that loads or links, and elements no page of the app has (svg, math,
iframe, object, embed, base, style, meta refresh …).
"""

from __future__ import annotations

import re

import tinyhtml5

#: Every chunk of payloads starts with this, so a test can see its text came back.
MARK = "XSSMARK"

PAYLOADS = [
    # script tags
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="x" ONERROR="alert(1)">',
    "<img src=x on\x00error=alert(1)>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus x='",
    # SVG, MathML, frames, objects
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>">',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    "<embed src=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    # javascript: and data: URLs, encoded variants
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">b</a>',
    '<a href="&#x6a;avascript:alert(1)">c</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">d</a>',
    '<a href="java\tscript:alert(1)">e</a>',
    '<a href=" javascript:alert(1)">f</a>',
    '<a href="data:text/html,<script>alert(1)</script>">g</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    # Markdown links, autolinks, images, references, raw HTML blocks
    "[m1](javascript:alert(1))",
    "[m2](JAVASCRIPT:alert(1))",
    "[m3](&#x6a;avascript:alert(1))",
    "[m4](java&#x09;script:alert(1))",
    "[m5](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[m6](vbscript:msgbox(1))",
    "[m7](<javascript:alert(1)>)",
    '[m8](https://example.org "title" onclick="alert(1)")',
    "<javascript:alert(1)>",
    "<data:text/html,alert(1)>",
    '![i1](x" onerror="alert(1))',
    "![i2](javascript:alert(1))",
    "![i3](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[r1][evil]\n\n[evil]: javascript:alert(1)",
    "<div>\n\n<script>alert(1)</script>\n\n</div>",
    "<!-- --><script>alert(1)</script><!-- -->",
    "<![CDATA[<script>alert(1)</script>]]>",
]


def chunks(limit: int | None, *, separator: str = "\n\n") -> list[str]:
    """The payloads packed into as few values as fit ``limit`` characters (None: one).

    Each value starts with ``MARK`` and a number; payloads longer than the limit are left
    out of that field (a field of 20 characters takes only the short ones).
    """
    limit = limit or 100_000
    packed: list[str] = []
    current = ""
    for payload in PAYLOADS:
        start = current or f"{MARK}{len(packed)}"
        candidate = f"{start}{separator}{payload}"
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            packed.append(current)
        current = f"{MARK}{len(packed)}{separator}{payload}"
        if len(current) > limit:
            current = ""
    if current:
        packed.append(current)
    return packed or [f"{MARK}{0}"[:limit]]


XHTML = "http://www.w3.org/1999/xhtml"
#: Elements no page of the app has: from user input they could only do harm.
FORBIDDEN = {
    "svg",
    "math",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "portal",
}
#: Attributes whose value is loaded, followed or submitted to.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "xlink:href",
    "ping",
    "cite",
    "codebase",
    "manifest",
    "lowsrc",
    "dynsrc",
}
_DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def parse(html: str):
    return tinyhtml5.parse(html)


def _tree(html):
    """A page parsed (once: the parser is pure Python, and pages are checked by the hundred)."""
    return parse(html) if isinstance(html, str) else html


def _name(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}", 1)
        return namespace, local.lower()
    return "", tag.lower()


def problems(html) -> list[str]:
    """What in this page (its HTML, or the tree ``parse`` made of it) could run script or
    load something chosen by a user."""
    found = []
    for element in _tree(html).iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        namespace, tag = _name(element.tag)
        if namespace != XHTML or tag in FORBIDDEN:
            found.append(f"<{tag}> element ({namespace})")
        if tag == "script" and (
            not (element.get("src") or "").startswith("/static/") or (element.text or "").strip()
        ):
            found.append(f"<script> not from /static/: {element.attrib} {element.text!r}")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in ("srcdoc",):
                found.append(f"<{tag} {name}>")
            if (name in URL_ATTRIBUTES or attribute.endswith("}href")) and _DANGEROUS_SCHEME.match(
                _IGNORED_IN_URL.sub("", value)
            ):
                found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"url\(|expression\(|javascript:", value, re.I):
                found.append(f"<{tag} style={value!r}>")
    return found


def text_of(html) -> str:
    """The page's text as a reader sees it (entities decoded, tags gone), from its HTML or
    the tree ``parse`` made of it."""
    return "".join(_tree(html).itertext())


# --- filling a page's form as a person would -----------------------------------------------

#: Input types a person types free text into.
TEXT_INPUTS = {"text", "search", ""}


def find_form(html: str, action: str, page: str = ""):
    """The first form whose action ends with ``action`` (a form without an action posts to
    its ``page``); its action is set to where it posts."""
    for element in parse(html).iter(f"{{{XHTML}}}form"):
        target = element.get("action") or page
        if target.split("?")[0].split("#")[0].endswith(action):
            element.set("action", target)
            return element
    raise AssertionError(f"no form posting to {action}")


def form_values(form, fill, *, skip=()) -> dict[str, list[str]]:
    """The values a browser would send from ``form``, with every free-text field (text
    inputs and textareas not named in ``skip``) set to ``fill(name, maxlength, textarea)``.
    Buttons are not included."""
    values: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        values.setdefault(name, []).append(value)

    for element in form.iter():
        if not isinstance(element.tag, str):
            continue
        _, tag = _name(element.tag)
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        maxlength = element.get("maxlength")
        limit = int(maxlength) if maxlength else None
        if tag == "input":
            kind = (element.get("type") or "").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    add(name, element.get("value", "on"))
            elif kind in TEXT_INPUTS and name not in skip:
                add(name, fill(name, limit, False))
            else:
                add(name, element.get("value", ""))
        elif tag == "textarea":
            add(name, fill(name, limit, True) if name not in skip else (element.text or ""))
        elif tag == "select":
            options = list(element.iter(f"{{{XHTML}}}option"))
            chosen = [o for o in options if o.get("selected") is not None]
            if not chosen and options and element.get("multiple") is None:
                chosen = options[:1]
            for option in chosen:
                add(name, option.get("value", option.text or ""))
    return values
