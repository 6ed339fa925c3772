//! Delegations, consents and authority checks over HTTP: the catalogue, each R-DL refusal, each
//! answer kind (the D1 case), a three-level chain with a revoked middle link, point-in-time answers
//! across an appointment change, scheme re-adoption, recorded checks, and the approval gate.

use governance_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

use crate::fixtures::*;

const D1: &str = "PCC/D/2017/05";

fn opcc_admin(app: &TestApp, area: &Area) -> String {
    app.token(&area.opcc_slug, &["org_admin"])
}

fn appoint(app: &TestApp, admin: &str, person: &str, target: (&str, &str), from: &str, to: Option<&str>) -> Value {
    let (field, target_id) = target;
    create(
        app,
        admin,
        "/api/v1/appointments",
        json!({"person_id": person, field: target_id, "basis": "substantive", "starts_on": from, "ends_on": to}),
    )
}

fn delegate(app: &TestApp, token: &str, body: Value) -> Value {
    create(app, token, "/api/v1/delegations", body)
}

fn check(app: &TestApp, token: &str, body: Value) -> Value {
    app.post("/api/v1/authority-checks").token(token).json(&body).expect(200).json()
}

fn reason_codes(answer: &Value) -> Vec<String> {
    answer["reasons"].as_array().into_iter().flatten().filter_map(|r| r["code"].as_str().map(str::to_string)).collect()
}

fn a_delegation(cs: &str, delegate_kind: &str, delegate_id: &str, functions: &[&str]) -> Value {
    json!({
        "kind": "delegation",
        "corporation_sole_id": cs,
        "delegate": {"kind": delegate_kind, "id": delegate_id},
        "functions": functions,
        "valid_from": "2017-01-01",
        "source": {"reference": "PCC/D/2016/44", "paragraph": "2"},
    })
}

fn the_catalogue_holds_the_reserved_functions_and_only_system_admins_extend_it(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let reserved = app.get("/api/v1/functions?reservation=office_holder_only").send().expect(200).json();
    let codes: Vec<&str> =
        reserved["items"].as_array().into_iter().flatten().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes.len(), 2, "{reserved}");
    assert!(
        codes.contains(&"calculate_budget_requirement") && codes.contains(&"appoint_suspend_remove_chief_constable")
    );
    let plan = app.get("/api/v1/functions?q=police+and+crime+plan").send().expect(200).json();
    assert_eq!(plan["items"][0]["reserved"], true);
    assert_eq!(plan["items"][0]["reservation_source"], "PRSRA 2011 s.18(7)(a)");

    let area = area(&app, &admin, "northshire");
    let new = json!({"code": "approve_virement", "name": "Approve a virement", "reservation": "none"});
    app.post("/api/v1/functions").token(&opcc_admin(&app, &area)).json(&new).expect_problem(403, "forbidden");
    let created = app.post("/api/v1/functions").token(&admin).json(&new).expect(201);
    let location = created.header("location").unwrap_or_default().to_string();
    assert_eq!(app.get(&location).send().expect(200).json()["code"], "approve_virement");
    app.post("/api/v1/functions").token(&admin).json(&new).expect_problem(409, "conflict");
    app.post("/api/v1/functions")
        .token(&admin)
        .json(&json!({"code": "set_strategy", "name": "Set strategy", "reservation": "office_holder_only"}))
        .expect_problem(422, "R-DL-01");
    app.post("/api/v1/functions")
        .token(&admin)
        .json(&json!({"code": "Bad Code", "name": "x", "reservation": "none"}))
        .expect_problem(422, "invalid_code");
}

fn each_refusal_rule_answers_422_with_its_rule_id(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "northshire");
    let other = crate::fixtures::area(&app, &admin, "southshire");
    let token = opcc_admin(&app, &area);
    let chief_executive = post(&app, &admin, &area.opcc, "Chief Executive", &["chief_executive"], true);
    let deputy = post(&app, &admin, &area.opcc, "Deputy Police and Crime Commissioner", &["deputy_pcc"], true);
    let force = id(&create(
        &app,
        &admin,
        "/api/v1/organisations",
        json!({"slug": "northshire-police", "name": "Northshire Police", "kind": "force", "corporation_sole_id": area.chief_constable, "force_id": area.force}),
    ));
    let inspector = post(&app, &admin, &force, "Chief Inspector", &[], true);
    // A delegation to a board names a board that exists.
    let no_board = a_delegation(&area.pcc, "board", &uuid::Uuid::now_v7().to_string(), &["approve_revenue_spend"]);
    let problem = app.post("/api/v1/delegations").token(&token).json(&no_board).expect(422).json();
    assert_eq!(problem["errors"][0]["pointer"], "/delegate/id", "{problem}");
    let other_chief_executive = post(&app, &admin, &other.opcc, "Chief Executive", &["chief_executive"], true);

    // R-DL-01: reserved functions go to the deputy only, and the precept not even there.
    let plan = a_delegation(&area.pcc, "post", &chief_executive, &["issue_police_and_crime_plan"]);
    let refused = app.post("/api/v1/delegations").token(&token).json(&plan).expect_problem(422, "R-DL-01");
    assert_eq!(refused["errors"][0]["pointer"], "/functions/0");
    delegate(&app, &token, a_delegation(&area.pcc, "post", &deputy, &["issue_police_and_crime_plan"]));
    let precept = a_delegation(&area.pcc, "post", &deputy, &["calculate_budget_requirement"]);
    app.post("/api/v1/delegations").token(&token).json(&precept).expect_problem(422, "R-DL-01");

    // R-DL-02: not to a constable, another policing body or the staff of either; a consent is the route.
    let to_chief = a_delegation(&area.pcc, "corporation_sole", &area.chief_constable, &["approve_revenue_spend"]);
    app.post("/api/v1/delegations").token(&token).json(&to_chief).expect_problem(422, "R-DL-02");
    let mut consent = to_chief.clone();
    consent["kind"] = json!("consent");
    assert_eq!(delegate(&app, &token, consent)["kind"], "consent");
    let to_force_staff = a_delegation(&area.pcc, "post", &inspector, &["approve_revenue_spend"]);
    app.post("/api/v1/delegations").token(&token).json(&to_force_staff).expect_problem(422, "R-DL-02");
    let to_other_pcc = a_delegation(&area.pcc, "corporation_sole", &other.pcc, &["approve_revenue_spend"]);
    app.post("/api/v1/delegations").token(&token).json(&to_other_pcc).expect_problem(422, "R-DL-02");
    let mut consent_to_other = to_other_pcc;
    consent_to_other["kind"] = json!("consent");
    app.post("/api/v1/delegations").token(&token).json(&consent_to_other).expect_problem(422, "R-DL-02");
    let to_other_staff = a_delegation(&area.pcc, "post", &other_chief_executive, &["approve_revenue_spend"]);
    app.post("/api/v1/delegations").token(&token).json(&to_other_staff).expect_problem(422, "R-DL-02");

    // R-DL-03: a source instrument is required (missing or blank).
    let mut unsourced = a_delegation(&area.pcc, "post", &chief_executive, &["award_contract"]);
    unsourced.as_object_mut().map(|o| o.remove("source"));
    app.post("/api/v1/delegations").token(&token).json(&unsourced).expect_problem(422, "R-DL-03");
    unsourced["source"] = json!({"reference": "  "});
    app.post("/api/v1/delegations").token(&token).json(&unsourced).expect_problem(422, "R-DL-03");

    // R-DL-04: sub-delegation only of what the parent holds and allows.
    let mut parent_body = a_delegation(&area.pcc, "post", &chief_executive, &["award_contract"]);
    parent_body["limit_per_act_pence"] = json!(10_000_000);
    let closed = delegate(&app, &token, parent_body.clone());
    parent_body["sub_delegation_allowed"] = json!(true);
    let open = delegate(&app, &token, parent_body);
    let director = post(&app, &admin, &area.opcc, "Director of Finance", &[], true);
    let mut sub = a_delegation(&area.pcc, "post", &director, &["award_contract"]);
    sub["parent_delegation_id"] = json!(id(&closed));
    sub["limit_per_act_pence"] = json!(5_000_000);
    app.post("/api/v1/delegations").token(&token).json(&sub).expect_problem(422, "R-DL-04");
    sub["parent_delegation_id"] = json!(id(&open));
    sub["limit_per_act_pence"] = json!(20_000_000);
    app.post("/api/v1/delegations").token(&token).json(&sub).expect_problem(422, "R-DL-04");
    sub["limit_per_act_pence"] = json!(5_000_000);
    sub["functions"] = json!(["dispose_of_property"]);
    let not_held = app.post("/api/v1/delegations").token(&token).json(&sub).expect_problem(422, "R-DL-04");
    assert_eq!(not_held["errors"][0]["pointer"], "/functions/0");
    sub["functions"] = json!(["award_contract"]);
    assert_eq!(delegate(&app, &token, sub)["parent_delegation_id"], json!(id(&open)));

    // Bad input is a problem, never a 500; and only the serving organisation's admins keep the scheme.
    let unknown = a_delegation(&area.pcc, "post", &chief_executive, &["fly_to_the_moon"]);
    app.post("/api/v1/delegations").token(&token).json(&unknown).expect_problem(422, "unknown_reference");
    let mut stray = a_delegation(&area.pcc, "post", &chief_executive, &["award_contract"]);
    stray["colour"] = json!("red");
    app.post("/api/v1/delegations").token(&token).json(&stray).expect_problem(400, "validation.failed");
    let fine = a_delegation(&area.pcc, "post", &chief_executive, &["award_contract"]);
    app.post("/api/v1/delegations").token(&opcc_admin(&app, &other)).json(&fine).expect_problem(403, "forbidden");
    let reader = app.token(&area.opcc_slug, &["reader"]);
    app.post("/api/v1/delegations").token(&reader).json(&fine).expect_problem(403, "forbidden");
    app.post("/api/v1/delegations").json(&fine).expect_problem(401, "unauthenticated");
}

