"""Pages answer through the API's session and row filter: sign-in, refusals, what each role sees."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pledgeflow.service.access import Role
from tests.web.conftest import PASSWORD

Browse = Callable[[Role], tuple[TestClient, str]]


def test_anonymous_visitors_are_sent_to_sign_in(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    for path in ("/ui/", "/ui/pledges", "/ui/plans/1", "/ui/import"):
        answer = client.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/ui/login?next={path}"


def test_login_sets_the_api_session_cookie(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    answer = client.post("/ui/login", data={"name": "auditor", "password": PASSWORD})
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("pledgeflow_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert client.get("/auth/me").json()["role"] == "auditor"


def test_a_wrong_password_is_refused_on_the_form(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver")
    answer = client.post("/ui/login", data={"name": "auditor", "password": "wrong password"})
    assert answer.status_code == 401
    assert "wrong name or password" in answer.text
    assert "pledgeflow_session" not in client.cookies


def test_login_never_redirects_to_another_site(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    data = {"name": "auditor", "password": PASSWORD, "next": "//evil.example/ui"}
    assert client.post("/ui/login", data=data).headers["location"] == "/ui/"


def test_logout_needs_the_form_token_and_ends_the_session(browse: Browse) -> None:
    client, csrf = browse(Role.AUDITOR)
    assert client.post("/ui/logout", data={}).status_code == 403
    assert client.get("/auth/me").status_code == 200
    client.post("/ui/logout", data={"csrf": csrf})
    assert client.get("/auth/me").status_code == 401


def test_a_donor_liaison_sees_only_its_own_restricted_pledges(browse: Browse) -> None:
    client, _ = browse(Role.DONOR_LIAISON)
    pledges = client.get("/ui/pledges").text
    assert "P-POL-SECRET" in pledges
    assert "P-POL-OPEN" in pledges
    assert "P-DEU-SECRET" not in pledges
    requirements = client.get("/ui/requirements").text
    assert "R-OPEN" in requirements
    assert "R-SECRET" not in requirements


def test_a_coordinator_sees_every_record(browse: Browse) -> None:
    client, _ = browse(Role.COORDINATOR)
    assert "P-DEU-SECRET" in client.get("/ui/pledges").text
    assert "R-SECRET" in client.get("/ui/requirements").text


def test_filters_narrow_the_list_and_htmx_gets_only_the_table(browse: Browse) -> None:
    client, _ = browse(Role.COORDINATOR)
    answer = client.get("/ui/pledges?donor=DEU", headers={"HX-Request": "true"})
    assert answer.text.lstrip().startswith('<div id="results">')
    assert "<html" not in answer.text
    assert "P-DEU-SECRET" in answer.text
    assert "P-POL-OPEN" not in answer.text
    assert "R-ODESA" in client.get("/ui/requirements?priority=3").text
    assert "R-OPEN" not in client.get("/ui/requirements?priority=3").text


def test_pages_a_role_may_not_use_explain_themselves(browse: Browse) -> None:
    client, _ = browse(Role.DONOR_LIAISON)
    for path in ("/ui/requirements/new", "/ui/import"):
        answer = client.get(path)
        assert answer.status_code == 403
        assert "donor_liaison" in answer.text
    navigation = client.get("/ui/").text
    assert 'href="/ui/import"' not in navigation
    assert 'href="/ui/pledges/new"' not in navigation


def test_the_dashboard_counts_only_what_the_viewer_may_see(browse: Browse) -> None:
    liaison, _ = browse(Role.DONOR_LIAISON)
    assert "2 requirements, 2 pledges visible to you" in liaison.get("/ui/").text
    coordinator, _ = browse(Role.COORDINATOR)
    assert "3 requirements, 3 pledges visible to you" in coordinator.get("/ui/").text


def test_htmx_is_vendored_with_its_licence(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver")
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200
    assert "Zero-Clause BSD" in script.text[:400]
    assert "var htmx" in script.text
    assert client.get("/static/pledgeflow.css").status_code == 200


def test_forms_sent_from_another_site_are_refused(app: FastAPI, browse: Browse) -> None:
    stranger = {"Origin": "https://evil.example"}
    client = TestClient(app, base_url="https://testserver")
    login = {"name": "auditor", "password": PASSWORD}
    assert client.post("/ui/login", data=login, headers=stranger).status_code == 403
    assert "pledgeflow_session" not in client.cookies
    signed_in, csrf = browse(Role.AUDITOR)
    answer = signed_in.post("/ui/logout", data={"csrf": csrf}, headers=stranger)
    assert answer.status_code == 403
    assert signed_in.get("/auth/me").status_code == 200
    same = {"Origin": "https://testserver"}
    assert client.post("/ui/login", data=login, headers=same).status_code == 200
