"""The OpenAPI 3.1 document: valid, generated from the code (every API endpoint is in it),
and its reference page rendered by us, with no script from elsewhere."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from meetings.api.openapi import OPERATIONS

from .conftest import is_problem


def test_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "mtg_…",
        "description": "A personal token, created on the account page.",
    }


def test_every_api_endpoint_is_documented(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    served = {
        (re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        and rule.endpoint not in ("api.openapi_document", "api.docs")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert documented == served
    assert len(OPERATIONS) == len(served)


def test_meetings_operation_documents_its_parameters(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/meetings"]["get"]
    assert [p["name"] for p in operation["parameters"]] == [
        "group",
        "from",
        "to",
        "status",
        "cursor",
        "limit",
    ]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MeetingList"
    }


def test_reference_page_lists_operations_and_schemas(client):
    response = client.get("/api/v1/docs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "GET /api/v1/meetings/{meeting_id}" in page
    assert "POST /api/v1/meetings/{meeting_id}/invitation/answer" in page
    assert 'id="schema-MeetingDetail"' in page
    assert not re.search(r'<script[^>]+src="(https?:)?//', page)


def test_problem_for_unknown_path_validates(client, conforms):
    response = client.get("/api/v1/groups/nope/more")
    assert is_problem(response, 404)
    conforms(response, "Problem")