/// D1 (PCC/D/2017/05 para 4): both PCCs let both chief constables use the approved £4m investment;
/// proposals judged novel, contentious or repercussive go back to the PCCs.
fn d1_consents(app: &TestApp, admin: &str) -> (Area, Area) {
    let west_mercia = area(app, admin, "west-mercia");
    let warwickshire = area(app, admin, "warwickshire");
    for pcc in [&west_mercia, &warwickshire] {
        for chief in [&west_mercia, &warwickshire] {
            delegate(
                app,
                &opcc_admin(app, pcc),
                json!({
                    "kind": "consent",
                    "corporation_sole_id": pcc.pcc,
                    "delegate": {"kind": "corporation_sole", "id": chief.chief_constable},
                    "functions": ["use_approved_investment"],
                    "limit_total_pence": 400_000_000,
                    "currency": "GBP",
                    "referral_conditions": ["novel", "contentious", "repercussive"],
                    "refer_to": [west_mercia.pcc, warwickshire.pcc],
                    "valid_from": "2017-02-15",
                    "source": {"reference": D1, "paragraph": "4"},
                }),
            );
        }
    }
    (west_mercia, warwickshire)
}

/// R-DL-06: a consent made under an alliance's joint record of decision lapses when the alliance
/// ends (issue 13, bug 6: D1's consents answered `allowed` in 2025); R-DL-03: it cites only an
/// alliance the grantor belonged to on its first day.
fn consents_under_a_collaboration_lapse_when_it_ends(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let west_mercia = area(&app, &admin, "west-mercia");
    let warwickshire = area(&app, &admin, "warwickshire");
    let outsider = area(&app, &admin, "gwent");
    let alliance = app
        .post("/api/v1/collaborations")
        .token(&admin)
        .json(&json!({"slug": "wmw-alliance", "name": "WM&W alliance", "starts_on": "2012-11-22"}))
        .expect(201)
        .json()["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let members = format!("/api/v1/collaborations/{alliance}/members");
    for office in [&west_mercia.pcc, &warwickshire.pcc, &west_mercia.chief_constable] {
        app.post(&members)
            .token(&admin)
            .json(&json!({"corporation_sole_id": office, "starts_on": "2012-11-22"}))
            .expect(201);
    }
    let consent = |grantor: &Area, from: &str| {
        json!({
            "kind": "consent",
            "corporation_sole_id": grantor.pcc,
            "delegate": {"kind": "corporation_sole", "id": west_mercia.chief_constable},
            "functions": ["use_approved_investment"],
            "limit_total_pence": 400_000_000,
            "valid_from": from,
            "source": {"reference": D1, "paragraph": "4", "collaboration_id": alliance},
        })
    };
    let created = delegate(&app, &opcc_admin(&app, &warwickshire), consent(&warwickshire, "2017-02-15"));
    assert_eq!(created["source"]["collaboration_id"], alliance.as_str());
    let refused = app
        .post("/api/v1/delegations")
        .token(&opcc_admin(&app, &outsider))
        .json(&consent(&outsider, "2017-02-15"))
        .expect_problem(422, "R-DL-03");
    assert_eq!(refused["errors"][0]["pointer"], "/source/collaboration_id", "{refused}");
    let mut unknown = consent(&warwickshire, "2017-02-15");
    unknown["source"]["collaboration_id"] = json!(uuid::Uuid::now_v7());
    app.post("/api/v1/delegations")
        .token(&opcc_admin(&app, &warwickshire))
        .json(&unknown)
        .expect_problem(422, "unknown_reference");

    let asker = app.token(&west_mercia.opcc_slug, &["reader"]);
    let on = |day: &str| {
        check(
            &app,
            &asker,
            json!({"actor": {"kind": "corporation_sole", "id": west_mercia.chief_constable},
                   "function": "use_approved_investment", "corporation_sole_id": warwickshire.pcc,
                   "amount_pence": 1, "on": day}),
        )
    };
    let in_force_on = |day: &str| {
        let path = format!("/api/v1/delegations?corporation_sole={}&in_force_on={day}", warwickshire.pcc);
        app.get(&path).send().expect(200).json()["items"].as_array().map_or(0, Vec::len)
    };
    assert_eq!(on("2025-01-01")["outcome"], "allowed", "the alliance still runs");
    assert_eq!(in_force_on("2025-01-01"), 1);

    let path = format!("/api/v1/collaborations/{alliance}");
    let version = app.get(&path).send().expect(200).json()["version"].as_i64().unwrap_or_default();
    app.post(&format!("{path}/end"))
        .token(&admin)
        .if_match(version)
        .json(&json!({"ends_on": "2020-04-30"}))
        .expect(200);
    assert_eq!(on("2020-04-30")["outcome"], "allowed", "its last day");
    assert_eq!(in_force_on("2020-04-30"), 1);
    let lapsed = on("2020-05-01");
    assert_eq!(lapsed["outcome"], "denied", "{lapsed}");
    assert_eq!(reason_codes(&lapsed), vec!["R-DL-06"]);
    let message = lapsed["reasons"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("WM&W alliance ended on 2020-04-30"), "{message}");
    assert_eq!(in_force_on("2020-05-01"), 0);
    assert_eq!(on("2025-01-01")["outcome"], "denied");
}

fn the_d1_case_is_allowed_referred_or_denied_with_reasons(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let (west_mercia, warwickshire) = d1_consents(&app, &admin);
    let asker = app.token(&west_mercia.opcc_slug, &["reader"]);
    let question = |amount: i64, flags: Value, on: &str| {
        json!({
            "actor": {"kind": "corporation_sole", "id": west_mercia.chief_constable},
            "function": "use_approved_investment",
            "corporation_sole_id": warwickshire.pcc,
            "amount_pence": amount,
            "currency": "GBP",
            "on": on,
            "flags": flags,
        })
    };
    let allowed = check(&app, &asker, question(25_000_000, json!([]), "2017-03-01"));
    assert_eq!(allowed["outcome"], "allowed", "{allowed}");
    assert_eq!(allowed["chain"].as_array().map(Vec::len), Some(1));
    assert_eq!(allowed["chain"][0]["citation"], "PCC/D/2017/05 para 4");
    assert_eq!(allowed["chain"][0]["kind"], "consent");
    assert_eq!(allowed["capacity"], "Chief Constable of west-mercia under PCC/D/2017/05 para 4");
    assert_eq!(allowed["recorded"], false);

    let referred = check(&app, &asker, question(25_000_000, json!(["novel"]), "2017-03-01"));
    assert_eq!(referred["outcome"], "refer", "{referred}");
    assert_eq!(referred["refer_to"], json!([west_mercia.pcc, warwickshire.pcc]));
    assert_eq!(reason_codes(&referred), vec!["referral"]);

    let over = check(&app, &asker, question(450_000_000, json!([]), "2017-03-01"));
    assert_eq!(over["outcome"], "denied", "{over}");
    assert_eq!(reason_codes(&over), vec!["R-DL-05"]);
    assert_eq!(over["chain"][0]["citation"], "PCC/D/2017/05 para 4", "the refused chain is shown");
    let message = over["reasons"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("£4,500,000.00") && message.contains("£4,000,000.00"), "{message}");

    let listed = |query: &str| {
        let page = app
            .get(&format!("/api/v1/delegations?corporation_sole={}&{query}", west_mercia.pcc))
            .send()
            .expect(200)
            .json();
        page["items"].as_array().map_or(0, Vec::len)
    };
    assert_eq!(listed("function=use_approved_investment"), 2);
    assert_eq!(listed("function=use_approved"), 0, "a function filter matches whole codes");
    assert_eq!(listed(&format!("delegate_kind=corporation_sole&delegate={}", warwickshire.chief_constable)), 1);
    assert_eq!(listed("in_force_on=2017-02-14"), 0);
    app.get("/api/v1/delegations?delegate_kind=post").send().expect_problem(422, "required");

    let before = check(&app, &asker, question(25_000_000, json!([]), "2017-02-14"));
    assert_eq!(before["outcome"], "denied");
    assert_eq!(reason_codes(&before), vec!["not_in_force"]);

    // A person acting as chief constable is judged by the office they held that day.
    let chief = person(&app, &admin, "Anthony Bangham");
    appoint(&app, &admin, &chief, ("corporation_sole_id", &west_mercia.chief_constable), "2016-04-01", None);
    let mut as_person = question(25_000_000, json!([]), "2017-03-01");
    as_person["actor"] = json!({"kind": "person", "id": chief});
    assert_eq!(check(&app, &asker, as_person)["outcome"], "allowed");

    // Refusals of the question itself are problems.
    let mut unknown = question(1, json!([]), "2017-03-01");
    unknown["function"] = json!("nope");
    app.post("/api/v1/authority-checks").token(&asker).json(&unknown).expect_problem(422, "unknown_reference");
    let mut negative = question(-1, json!([]), "2017-03-01");
    negative["flags"] = json!([]);
    app.post("/api/v1/authority-checks").token(&asker).json(&negative).expect_problem(422, "invalid_amount");
    let mut bad_flag = question(1, json!([]), "2017-03-01");
    bad_flag["flags"] = json!(["awkward"]);
    app.post("/api/v1/authority-checks").token(&asker).json(&bad_flag).expect_problem(400, "validation.failed");
    app.post("/api/v1/authority-checks")
        .json(&question(1, json!([]), "2017-03-01"))
        .expect_problem(401, "unauthenticated");
}

/// Every reason code the authority check answers (domain::delegations::check), each from the
/// smallest world that gives it, and the per-act limit of R-DL-05 in the check itself.
fn the_authority_check_answers_every_reason_code(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "northshire");
    let token = opcc_admin(&app, &area);
    let chief_executive = post(&app, &admin, &area.opcc, "Chief Executive", &["chief_executive"], true);
    let director = post(&app, &admin, &area.opcc, "Director of Finance", &[], true);
    let clerk = post(&app, &admin, &area.opcc, "Clerk", &[], true);
    let mut parent = a_delegation(&area.pcc, "post", &chief_executive, &["award_contract"]);
    parent["limit_per_act_pence"] = json!(10_000_000);
    parent["sub_delegation_allowed"] = json!(true);
    parent["referral_conditions"] = json!(["novel"]);
    let parent = delegate(&app, &token, parent);
    let mut sub = a_delegation(&area.pcc, "post", &director, &["award_contract"]);
    sub["parent_delegation_id"] = json!(id(&parent));
    sub["limit_per_act_pence"] = json!(5_000_000);
    let sub = delegate(&app, &token, sub);

    let asker = app.token(&area.opcc_slug, &["reader"]);
    let ask = |actor: (&str, &str), function: &str, amount: i64, flags: Value, on: &str| {
        check(
            &app,
            &asker,
            json!({"actor": {"kind": actor.0, "id": actor.1}, "function": function, "corporation_sole_id": area.pcc,
                   "amount_pence": amount, "currency": "GBP", "on": on, "flags": flags}),
        )
    };
    let as_chief_executive = ("post", chief_executive.as_str());
    let as_director = ("post", director.as_str());
    let expect = |answer: Value, outcome: &str, codes: &[&str]| {
        assert_eq!(answer["outcome"], outcome, "{answer}");
        assert_eq!(reason_codes(&answer), codes, "{answer}");
        answer
    };

    expect(
        ask(("corporation_sole", &area.pcc), "award_contract", 1, json!([]), "2017-03-01"),
        "allowed",
        &["office_holder"],
    );
    expect(ask(as_chief_executive, "award_contract", 10_000_000, json!([]), "2017-03-01"), "allowed", &["in_force"]);
    expect(ask(as_director, "award_contract", 1_000, json!([]), "2017-03-01"), "allowed", &["in_force"]);
    expect(ask(as_chief_executive, "award_contract", 1_000, json!(["novel"]), "2017-03-01"), "refer", &["referral"]);
    // R-DL-05, the limit per act (no total is set): one penny over the £100,000 per act is refused,
    // for the holder; a sub-delegate is held to the lower limit of its own link.
    let over =
        expect(ask(as_chief_executive, "award_contract", 10_000_001, json!([]), "2017-03-01"), "denied", &["R-DL-05"]);
    let message = over["reasons"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("limit per act") && message.contains("£100,000.00"), "{message}");
    assert_eq!(over["reasons"][0]["delegation_id"], json!(id(&parent)));
    let sub_over =
        expect(ask(as_director, "award_contract", 5_000_001, json!([]), "2017-03-01"), "denied", &["R-DL-05"]);
    assert_eq!(sub_over["reasons"][0]["delegation_id"], json!(id(&sub)), "{sub_over}");
    expect(ask(as_chief_executive, "award_contract", 1_000, json!([]), "2016-12-31"), "denied", &["not_in_force"]);
    expect(
        ask(as_chief_executive, "approve_revenue_spend", 1_000, json!([]), "2017-03-01"),
        "denied",
        &["function_not_covered"],
    );
    expect(ask(("post", &clerk), "award_contract", 1_000, json!([]), "2017-03-01"), "denied", &["no_authority"]);

    // Reservations and chains the API refuses to create, reached by changing the stored rows: the
    // check judges what is on record, not only what the API let in.
    let reserve = |reservation: &str| {
        let sql = format!("UPDATE catalogue_functions SET reservation = '{reservation}' WHERE code = 'award_contract'");
        assert_eq!(app.execute_sql(&sql), 1);
    };
    reserve("office_holder_or_deputy");
    expect(ask(as_director, "award_contract", 1_000, json!([]), "2017-03-01"), "denied", &["R-DL-04"]);
    expect(ask(as_chief_executive, "award_contract", 1_000, json!([]), "2017-03-01"), "allowed", &["in_force"]);
    reserve("office_holder_only");
    expect(ask(as_chief_executive, "award_contract", 1_000, json!([]), "2017-03-01"), "denied", &["R-DL-01"]);
    reserve("none");
    // A loop of sub-delegations (the parent made a sub-delegation of its own child).
    let sql = format!("UPDATE delegations SET parent_delegation_id = '{}' WHERE id = '{}'", id(&sub), id(&parent));
    assert_eq!(app.execute_sql(&sql), 1);
    expect(ask(as_director, "award_contract", 1_000, json!([]), "2017-03-01"), "denied", &["chain_broken"]);
}

