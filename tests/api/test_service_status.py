"""`/health` and the air-gapped `/docs` (issue 14, point 9)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from pledgeflow.adapters import migrations


def test_health_says_the_database_answers_and_is_current(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["schema_revision"] == body["expected_revision"] == migrations.head_revision()


def test_health_is_503_when_the_schema_is_behind(client: TestClient, engine: Engine) -> None:
    migrations.downgrade(engine, "0005")
    answer = client.get("/health")
    assert answer.status_code == 503
    assert answer.json()["status"] == "degraded"
    assert "run `pledgeflow init`" in answer.json()["database"]


def test_docs_load_swagger_ui_from_the_package_only(client: TestClient) -> None:
    page = client.get("/docs").text
    sources = [part.split('"')[0] for part in page.split('src="')[1:]]
    sources += [part.split('"')[0] for part in page.split('href="')[1:]]
    assert sources
    assert all(s.startswith("/static/") for s in sources), sources
    assert "<script>" not in page  # no inline script: it must run under a strict CSP
    for asset in sources:
        assert client.get(asset).status_code == 200, asset
    assert "SwaggerUIBundle" in client.get("/static/swagger-ui/docs.js").text


def test_the_openapi_document_states_ranges_as_minimum_and_maximum(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    create = document["components"]["schemas"]["PlanCreate"]["properties"]["horizon_days"]
    assert (create["minimum"], create["maximum"]) == (1, 730)


def test_query_ranges_are_json_schema_keywords(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    [limit] = [p for p in document["paths"]["/plans"]["get"]["parameters"] if p["name"] == "limit"]
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, 500)
    text = str(document)
    assert "'ge':" not in text
    assert "'le':" not in text
