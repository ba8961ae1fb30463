"""The JSON API (``/api/v1/``) and its OpenAPI document.

Programs authenticate with a personal token (``Authorization: Bearer mtg_…``, see
``auth.api_tokens``), never with the browser's session: API requests are sessionless and
need no CSRF token. Every answer is decided by the same policy as the pages
(``auth.permissions``); errors are ``application/problem+json`` (RFC 9457).

- ``problems``: the error answers;
- ``schemas``: the pydantic models of every answer (the OpenAPI components);
- ``paging``: opaque cursors;
- ``serialise``: domain objects → response models;
- ``openapi``: the OpenAPI 3.1 document (apispec);
- ``views``: the blueprint.
"""