fn recorded_checks_are_kept_for_the_asking_organisation_and_auditors(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let (west_mercia, warwickshire) = d1_consents(&app, &admin);
    let asker = app.token(&west_mercia.opcc_slug, &["reader"]);
    let body = json!({
        "actor": {"kind": "corporation_sole", "id": warwickshire.chief_constable},
        "function": "use_approved_investment",
        "corporation_sole_id": west_mercia.pcc,
        "amount_pence": 25_000_000,
        "on": "2017-03-01",
        "flags": ["contentious"],
        "record": true,
    });
    let recorded =
        app.post("/api/v1/authority-checks").token(&asker).header("Idempotency-Key", "k1").json(&body).expect(201);
    let location = recorded.header("location").unwrap_or_default().to_string();
    let answer = recorded.json();
    assert_eq!(answer["recorded"], true);
    assert_eq!(answer["outcome"], "refer");
    let replay =
        app.post("/api/v1/authority-checks").token(&asker).header("Idempotency-Key", "k1").json(&body).expect(201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.json(), answer);

    assert_eq!(app.get(&location).token(&asker).send().expect(200).json(), answer);
    app.get(&location)
        .token(&app.token(&warwickshire.opcc_slug, &["org_admin"]))
        .send()
        .expect_problem(404, "not_found");
    app.get(&location).send().expect_problem(404, "not_found");
    assert_eq!(app.get(&location).token(&admin).send().expect(200).json()["question"]["flags"], json!(["contentious"]));
    let mine = app.get("/api/v1/authority-checks").token(&asker).send().expect(200).json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    let theirs = app
        .get("/api/v1/authority-checks")
        .token(&app.token(&warwickshire.opcc_slug, &["reader"]))
        .send()
        .expect(200)
        .json();
    assert_eq!(theirs["items"], json!([]));
    assert_eq!(app.get("/api/v1/authority-checks").send().expect(200).json()["items"], json!([]));
    // The recorded check is in the audit chain.
    let events = app.get("/api/v1/audit-events?resource_type=authority_check").token(&admin).send().expect(200).json();
    assert_eq!(events["items"].as_array().map(Vec::len), Some(1));
}

