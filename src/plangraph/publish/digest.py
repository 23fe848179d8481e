"""HTTP Digest answered before a large upload is sent.

urllib answers a Digest challenge only after a request has failed with 401, so an upload's
first request carries the whole body; Virtuoso refuses it and closes the connection while
the body is still being written ("connection reset", seen from 10x data up). Like curl, ask
first with an empty ``HEAD`` request, then send the upload with its ``Authorization`` header.
"""

from __future__ import annotations

import urllib.error
import urllib.request


def authorization(url: str, method: str, user: str, password: str, timeout: float) -> str | None:
    """The ``Authorization`` header for ``method url`` from the server's Digest challenge,
    or None when the server asks for no Digest (the request then goes as usual)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"),
                                    timeout=timeout) as response:
            response.read()
        return None  # no credentials needed
    except urllib.error.HTTPError as e:
        challenge = e.headers.get("WWW-Authenticate", "") if e.code == 401 else ""
    scheme, _, params = challenge.partition(" ")
    if scheme.lower() != "digest":
        return None
    chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, user, password)
    handler = urllib.request.HTTPDigestAuthHandler(manager)
    answer = handler.get_authorization(urllib.request.Request(url, method=method), chal)
    return f"Digest {answer}" if answer else None
