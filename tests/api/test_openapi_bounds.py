"""Issue 10 item 5: every number the API accepts is bounded in its schema (skillup.api.types), so a value
beyond 64 bits, a year no date can hold or "NaN" is a 422 naming the field rather than a 500."""

from skillup.api import api


def _numbers(node, schema, where, seen=()):
    """(where, schema) for every integer or number reachable from `node`, following $refs."""
    if isinstance(node, list):
        for item in node:
            yield from _numbers(item, schema, where, seen)
        return
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _numbers(
                schema["components"]["schemas"][name], schema, f"{where}>{name}", (*seen, name)
            )
        return
    if node.get("type") in ("integer", "number"):
        yield where, node
    for key, child in node.items():
        if key in ("properties",):
            for prop, sub in child.items():
                yield from _numbers(sub, schema, f"{where}.{prop}", seen)
        elif key in (
            "items",
            "anyOf",
            "oneOf",
            "allOf",
            "additionalProperties",
            "schema",
            "content",
        ) or key in ("application/json", "multipart/form-data"):
            yield from _numbers(child, schema, where, seen)


def _inputs(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                yield from _numbers(parameter["schema"], schema, f"{where} {parameter['name']}")
            yield from _numbers(operation.get("requestBody", {}), schema, f"{where} body")


def test_every_number_the_api_accepts_is_bounded():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    found = list(_inputs(schema))
    assert len(found) > 20  # the walk reaches parameters and bodies
    unbounded = [where for where, node in found if "maximum" not in node or "minimum" not in node]
    assert unbounded == [], f"use skillup.api.types for: {unbounded}"