fn a_revoked_middle_link_denies_checks_from_its_revocation_day(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "northshire");
    let token = opcc_admin(&app, &area);
    let chief_executive = post(&app, &admin, &area.opcc, "Chief Executive", &["chief_executive"], true);
    let director = post(&app, &admin, &area.opcc, "Director of Commissioning", &[], true);
    let mut top = a_delegation(&area.pcc, "post", &chief_executive, &["award_contract"]);
    top["limit_per_act_pence"] = json!(50_000_000);
    top["sub_delegation_allowed"] = json!(true);
    top["valid_from"] = json!("2020-01-01");
    let top = delegate(&app, &token, top);
    let mut lower = a_delegation(&area.pcc, "post", &director, &["award_contract"]);
    lower["parent_delegation_id"] = json!(id(&top));
    lower["limit_per_act_pence"] = json!(10_000_000);
    lower["valid_from"] = json!("2020-02-01");
    let lower = delegate(&app, &token, lower);

    let ask = |on: &str| {
        check(
            &app,
            &token,
            json!({"actor": {"kind": "post", "id": director}, "function": "award_contract",
                   "corporation_sole_id": area.pcc, "amount_pence": 5_000_000, "on": on}),
        )
    };
    let before = ask("2021-05-31");
    assert_eq!(before["outcome"], "allowed", "{before}");
    // Asked before the revocation is made, and again after: the answer follows the change.
    assert_eq!(ask("2021-06-01")["outcome"], "allowed");
    let chain: Vec<&str> =
        before["chain"].as_array().into_iter().flatten().filter_map(|l| l["delegation_id"].as_str()).collect();
    assert_eq!(chain, vec![id(&top).as_str(), id(&lower).as_str()]);

    let revocation = format!("/api/v1/delegations/{}/revocation", id(&top));
    let body = json!({"effective_on": "2021-06-01", "reason": "chief executive post restructured"});
    app.post(&revocation).token(&token).json(&body).expect_problem(428, "precondition_required");
    app.post(&revocation).token(&token).if_match(7).json(&body).expect_problem(412, "precondition_failed");
    app.post(&revocation)
        .token(&app.token(&area.opcc_slug, &["reader"]))
        .if_match(1)
        .json(&body)
        .expect_problem(403, "forbidden");
    // Revoking is the delegating corporation sole's act: a platform administrator may not (issue 16).
    let platform = app.post(&revocation).token(&admin).if_match(1).json(&body).expect_problem(403, "forbidden");
    assert!(platform["detail"].as_str().unwrap_or_default().contains("platform administrators"), "{platform}");
    app.post(&revocation)
        .token(&token)
        .if_match(1)
        .json(&json!({"effective_on": "2019-01-01", "reason": "x"}))
        .expect_problem(422, "revocation.date");
    let revoked = app.post(&revocation).token(&token).if_match(1).json(&body).expect(200).json();
    assert_eq!(revoked["revoked_on"], "2021-06-01");
    assert_eq!(revoked["version"], 2);
    app.post(&revocation).token(&token).if_match(2).json(&body).expect_problem(409, "conflict");

    // Before the revocation day the answer is unchanged (point in time); from it, denied.
    assert_eq!(ask("2021-05-31")["outcome"], "allowed");
    let after = ask("2021-06-01");
    assert_eq!(after["outcome"], "denied", "{after}");
    assert_eq!(reason_codes(&after), vec!["not_in_force"]);
    assert_eq!(after["reasons"][0]["delegation_id"], json!(id(&top)));
    assert!(after["reasons"][0]["message"].as_str().unwrap_or_default().contains("restructured"));
    // The lower link itself is untouched: history keeps both.
    let kept = app.get(&format!("/api/v1/delegations/{}", id(&lower))).send().expect(200).json();
    assert_eq!(kept["revoked_on"], Value::Null);
    let in_force = app
        .get(&format!("/api/v1/delegations?corporation_sole={}&in_force_on=2021-06-01", area.pcc))
        .send()
        .expect(200)
        .json();
    assert_eq!(in_force["items"].as_array().map(Vec::len), Some(1), "only the lower link is still dated in force");
}

fn answers_follow_who_held_the_post_on_the_day(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "northshire");
    let token = opcc_admin(&app, &area);
    let treasurer = post(&app, &admin, &area.opcc, "Treasurer", &["chief_finance_officer"], true);
    let (first, second) = (person(&app, &admin, "Avery First"), person(&app, &admin, "Blake Second"));
    appoint(&app, &admin, &first, ("post_id", &treasurer), "2019-01-01", Some("2020-06-30"));
    appoint(&app, &admin, &second, ("post_id", &treasurer), "2020-07-01", None);
    let mut body = a_delegation(&area.pcc, "post", &treasurer, &["approve_revenue_spend"]);
    body["valid_from"] = json!("2018-04-01");
    delegate(&app, &token, body);
    let ask = |who: &str, on: &str| {
        check(
            &app,
            &token,
            json!({"actor": {"kind": "person", "id": who}, "function": "approve_revenue_spend",
                   "corporation_sole_id": area.pcc, "amount_pence": 100_000, "on": on}),
        )
    };
    let first_then = ask(&first, "2020-06-15");
    assert_eq!(first_then["outcome"], "allowed");
    assert!(first_then["capacity"].as_str().unwrap_or_default().starts_with("Treasurer (OPCC for northshire) under"));
    assert_eq!(ask(&first, "2020-07-15")["outcome"], "denied");
    assert_eq!(reason_codes(&ask(&first, "2020-07-15")), vec!["no_authority"]);
    assert_eq!(ask(&second, "2020-07-15")["outcome"], "allowed");
    assert_eq!(ask(&second, "2020-06-15")["outcome"], "denied");
}

