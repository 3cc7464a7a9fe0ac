"""The refusals every client can meet, added to each operation of the OpenAPI schema.

drf-spectacular documents what a view returns when all goes well; the refusals come from around
it: the NUL-byte guard (claims/middleware.py) answers 400 before any view runs, the throttle 429,
a detail whose slug no published row has 404, a list whose cursor was not one we gave 404, and
the claim list's filters 400 with the error of each filter. Each is JSON.
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FILTER_ERRORS = {
    "type": "object",
    "description": "For each refused filter, what to fix.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def _max_length(name):
    from claims.filters import ClaimFilter

    claim_filter = ClaimFilter.base_filters.get(name)
    return claim_filter.extra.get("max_length") if claim_filter else None


def _response(description, *schemas):
    schema = schemas[0] if len(schemas) == 1 else {"anyOf": list(schemas)}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_refusals(result, generator, request, public):
    result["components"]["schemas"]["Error"] = ERROR
    result["components"]["schemas"]["FilterErrors"] = FILTER_ERRORS
    error = {"$ref": "#/components/schemas/Error"}
    filter_errors = {"$ref": "#/components/schemas/FilterErrors"}
    for path, operations in result["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            names = {p["name"] for p in operation.get("parameters", [])}
            if "{" in path:
                responses["404"] = _response("No published row has this address.", error)
            elif "cursor" in names:
                responses["404"] = _response("The cursor is not one this API gave.", error)
            if operation["operationId"] == "claims_list":  # ClaimFilter refuses bad values
                for parameter in operation["parameters"]:
                    limit = _max_length(parameter["name"])
                    if limit:
                        parameter["schema"]["maxLength"] = limit
                responses["400"] = _response(
                    "A filter was refused (each with what to fix), or the request held a NUL "
                    "character.",
                    filter_errors,
                    error,
                )
            else:
                responses["400"] = _response("The request held a NUL character.", error)
            responses["429"] = _response(
                "Too many requests from this address: wait and retry.", error
            )
    return result
