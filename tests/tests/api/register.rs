//! The public register (issue 18): executed agreements for everyone, a notice where the text is not
//! published, cacheable by a proxy.

use governance_tests::{on_both_backends, spawn, Backend, Options};
use serde_json::Value;

fn executed_agreements_are_noticed_to_the_public_even_unpublished(backend: Backend) {
    let app = spawn(backend, Options { demo: true, ..Options::default() });
    let response = app.get("/api/v1/public/agreements").send();
    assert_eq!(response.header("cache-control"), Some("public, max-age=60"));
    let tag = response.header("etag").map(str::to_string).unwrap_or_else(|| panic!("no ETag"));
    let register = response.expect(200).json();
    let items = register["items"].as_array().cloned().unwrap_or_default();
    // The three BCH agreements of 2015 were executed but are not published in the demo: the public
    // learns they exist, with title, parties and the day executed, and no link to their text.
    let bch: Vec<&Value> =
        items.iter().filter(|i| i["reference"].as_str().is_some_and(|r| r.starts_with("BCH-S22A-2015"))).collect();
    assert_eq!(bch.len(), 3, "{register}");
    for notice in &bch {
        assert_eq!(
            (notice["published"].clone(), notice["href"].clone()),
            (Value::Bool(false), Value::Null),
            "{notice}"
        );
        assert!(notice["parties"].as_array().is_some_and(|p| p.len() >= 2), "{notice}");
        assert!(notice["executed_on"].is_string(), "{notice}");
        // The agreement itself stays with its parties.
        let id = notice["id"].as_str().unwrap_or_default();
        app.get(&format!("/api/v1/collaboration-agreements/{id}")).send().expect_problem(404, "not_found");
    }
    // Nothing that every party has not signed is listed.
    assert!(items
        .iter()
        .all(|i| ["signed", "in_force", "superseded", "terminated", "expired"]
            .contains(&i["status"].as_str().unwrap_or(""))));
    // A proxy revalidates with the ETag: 304 while nothing changed.
    let again = app.get("/api/v1/public/agreements").header("If-None-Match", &tag).send();
    assert_eq!(again.status, 304);
    // Filtered by a party, paged.
    let party = app.get("/api/v1/corporations-sole?q=bedfordshire").send().expect(200).json();
    let pcc = party["items"]
        .as_array()
        .and_then(|i| i.iter().find(|c| c["kind"] == "pcc"))
        .cloned()
        .unwrap_or_else(|| panic!("{party}"));
    let theirs = app
        .get(&format!("/api/v1/public/agreements?corporation_sole={}&limit=2", pcc["id"].as_str().unwrap_or_default()))
        .send()
        .expect(200)
        .json();
    assert_eq!(theirs["items"].as_array().map(Vec::len), Some(2), "{theirs}");
    let rest = app
        .get(&format!(
            "/api/v1/public/agreements?corporation_sole={}&limit=2&cursor={}",
            pcc["id"].as_str().unwrap_or_default(),
            theirs["next_cursor"].as_str().unwrap_or_default()
        ))
        .send()
        .expect(200)
        .json();
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(1), "{rest}");
}

on_both_backends!(executed_agreements_are_noticed_to_the_public_even_unpublished);