/// Issue 13, item 1: after `POST /corporations-sole/{id}/end`, nobody acts for the office (neither
/// its holder nor anyone under its delegations), and its holder's appointment ends the same day.
fn nobody_acts_for_an_office_after_it_ends_and_its_holder_stops_holding_it(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "northshire");
    let token = opcc_admin(&app, &area);
    let holder = person(&app, &admin, "Casey Holder");
    let earlier = person(&app, &admin, "Drew Earlier");
    let treasurer = post(&app, &admin, &area.opcc, "Treasurer", &["chief_finance_officer"], true);
    let appointment = |who: &str, from: &str, to: Option<&str>| {
        create(
            &app,
            &admin,
            "/api/v1/appointments",
            json!({"person_id": who, "corporation_sole_id": area.pcc, "basis": "substantive", "starts_on": from, "ends_on": to}),
        )
    };
    let past = appointment(&earlier, "2012-11-22", Some("2016-05-11"));
    let current = appointment(&holder, "2016-05-12", None);
    delegate(&app, &token, a_delegation(&area.pcc, "post", &treasurer, &["approve_revenue_spend"]));
    let ask = |actor: (&str, &str), on: &str| {
        check(
            &app,
            &token,
            json!({"actor": {"kind": actor.0, "id": actor.1}, "function": "approve_revenue_spend",
                   "corporation_sole_id": area.pcc, "amount_pence": 100, "on": on}),
        )
    };
    let version = app.get(&format!("/api/v1/corporations-sole/{}", area.pcc)).send().expect(200).json()["version"]
        .as_i64()
        .unwrap_or(0);
    app.post(&format!("/api/v1/corporations-sole/{}/end", area.pcc))
        .token(&admin)
        .if_match(version)
        .json(&json!({"ends_on": "2028-05-10"}))
        .expect(200);

    assert_eq!(reason_codes(&ask(("person", &holder), "2028-05-10")), vec!["office_holder"], "its last day");
    assert_eq!(reason_codes(&ask(("post", &treasurer), "2028-05-10")), vec!["in_force"]);
    for actor in [("person", holder.as_str()), ("post", treasurer.as_str()), ("corporation_sole", area.pcc.as_str())] {
        let answer = ask(actor, "2028-06-01");
        assert_eq!(answer["outcome"], "denied", "{answer}");
        assert_eq!(reason_codes(&answer), vec!["office_not_in_existence"], "{answer}");
    }
    let appointment_now =
        |a: &Value| app.get(&format!("/api/v1/appointments/{}", id(a))).token(&admin).send().expect(200).json();
    assert_eq!(appointment_now(&current)["ends_on"], "2028-05-10");
    assert_eq!(appointment_now(&past)["ends_on"], "2016-05-11", "an appointment that had ended keeps its end");
    let feed = app.get("/api/v1/events?types=appointment.ended").token(&admin).send().expect(200).json();
    let ended: Vec<&Value> = feed["items"].as_array().into_iter().flatten().collect();
    assert!(ended.iter().any(|e| e["resource_id"] == json!(id(&current))), "{feed}");
}

/// R-DL-06 (issue 13, bug 6): a deputy PCC holds office no longer than the PCC who appointed them.
/// Ending the PCC's appointment, or the office, ends the deputy's the same day, so nothing delegated
/// to the deputy's post can be exercised by them afterwards; a deputy cannot be appointed past a
/// term whose end is known.
fn a_deputy_stops_with_the_appointing_pcc(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "west-mercia");
    let token = opcc_admin(&app, &area);
    let (pcc, deputy) = (person(&app, &admin, "John Campion"), person(&app, &admin, "Tracey Onslow"));
    let deputy_post = post(&app, &admin, &area.opcc, "Deputy PCC", &["deputy_pcc"], true);
    let term = appoint(&app, &admin, &pcc, ("corporation_sole_id", &area.pcc), "2016-05-12", None);
    let deputyship = appoint(&app, &admin, &deputy, ("post_id", &deputy_post), "2017-02-22", None);
    delegate(&app, &token, a_delegation(&area.pcc, "post", &deputy_post, &["approve_board_decision"]));
    let ask = |on: &str| {
        check(
            &app,
            &token,
            json!({"actor": {"kind": "person", "id": deputy}, "function": "approve_board_decision",
                   "corporation_sole_id": area.pcc, "on": on}),
        )
    };
    assert_eq!(ask("2021-06-01")["outcome"], "allowed");

    let ended = app
        .post(&format!("/api/v1/appointments/{}/end", id(&term)))
        .token(&admin)
        .if_match(1)
        .json(&json!({"ends_on": "2021-05-12"}))
        .expect(200)
        .json();
    assert_eq!(ended["ends_on"], "2021-05-12");
    let deputy_now =
        app.get(&format!("/api/v1/appointments/{}", id(&deputyship))).token(&admin).send().expect(200).json();
    assert_eq!(deputy_now["ends_on"], "2021-05-12", "{deputy_now}");
    assert_eq!(ask("2021-05-12")["outcome"], "allowed", "the term's last day");
    let after = ask("2021-06-01");
    assert_eq!(after["outcome"], "denied", "{after}");
    assert_eq!(reason_codes(&after), vec!["no_authority"]);
    let feed = app.get("/api/v1/events?types=appointment.ended").token(&admin).send().expect(200).json();
    let ended_ids: Vec<&Value> = feed["items"].as_array().into_iter().flatten().map(|e| &e["resource_id"]).collect();
    assert!(ended_ids.contains(&&json!(id(&deputyship))), "{feed}");

    // Appointed under a term that ends on 2021-05-12, a deputy cannot hold on past it.
    let late = person(&app, &admin, "Late Deputy");
    let second_post = post(&app, &admin, &area.opcc, "Deputy PCC (Finance)", &["deputy_pcc"], true);
    let refused = app
        .post("/api/v1/appointments")
        .token(&admin)
        .json(&json!({"person_id": late, "post_id": second_post, "basis": "substantive", "starts_on": "2020-01-01", "ends_on": "2021-12-31"}))
        .expect_problem(422, "R-DL-06");
    assert_eq!(refused["errors"][0]["pointer"], "/ends_on", "{refused}");

    // The office ending takes the next PCC's deputy with it.
    let next = appoint(&app, &admin, &pcc, ("corporation_sole_id", &area.pcc), "2021-05-13", None);
    let second = appoint(&app, &admin, &deputy, ("post_id", &deputy_post), "2021-05-13", None);
    let version = app.get(&format!("/api/v1/corporations-sole/{}", area.pcc)).send().expect(200).json()["version"]
        .as_i64()
        .unwrap_or(0);
    app.post(&format!("/api/v1/corporations-sole/{}/end", area.pcc))
        .token(&admin)
        .if_match(version)
        .json(&json!({"ends_on": "2028-05-10"}))
        .expect(200);
    for appointment in [&next, &second] {
        let now = app.get(&format!("/api/v1/appointments/{}", id(appointment))).token(&admin).send().expect(200).json();
        assert_eq!(now["ends_on"], "2028-05-10", "{now}");
    }
}

