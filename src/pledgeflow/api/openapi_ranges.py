"""The OpenAPI document states every range in JSON Schema's own words.

A query parameter whose type carries a validator of its own (the paging parameters'
`WholeNumber`) reaches the document with Pydantic's constraint names, `ge` and `le`, which no
JSON Schema tool reads: a client generator or a fuzzer would not know that `limit` stops at 500.
They are renamed once, when the document is first built.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

_RENAMED = {
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
}


def json_schema_ranges(node: Any) -> Any:
    """`node` with every schema's `ge`/`le`/`gt`/`lt` written as JSON Schema keywords."""
    if isinstance(node, list):
        return [json_schema_ranges(item) for item in node]
    if not isinstance(node, dict):
        return node
    is_schema = "type" in node or "anyOf" in node
    return {
        (_RENAMED[key] if is_schema and key in _RENAMED else key): json_schema_ranges(value)
        for key, value in node.items()
    }


def install(app: FastAPI) -> None:
    build = app.openapi

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = json_schema_ranges(build())
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]
