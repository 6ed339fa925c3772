//! Small builders for registry records through the API.

use governance_tests::{spawn, Backend, Options, TestApp};
use serde_json::{json, Value};

pub fn app(backend: Backend) -> TestApp {
    spawn(backend, Options::default())
}

/// Creates through the API as `token` and returns the created body (asserting 201).
pub fn create(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    app.post(path).token(token).json(&body).expect(201).json()
}

pub fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_string()
}

/// A force, its PCC and chief constable, an OPCC organisation serving the PCC; returns ids.
pub struct Area {
    pub force: String,
    pub pcc: String,
    pub chief_constable: String,
    pub opcc: String,
    pub opcc_slug: String,
    /// The force's organisation, serving the chief constable.
    pub force_org_slug: String,
}

pub fn area(app: &TestApp, admin: &str, slug: &str) -> Area {
    let force = create(
        app,
        admin,
        "/api/v1/forces",
        json!({"slug": slug, "name": format!("{slug} Police"), "police_area": slug}),
    );
    let pcc = create(
        app,
        admin,
        "/api/v1/corporations-sole",
        json!({"slug": format!("{slug}-pcc"), "name": format!("PCC for {slug}"), "kind": "pcc", "force_id": id(&force), "starts_on": "2012-11-22"}),
    );
    let cc = create(
        app,
        admin,
        "/api/v1/corporations-sole",
        json!({"slug": format!("{slug}-cc"), "name": format!("Chief Constable of {slug}"), "kind": "chief_constable", "force_id": id(&force), "starts_on": "2012-11-22"}),
    );
    let opcc_slug = format!("{slug}-opcc");
    let opcc = create(
        app,
        admin,
        "/api/v1/organisations",
        json!({"slug": opcc_slug, "name": format!("OPCC for {slug}"), "kind": "opcc", "corporation_sole_id": id(&pcc), "force_id": id(&force)}),
    );
    let force_org_slug = format!("{slug}-force");
    create(
        app,
        admin,
        "/api/v1/organisations",
        json!({"slug": force_org_slug, "name": format!("{slug} Police"), "kind": "force", "corporation_sole_id": id(&cc), "force_id": id(&force)}),
    );
    Area { force: id(&force), pcc: id(&pcc), chief_constable: id(&cc), opcc: id(&opcc), opcc_slug, force_org_slug }
}

pub fn person(app: &TestApp, token: &str, name: &str) -> String {
    id(&create(app, token, "/api/v1/people", json!({"full_name": name})))
}

pub fn post(app: &TestApp, token: &str, organisation: &str, title: &str, roles: &[&str], public: bool) -> String {
    id(&create(
        app,
        token,
        "/api/v1/posts",
        json!({"organisation_id": organisation, "title": title, "statutory_roles": roles, "public": public, "starts_on": "2012-11-22"}),
    ))
}