/// The reverse of the authority check (issue 13): who could act for an office on a day, for a
/// function and amount, each answered as the check answers it.
fn who_could_act_for_an_office_on_a_day(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let (west_mercia, warwickshire) = d1_consents(&app, &admin);
    let campion = person(&app, &admin, "John Campion");
    appoint(&app, &admin, &campion, ("corporation_sole_id", &west_mercia.pcc), "2016-05-12", None);
    let ask = |query: &str| {
        app.get(&format!("/api/v1/corporations-sole/{}/authority?{query}", warwickshire.pcc)).send().expect(200).json()
    };
    let actors = |answer: &Value| -> Vec<String> {
        answer["holders"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|h| h["actor"]["id"].as_str().unwrap_or("").into())
            .collect()
    };
    let answer = ask("on=2017-03-01&function=use_approved_investment");
    assert_eq!(answer["office_existed"], true);
    assert_eq!(
        actors(&answer),
        vec![warwickshire.pcc.clone(), west_mercia.chief_constable.clone(), warwickshire.chief_constable.clone()],
        "{answer}"
    );
    let office = &answer["holders"][0];
    assert_eq!(office["held_by"], json!([]), "nobody held the Warwickshire office in this world");
    let chief = &answer["holders"][1];
    assert_eq!(chief["capacity"], "Chief Constable of west-mercia under PCC/D/2017/05 para 4");
    assert_eq!(chief["limit_total_pence"], 400_000_000);
    assert_eq!(chief["referral_conditions"], json!(["novel", "contentious", "repercussive"]));
    assert_eq!(chief["refer_to"], json!([west_mercia.pcc, warwickshire.pcc]));
    assert_eq!(chief["chain"][0]["citation"], "PCC/D/2017/05 para 4");
    assert_eq!(chief["chain"][0]["referral_conditions"], json!(["novel", "contentious", "repercussive"]));

    let for_west_mercia = app
        .get(&format!(
            "/api/v1/corporations-sole/{}/authority?on=2017-03-01&function=use_approved_investment",
            west_mercia.pcc
        ))
        .send()
        .expect(200)
        .json();
    assert_eq!(for_west_mercia["holders"][0]["held_by"][0]["full_name"], "John Campion", "{for_west_mercia}");
    assert_eq!(for_west_mercia["holders"][0]["capacity"], "office holder (PCC for west-mercia)");

    // Over the consents' limit, or before they started, only the office itself could act.
    assert_eq!(actors(&ask("on=2017-03-01&function=use_approved_investment&amount_pence=450000000")).len(), 1);
    assert_eq!(actors(&ask("on=2017-02-14&function=use_approved_investment")).len(), 1);
    assert_eq!(actors(&ask("on=2017-03-01&function=approve_board_decision")).len(), 1, "not consented");

    let path = format!("/api/v1/corporations-sole/{}/authority", warwickshire.pcc);
    let unknown =
        app.get(&format!("{path}?on=2017-03-01&function=nope")).send().expect_problem(422, "unknown_reference");
    assert_eq!(unknown["errors"][0]["pointer"], "/query/function");
    app.get(&format!("{path}?on=2017-03-01&function=use_approved_investment&amount_pence=-1"))
        .send()
        .expect_problem(400, "validation.failed");
    app.get(&format!("{path}?function=use_approved_investment")).send().expect_problem(400, "validation.failed");
    app.get(&format!(
        "/api/v1/corporations-sole/{}/authority?on=2017-03-01&function=use_approved_investment",
        uuid::Uuid::now_v7()
    ))
    .send()
    .expect_problem(404, "not_found");

    let version = app.get(&format!("/api/v1/corporations-sole/{}", warwickshire.pcc)).send().expect(200).json()
        ["version"]
        .as_i64()
        .unwrap_or(0);
    app.post(&format!("/api/v1/corporations-sole/{}/end", warwickshire.pcc))
        .token(&admin)
        .if_match(version)
        .json(&json!({"ends_on": "2028-05-10"}))
        .expect(200);
    let after = ask("on=2028-06-01&function=use_approved_investment");
    assert_eq!(after["office_existed"], false);
    assert_eq!(after["holders"], json!([]));
    assert_eq!(actors(&ask("on=2028-05-10&function=use_approved_investment")).len(), 3, "its last day");
}

fn readopting_a_scheme_ends_delegations_not_carried_over(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "northshire");
    let token = opcc_admin(&app, &area);
    let scheme = |version: &str, adopted_on: &str, supersedes: Option<String>, carry: Vec<String>| {
        json!({"corporation_sole_id": area.pcc, "kind": "delegation", "title": "Scheme of delegation",
               "scheme_version": version, "adopted_on": adopted_on, "adopted_by_reference": format!("PCC/D/{version}"),
               "document_uri": "https://example.org/scheme.pdf", "supersedes_scheme_id": supersedes, "carry_over": carry})
    };
    // Adopting a scheme, and making a delegation, are the corporation sole's acts: its own
    // organisation's org_admin records them, never a platform administrator (issue 16).
    let head = app.audit_head();
    app.post("/api/v1/schemes")
        .token(&admin)
        .json(&scheme("2017", "2017-01-01", None, vec![]))
        .expect_problem(403, "forbidden");
    assert_eq!(app.audit_head(), head, "a refused scheme was stored");
    let first = create(&app, &token, "/api/v1/schemes", scheme("2017", "2017-01-01", None, vec![]));
    let (kept_post, ended_post) = (
        post(&app, &admin, &area.opcc, "Chief Executive", &["chief_executive"], true),
        post(&app, &admin, &area.opcc, "Head of Estates", &[], true),
    );
    let under = |post_id: &str, function: &str, paragraph: &str| {
        let mut body = a_delegation(&area.pcc, "post", post_id, &[function]);
        body["source"] = json!({"scheme_id": id(&first), "paragraph": paragraph});
        body
    };
    app.post("/api/v1/delegations")
        .token(&admin)
        .json(&under(&kept_post, "award_contract", "3.1"))
        .expect_problem(403, "forbidden");
    let kept = delegate(&app, &token, under(&kept_post, "award_contract", "3.1"));
    let ended = delegate(&app, &token, under(&ended_post, "dispose_of_property", "3.2"));
    let mut no_paragraph = under(&ended_post, "award_contract", "3.3");
    no_paragraph["source"] = json!({"scheme_id": id(&first)});
    app.post("/api/v1/delegations").token(&token).json(&no_paragraph).expect_problem(422, "R-DL-03");

    let stray = vec![uuid::Uuid::now_v7().to_string()];
    app.post("/api/v1/schemes")
        .token(&token)
        .json(&scheme("2021", "2021-05-13", Some(id(&first)), stray))
        .expect_problem(422, "scheme.carry_over");
    let second =
        create(&app, &token, "/api/v1/schemes", scheme("2021", "2021-05-13", Some(id(&first)), vec![id(&kept)]));
    assert_eq!(second["supersedes_scheme_id"], json!(id(&first)));
    let old = app.get(&format!("/api/v1/schemes/{}", id(&first))).send().expect(200).json();
    assert_eq!(old["superseded_on"], "2021-05-13");
    let ended_now = app.get(&format!("/api/v1/delegations/{}", id(&ended))).send().expect(200).json();
    assert_eq!(ended_now["revoked_on"], "2021-05-13");
    assert_eq!(ended_now["revoked_by_scheme_id"], json!(id(&second)));
    let kept_now = app.get(&format!("/api/v1/delegations/{}", id(&kept))).send().expect(200).json();
    assert_eq!(kept_now["revoked_on"], Value::Null);
    assert_eq!(kept_now["scheme_id"], json!(id(&second)));
    assert_eq!(kept_now["source"]["scheme_id"], json!(id(&first)), "the original citation is kept");
    app.post("/api/v1/schemes")
        .token(&token)
        .json(&scheme("2021b", "2021-06-01", Some(id(&first)), vec![]))
        .expect_problem(409, "conflict");

    let ask = |post_id: &str, function: &str, on: &str| {
        check(
            &app,
            &token,
            json!({"actor": {"kind": "post", "id": post_id}, "function": function,
                   "corporation_sole_id": area.pcc, "on": on}),
        )["outcome"]
            .clone()
    };
    assert_eq!(ask(&ended_post, "dispose_of_property", "2021-05-12"), "allowed");
    assert_eq!(ask(&ended_post, "dispose_of_property", "2021-05-13"), "denied");
    assert_eq!(ask(&kept_post, "award_contract", "2021-05-13"), "allowed");
    let current =
        app.get(&format!("/api/v1/schemes?corporation_sole={}&as_of=2022-01-01", area.pcc)).send().expect(200).json();
    assert_eq!(current["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(current["items"][0]["scheme_version"], "2021");
}

/// The approval gate other capabilities call: the deputy PCC approving for the PCC (D0 decision 14).
fn approvals_need_the_office_or_a_delegation_in_force_and_record_the_capacity(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "west-mercia");
    let token = opcc_admin(&app, &area);
    let deputy_post = post(&app, &admin, &area.opcc, "Deputy Police and Crime Commissioner", &["deputy_pcc"], true);
    let (pcc, deputy, stranger) = (
        person(&app, &admin, "John Campion"),
        person(&app, &admin, "Tracey Onslow"),
        person(&app, &admin, "Sam Stranger"),
    );
    appoint(&app, &admin, &pcc, ("corporation_sole_id", &area.pcc), "2016-05-12", None);
    appoint(&app, &admin, &deputy, ("post_id", &deputy_post), "2016-06-01", None);
    let scheme = create(
        &app,
        &token,
        "/api/v1/schemes",
        json!({"corporation_sole_id": area.pcc, "kind": "delegation", "title": "Scheme of delegation",
               "scheme_version": "2016", "adopted_on": "2016-06-01", "adopted_by_reference": "PCC/D/2016/01"}),
    );
    delegate(
        &app,
        &token,
        json!({"kind": "delegation", "corporation_sole_id": area.pcc,
               "delegate": {"kind": "post", "id": deputy_post},
               "functions": ["approve_board_decision", "sign_collaboration_agreement"],
               "valid_from": "2016-06-01", "source": {"scheme_id": id(&scheme), "paragraph": "3"}}),
    );

    let db = persistence::Database::connect(&app.database_url, 1).unwrap_or_else(|e| panic!("{e}"));
    let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
    let uuid = |text: &str| uuid::Uuid::parse_str(text).unwrap_or_else(|e| panic!("{e}"));
    let day = chrono::NaiveDate::from_ymd_opt(2017, 2, 22).unwrap_or_default();
    let gate = |conn: &mut persistence::DbConnection, who: &str, on: chrono::NaiveDate| {
        api::service::authority::require_authority_to_act(
            conn,
            None,
            uuid(who),
            uuid(&area.pcc),
            "approve_board_decision",
            on,
        )
    };
    let acting = gate(&mut conn, &deputy, day).unwrap_or_else(|e| panic!("the deputy may approve: {e}"));
    assert!(!acting.office_holder);
    assert_eq!(
        acting.capacity,
        "Deputy Police and Crime Commissioner (OPCC for west-mercia) under Scheme of delegation 2016 para 3"
    );
    assert_eq!(acting.chain.len(), 1);
    let holder = gate(&mut conn, &pcc, day).unwrap_or_else(|e| panic!("the PCC may approve: {e}"));
    assert!(holder.office_holder);
    assert!(holder.capacity.starts_with("office holder"));
    match gate(&mut conn, &stranger, day) {
        Err(api::error::ApiError::Forbidden(why)) => assert!(why.contains("no delegation or consent"), "{why}"),
        other => panic!("a stranger must be refused with 403, got {other:?}"),
    }
    let mut principal = domain::access::Principal {
        subject: "test".into(),
        organisation_id: Some(uuid(&area.opcc)),
        organisation_slug: Some(area.opcc_slug.clone()),
        roles: vec![domain::access::Role::Approver],
        person_id: None,
    };
    let by_token = |conn: &mut persistence::DbConnection, principal: &domain::access::Principal| {
        api::service::authority::require_principal_authority_to_act(
            conn,
            principal,
            uuid(&area.pcc),
            "approve_board_decision",
            day,
        )
    };
    assert!(matches!(by_token(&mut conn, &principal), Err(api::error::ApiError::Forbidden(_))));
    principal.person_id = Some(uuid(&deputy));
    assert_eq!(by_token(&mut conn, &principal).map(|a| a.capacity).ok(), Some(acting.capacity.clone()));
    let before = chrono::NaiveDate::from_ymd_opt(2016, 5, 31).unwrap_or_default();
    assert!(matches!(gate(&mut conn, &deputy, before), Err(api::error::ApiError::Forbidden(_))));

    // The same answer over HTTP, through the authority-check endpoint.
    let answer = check(
        &app,
        &token,
        json!({"actor": {"kind": "person", "id": deputy}, "function": "approve_board_decision",
               "corporation_sole_id": area.pcc, "on": "2017-02-22"}),
    );
    assert_eq!(answer["outcome"], "allowed");
    assert_eq!(answer["capacity"], json!(acting.capacity));
    let refused = check(
        &app,
        &token,
        json!({"actor": {"kind": "person", "id": deputy}, "function": "calculate_budget_requirement",
               "corporation_sole_id": area.pcc, "on": "2017-02-22"}),
    );
    assert_eq!(refused["outcome"], "denied");
}

fn find(app: &TestApp, path: &str, field: &str, value: &str) -> String {
    let page = app.get(path).send().expect(200).json();
    page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|item| item[field] == value)
        .and_then(|item| item["id"].as_str())
        .unwrap_or_else(|| panic!("no {field}={value} in {path}"))
        .to_string()
}

/// The demo data answers the D1 case and lets D0 decision 14 (the deputy PCC for West Mercia
/// approving on 22/02/2017) be validated; loading it again writes nothing.
fn the_demo_delegations_answer_d1_and_decision_14(backend: Backend) {
    let app = governance_tests::spawn(
        backend,
        governance_tests::Options { demo: true, configure: None, ..Default::default() },
    );
    let offices = "/api/v1/corporations-sole?limit=200";
    let west_mercia_pcc = find(&app, offices, "slug", "west-mercia-pcc");
    let warwickshire_pcc = find(&app, offices, "slug", "warwickshire-pcc");
    let west_mercia_cc = find(&app, offices, "slug", "west-mercia-chief-constable");
    let cambridgeshire_pcc = find(&app, offices, "slug", "cambridgeshire-pcc");
    let asker = app.token("west-mercia-opcc", &["reader"]);
    let d1 = |amount: i64, flags: Value| {
        check(
            &app,
            &asker,
            json!({"actor": {"kind": "corporation_sole", "id": west_mercia_cc}, "function": "use_approved_investment",
                   "corporation_sole_id": warwickshire_pcc, "amount_pence": amount, "on": "2017-09-01", "flags": flags}),
        )
    };
    assert_eq!(d1(25_000_000, json!([]))["outcome"], "allowed");
    let referred = d1(25_000_000, json!(["repercussive"]));
    assert_eq!(referred["outcome"], "refer");
    assert_eq!(referred["refer_to"], json!([west_mercia_pcc, warwickshire_pcc]));
    assert_eq!(reason_codes(&d1(450_000_000, json!([]))), vec!["R-DL-05"]);
    // The alliance D1 served ended on 30 April 2020: its consents lapsed with it (R-DL-06).
    let in_2025 = check(
        &app,
        &asker,
        json!({"actor": {"kind": "corporation_sole", "id": west_mercia_cc}, "function": "use_approved_investment",
               "corporation_sole_id": warwickshire_pcc, "amount_pence": 1, "on": "2025-01-01"}),
    );
    assert_eq!(reason_codes(&in_2025), vec!["R-DL-06"], "{in_2025}");

    let onslow = find(&app, "/api/v1/people?q=onslow", "full_name", "Tracey Onslow");
    let decision_14 = check(
        &app,
        &asker,
        json!({"actor": {"kind": "person", "id": onslow}, "function": "approve_board_decision",
               "corporation_sole_id": west_mercia_pcc, "on": "2017-02-22"}),
    );
    assert_eq!(decision_14["outcome"], "allowed", "{decision_14}");
    assert!(decision_14["capacity"].as_str().unwrap_or_default().starts_with("Deputy Police and Crime Commissioner"));

    let cambridgeshire =
        app.get(&format!("/api/v1/delegations?corporation_sole={cambridgeshire_pcc}")).send().expect(200).json();
    assert_eq!(cambridgeshire["items"][0]["illustrative"], true);
    assert_eq!(cambridgeshire["items"][0]["kind"], "consent");

    let db = persistence::Database::connect(&app.database_url, 1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api::seed::demo::load(&db).unwrap_or_else(|e| panic!("{e}")).written, 0);
}

/// The check remembers what it read while the `authority` revision stands still: a write to any table
/// it reads, by anyone (here SQL run by hand), moves the revision; the check's own records do not.
fn every_change_to_what_the_check_reads_moves_its_revision(backend: Backend) {
    let app = governance_tests::spawn(
        backend,
        governance_tests::Options { demo: true, configure: None, ..Default::default() },
    );
    for table in [
        "corporations_sole",
        "organisations",
        "people",
        "posts",
        "appointments",
        "collaborations",
        "collaboration_members",
        "catalogue_functions",
        "schemes",
        "delegations",
    ] {
        let before = app.authority_revision();
        let touched = app.execute_sql(&format!("UPDATE {table} SET id = id"));
        assert!(touched > 0, "the demo data has no {table}");
        assert!(app.authority_revision() > before, "a change to {table} left the authority revision at {before}");
    }
    let before = app.authority_revision();
    let d1 = DemoD1::asked_in(&app);
    let mut recorded = d1.question();
    recorded["record"] = json!(true);
    app.post("/api/v1/authority-checks").token(&d1.reader).json(&recorded).expect(201);
    assert_eq!(app.authority_revision(), before, "recording a check changes nothing it reads");

    // Without the revision (its migration undone by hand), nothing is remembered: each check reads afresh.
    app.execute_sql("DELETE FROM read_revisions WHERE scope = 'authority'");
    assert_eq!(d1.outcome(&app), "allowed");
    assert_eq!(d1.outcome(&app), "allowed");
    app.execute_sql("UPDATE delegations SET revoked_on = '2017-01-01', revocation_reason = 'withdrawn by hand'");
    assert_eq!(d1.outcome(&app), "denied");
}

/// The demo's D1 question (may West Mercia's chief constable use approved investment for Warwickshire's
/// PCC, £1, on 1 September 2017), asked by a West Mercia reader.
struct DemoD1 {
    chief_constable: String,
    pcc: String,
    reader: String,
}

impl DemoD1 {
    fn asked_in(app: &TestApp) -> DemoD1 {
        let offices = "/api/v1/corporations-sole?limit=200";
        DemoD1 {
            chief_constable: find(app, offices, "slug", "west-mercia-chief-constable"),
            pcc: find(app, offices, "slug", "warwickshire-pcc"),
            reader: app.token("west-mercia-opcc", &["reader"]),
        }
    }

    fn question(&self) -> Value {
        json!({"actor": {"kind": "corporation_sole", "id": self.chief_constable}, "function": "use_approved_investment",
               "corporation_sole_id": self.pcc, "amount_pence": 100, "on": "2017-09-01"})
    }

    fn outcome(&self, app: &TestApp) -> Value {
        check(app, &self.reader, self.question())["outcome"].clone()
    }
}

/// The count started again (a database restored) and climbed back to a number the check's facts were
/// read at: what was read then is not served for what is stored now.
fn facts_read_before_the_revision_count_started_again_are_not_served(backend: Backend) {
    let app = governance_tests::spawn(
        backend,
        governance_tests::Options { demo: true, configure: None, ..Default::default() },
    );
    let d1 = DemoD1::asked_in(&app);
    assert_eq!(d1.outcome(&app), "allowed");
    let reached = app.authority_revision();
    app.execute_sql("UPDATE read_revisions SET revision = 0 WHERE scope = 'authority'");
    assert_eq!(d1.outcome(&app), "allowed");
    app.execute_sql("UPDATE delegations SET revoked_on = '2017-01-01', revocation_reason = 'withdrawn by hand'");
    app.execute_sql(&format!("UPDATE read_revisions SET revision = {reached} WHERE scope = 'authority'"));
    assert_eq!(app.authority_revision(), reached);
    assert_eq!(d1.outcome(&app), "denied");
}

/// A question naming what the registry does not hold is 422 at the field that names it, in the order
/// office, function, actor, and the same again when the check's facts for the office are remembered.
fn a_check_naming_an_unknown_office_function_or_actor_is_refused_at_that_field(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "northshire");
    let token = opcc_admin(&app, &area);
    let holder = person(&app, &admin, "Avery Holder");
    let nobody = uuid::Uuid::now_v7().to_string();
    let ask = |actor: Value, function: &str, office: &str| {
        app.post("/api/v1/authority-checks")
            .token(&token)
            .json(&json!({"actor": actor, "function": function, "corporation_sole_id": office, "on": "2024-03-01"}))
            .expect_problem(422, "unknown_reference")["errors"][0]["pointer"]
            .clone()
    };
    let person_actor = json!({"kind": "person", "id": holder});
    // Known everything: answered (and the office's facts remembered).
    check(
        &app,
        &token,
        json!({"actor": person_actor, "function": "approve_revenue_spend",
                               "corporation_sole_id": area.pcc, "on": "2024-03-01"}),
    );
    for _ in 0..2 {
        assert_eq!(ask(person_actor.clone(), "approve_revenue_spend", &nobody), "/corporation_sole_id");
        assert_eq!(ask(json!({"kind": "person", "id": nobody}), "no_such_function", &area.pcc), "/function");
        assert_eq!(ask(json!({"kind": "person", "id": nobody}), "approve_revenue_spend", &area.pcc), "/actor/id");
        assert_eq!(ask(json!({"kind": "post", "id": nobody}), "approve_revenue_spend", &area.pcc), "/actor/id");
        assert_eq!(
            ask(json!({"kind": "corporation_sole", "id": nobody}), "approve_revenue_spend", &area.pcc),
            "/actor/id"
        );
    }
    // A person who holds nothing that day is known: answered, not refused.
    let answer = check(
        &app,
        &token,
        json!({"actor": person_actor, "function": "approve_revenue_spend",
                                            "corporation_sole_id": area.pcc, "on": "1990-01-01"}),
    );
    assert_eq!(answer["outcome"], "denied", "{answer}");
}

on_both_backends!(
    a_check_naming_an_unknown_office_function_or_actor_is_refused_at_that_field,
    every_change_to_what_the_check_reads_moves_its_revision,
    facts_read_before_the_revision_count_started_again_are_not_served,
    consents_under_a_collaboration_lapse_when_it_ends,
    a_deputy_stops_with_the_appointing_pcc,
    who_could_act_for_an_office_on_a_day,
    the_authority_check_answers_every_reason_code,
    the_demo_delegations_answer_d1_and_decision_14,
    the_catalogue_holds_the_reserved_functions_and_only_system_admins_extend_it,
    each_refusal_rule_answers_422_with_its_rule_id,
    the_d1_case_is_allowed_referred_or_denied_with_reasons,
    recorded_checks_are_kept_for_the_asking_organisation_and_auditors,
    a_revoked_middle_link_denies_checks_from_its_revocation_day,
    answers_follow_who_held_the_post_on_the_day,
    nobody_acts_for_an_office_after_it_ends_and_its_holder_stops_holding_it,
    readopting_a_scheme_ends_delegations_not_carried_over,
    approvals_need_the_office_or_a_delegation_in_force_and_record_the_capacity,
);
