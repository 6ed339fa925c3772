//! The world the matrix runs in: an owning organisation A (`a-opcc`), a partner B (`b-opcc`) that is a
//! party to A's agreement, board and records, and an unrelated C (`c-opcc`); one record of each kind
//! the operations act on, and the policy's view of each (the same facts the service derives).

use std::collections::HashMap;

use domain::access::{Resource, ResourceKind as K};
use governance_tests::TestApp;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::fixtures::{app, area, create, id, Area};

pub const RATIONALE: &str = r#"{"efficiency_or_effectiveness": "saves money", "existing_collaboration_considered": "yes",
    "consistency_considered": "yes", "other_opportunities_considered": "yes"}"#;

/// A step of an agreement's life: the status it reaches, the event's path, each party's body.
type Step = (&'static str, &'static str, fn(&Value) -> Value);

pub struct World {
    pub app: TestApp,
    pub admin: String,
    pub a: Area,
    pub b: Area,
    pub c: Area,
    /// Registry records only system admins change (ended by the matrix, so not A's or B's own).
    pub spare: Area,
    pub spare_org: String,
    pub person: String,
    /// A member for B's PCC, present at the held meetings, and B's PCC (who signs for it).
    pub chair_b: String,
    /// A's PCC: approvals and signatures for A's PCC name them (R-TM-02).
    pub holder_a: String,
    /// A's and B's chief constables, who approve and sign for their offices.
    pub chief_constables: [String; 2],
    pub post: String,
    pub appointment: String,
    pub collaboration: String,
    pub collaboration_member: String,
    /// A draft transfer order (C's PCC to a successor): public law, kept by system admins.
    pub transfer_order: String,
    /// A trusted identity provider (A's OPCC's): the platform's trust registry.
    pub trusted_issuer: String,
    pub agreement: String,
    pub agreement_party_a: String,
    /// The organisations serving the agreement's parties: both OPCCs and both forces.
    pub agreement_parties: Vec<Uuid>,
    pub function: String,
    pub scheme: String,
    pub delegation: String,
    pub authority_check: String,
    pub board: String,
    pub membership: String,
    pub meeting: String,
    pub held_meeting: String,
    pub agenda_item: String,
    pub minutes: String,
    pub action: String,
    pub decision: String,
    pub question: String,
    pub record_of_decision: String,
    /// A draft forward plan entry of A's and B's PCCs (taken by the officer).
    pub forward_plan_entry: String,
    /// An entry of the register of interests of A's PCC holder, kept by A's OPCC (published).
    pub interest_entry: String,
    /// An entry of the register of gifts and hospitality of A's PCC holder, kept by A's OPCC.
    pub gift_entry: String,
    pub reference_scheme: String,
    pub subscription: String,
    pub delivery: String,
    /// The policy's view of every record above, by id: lists must show only those the caller sees.
    pub records: HashMap<String, Resource>,
}

fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

impl World {
    pub fn org(area: &Area) -> Uuid {
        uuid(&area.opcc)
    }

    /// The party organisations of a record of A's and B's PCCs (the OPCCs serving them).
    pub fn a_and_b(&self) -> Vec<Uuid> {
        vec![Self::org(&self.a), Self::org(&self.b)]
    }

    /// A's force organisation (serving A's chief constable): a party to the agreement only.
    pub fn a_force(&self) -> Uuid {
        self.agreement_parties[1]
    }

    pub fn serving_a(&self) -> Vec<Uuid> {
        vec![Self::org(&self.a)]
    }

    pub fn board_part(&self, kind: K) -> Resource {
        Resource::owned(kind, None, false).with_parties(self.a_and_b())
    }

    pub fn draft(&self, reference: &str) -> Value {
        Self::draft_of(&self.a, &self.b, reference)
    }

    pub fn board_body(&self, name: &str) -> Value {
        json!({"name": name, "kind": "other", "owners": [self.a.pcc, self.b.pcc], "public": false, "established_on": "2016-01-01"})
    }

    pub fn record_body(&self, reference: &str) -> Value {
        json!({"issuing_corporation_sole_id": self.a.pcc, "reference": reference, "title": "T", "summary": "S",
               "deciders": [{"corporation_sole_id": self.a.pcc}, {"corporation_sole_id": self.b.pcc}]})
    }
}

pub fn build(backend: governance_tests::Backend) -> World {
    let app = app(backend);
    let admin = app.admin();
    let (a, b, c, spare) =
        (area(&app, &admin, "a"), area(&app, &admin, "b"), area(&app, &admin, "c"), area(&app, &admin, "spare"));
    let spare_org = id(&create(
        &app,
        &admin,
        "/api/v1/organisations",
        json!({"slug": "spare-unit", "name": "Spare unit", "kind": "external"}),
    ));
    let a_admin = app.token(&a.opcc_slug, &["org_admin"]);
    let a_secretary = app.token(&a.opcc_slug, &["secretary"]);
    let a_contributor = app.token(&a.opcc_slug, &["contributor"]);
    // Subscribed first, so the records below queue deliveries to it (to a port nobody listens on).
    let subscription = id(&create(
        &app,
        &a_admin,
        "/api/v1/webhook-subscriptions",
        json!({"organisation_id": a.opcc, "target_url": "http://127.0.0.1:9/hook"}),
    ));
    let person = id(&create(&app, &a_admin, "/api/v1/people", json!({"full_name": "Pat Example"})));
    let trusted_issuer = id(&create(
        &app,
        &admin,
        "/api/v1/trusted-issuers",
        json!({"issuer": "https://idp.a.example", "name": "A's identity provider", "jwks_url": "https://idp.a.example/jwks",
            "audience": "governance", "algorithms": ["RS256"], "organisation_id": a.opcc}),
    ));
    let post = id(&create(
        &app,
        &admin,
        "/api/v1/posts",
        json!({"organisation_id": a.opcc, "title": "Internal adviser", "public": false, "starts_on": "2012-11-22"}),
    ));
    let appointment = id(&create(
        &app,
        &a_admin,
        "/api/v1/appointments",
        json!({"person_id": person, "post_id": post, "starts_on": "2013-01-01"}),
    ));
    let collaboration = create(
        &app,
        &admin,
        "/api/v1/collaborations",
        json!({"slug": "alliance", "name": "Alliance", "starts_on": "2013-01-01"}),
    );
    let collaboration = id(&collaboration);
    let with_member = create(
        &app,
        &admin,
        &format!("/api/v1/collaborations/{collaboration}/members"),
        json!({"corporation_sole_id": a.pcc, "starts_on": "2013-01-01"}),
    );
    let collaboration_member = id(&with_member["members"][0]);
    let successor = create(
        &app,
        &admin,
        "/api/v1/corporations-sole",
        json!({"slug": "successor", "name": "Successor", "kind": "mayor", "starts_on": "2013-01-01"}),
    );
    let transfer_order = id(&create(
        &app,
        &admin,
        "/api/v1/transfer-orders",
        json!({"citation": "SI 2029/1", "title": "Transfer", "made_on": "2029-01-01", "in_force_on": "2030-01-01",
               "predecessor_ids": [c.pcc], "successor_id": id(&successor)}),
    ));
    let draft = World::draft_of(&a, &b, "MATRIX/1");
    let agreement = create(&app, &a_contributor, "/api/v1/collaboration-agreements", draft);
    let agreement_party_a = agreement["parties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["corporation_sole_id"] == a.pcc.as_str())
        .map(id)
        .unwrap_or_else(|| panic!("no party for A's PCC in {agreement}"));
    let agreement = id(&agreement);
    let agreement_parties = [&a.opcc_slug, &a.force_org_slug, &b.opcc_slug, &b.force_org_slug]
        .into_iter()
        .map(|slug| uuid(&app.ensure_organisation(slug, "force", None)))
        .collect();
    let function = id(&create(
        &app,
        &admin,
        "/api/v1/functions",
        json!({"code": "matrix_function", "name": "A function for the matrix", "reservation": "none"}),
    ));
    let scheme = id(&create(
        &app,
        &a_admin,
        "/api/v1/schemes",
        json!({"corporation_sole_id": a.pcc, "kind": "delegation", "title": "Scheme", "scheme_version": "1",
               "adopted_on": "2017-01-01", "adopted_by_reference": "PCC/D/2017/01"}),
    ));
    let delegation = id(&create(
        &app,
        &a_admin,
        "/api/v1/delegations",
        json!({"kind": "consent", "corporation_sole_id": a.pcc, "delegate": {"kind": "corporation_sole", "id": a.chief_constable},
               "functions": ["matrix_function"], "valid_from": "2017-01-01", "source": {"reference": "PCC/D/2017/01", "paragraph": "1"}}),
    ));
    let authority_check = id(&create(
        &app,
        &app.token(&a.opcc_slug, &["reader"]),
        "/api/v1/authority-checks",
        json!({"actor": {"kind": "corporation_sole", "id": a.chief_constable}, "function": "matrix_function",
               "corporation_sole_id": a.pcc, "on": "2017-03-01", "record": true}),
    ));
    let board = id(&create(
        &app,
        &a_secretary,
        "/api/v1/boards",
        json!({"name": "Joint board", "kind": "other", "owners": [a.pcc, b.pcc], "public": false, "established_on": "2016-01-01"}),
    ));
    let membership = id(&create(
        &app,
        &a_secretary,
        &format!("/api/v1/boards/{board}/memberships"),
        json!({"person_id": person, "role": "member", "corporation_sole_id": a.pcc, "starts_on": "2016-01-01"}),
    ));
    let meeting = id(&create(
        &app,
        &a_secretary,
        &format!("/api/v1/boards/{board}/meetings"),
        json!({"date": "2017-06-29", "start_time": "14:00", "venue": "Room 1"}),
    ));
    let held_meeting = id(&create(
        &app,
        &a_secretary,
        &format!("/api/v1/boards/{board}/meetings"),
        json!({"date": "2017-05-29", "start_time": "14:00", "venue": "Room 1"}),
    ));
    let chair_b = id(&create(&app, &admin, "/api/v1/people", json!({"full_name": "Chair B"})));
    let holder_a = id(&create(&app, &admin, "/api/v1/people", json!({"full_name": "PCC A"})));
    let chief_constables = [
        id(&create(&app, &admin, "/api/v1/people", json!({"full_name": "Chief Constable A"}))),
        id(&create(&app, &admin, "/api/v1/people", json!({"full_name": "Chief Constable B"}))),
    ];
    let offices = [
        (&holder_a, &a.pcc),
        (&chair_b, &b.pcc),
        (&chief_constables[0], &a.chief_constable),
        (&chief_constables[1], &b.chief_constable),
    ];
    for (who, pcc) in offices {
        create(
            &app,
            &admin,
            "/api/v1/appointments",
            json!({"person_id": who, "corporation_sole_id": pcc, "basis": "substantive", "starts_on": "2013-01-01"}),
        );
    }
    for (who, cs) in [(&person, &a.pcc), (&chair_b, &b.pcc)] {
        app.post(&format!("/api/v1/meetings/{held_meeting}/attendance"))
            .token(&a_secretary)
            .json(&json!({"person_id": who, "kind": "present", "capacity": "member", "corporation_sole_id": cs, "voting": true}))
            .expect(201);
    }
    let agenda_item = id(&create(
        &app,
        &a_secretary,
        &format!("/api/v1/meetings/{held_meeting}/agenda-items"),
        json!({"label": "1", "title": "Finance"}),
    ));
    let version = app.get(&format!("/api/v1/meetings/{held_meeting}")).token(&a_secretary).send().expect(200).json()
        ["version"]
        .as_i64()
        .unwrap_or_default();
    app.post(&format!("/api/v1/meetings/{held_meeting}/held"))
        .token(&a_secretary)
        .if_match(version)
        .json(&json!({}))
        .expect(200);
    let minutes = id(&create(
        &app,
        &a_secretary,
        &format!("/api/v1/meetings/{held_meeting}/minutes"),
        json!({"entries": [{"agenda_item_id": agenda_item, "text": "Noted."}]}),
    ));
    let action = id(&create(
        &app,
        &a_secretary,
        &format!("/api/v1/meetings/{held_meeting}/actions"),
        json!({"text": "Report back", "due_on": "2999-01-01"}),
    ));
    let question = id(&create(
        &app,
        &a_secretary,
        &format!("/api/v1/meetings/{held_meeting}/questions"),
        json!({"asked_by_person_id": person, "put_to_corporation_sole_id": a.chief_constable, "topic": "Uplift", "text": "How is it going?"}),
    ));
    let decision = id(&create(
        &app,
        &a_secretary,
        &format!("/api/v1/meetings/{held_meeting}/decisions"),
        json!({"subject": "Approve the plan", "outcome": "agreed", "required_approvers": [a.pcc, b.pcc]}),
    ));
    let record_of_decision = id(&create(
        &app,
        &a_secretary,
        "/api/v1/records-of-decision",
        json!({"issuing_corporation_sole_id": a.pcc, "reference": "PCC/D/2017/05", "title": "T", "summary": "S",
               "deciders": [{"corporation_sole_id": a.pcc}, {"corporation_sole_id": b.pcc}]}),
    ));
    let forward_plan_entry = id(&create(
        &app,
        &a_secretary,
        "/api/v1/forward-plan",
        json!({"deciders": [a.pcc, b.pcc], "title": "Joint estates strategy", "summary": "S", "intended_on": "2017-09-01",
               "taken_by": "officer"}),
    ));
    let interest_entry = id(&create(
        &app,
        &a_secretary,
        "/api/v1/interests",
        json!({"person_id": holder_a, "organisation_id": a.opcc, "category": "employment",
               "description": "Non-executive director", "interest_body": "Acme Estates Ltd", "from_on": "2016-05-12"}),
    ));
    let gift_entry = id(&create(
        &app,
        &a_secretary,
        "/api/v1/gifts-and-hospitality",
        json!({"person_id": holder_a, "organisation_id": a.opcc, "kind": "hospitality", "received_on": "2017-03-09",
               "giver": "Acme Estates Ltd", "description": "Dinner", "estimated_value_pence": 4500, "outcome": "accepted"}),
    ));
    let reference_scheme = id(&create(
        &app,
        &a_secretary,
        "/api/v1/reference-schemes",
        json!({"corporation_sole_id": a.pcc, "pattern": "PCC/D/{YYYY}/{NN}"}),
    ));
    let delivery = first_delivery(&app, &a_admin, &subscription);

    let mut world = World {
        app,
        admin,
        a,
        b,
        c,
        spare,
        spare_org,
        person,
        chair_b,
        holder_a,
        chief_constables,
        post,
        appointment,
        collaboration,
        collaboration_member,
        transfer_order,
        trusted_issuer,
        agreement,
        agreement_party_a,
        agreement_parties,
        function,
        scheme,
        delegation,
        authority_check,
        board,
        membership,
        meeting,
        held_meeting,
        agenda_item,
        minutes,
        action,
        decision,
        question,
        record_of_decision,
        forward_plan_entry,
        interest_entry,
        gift_entry,
        reference_scheme,
        subscription,
        delivery,
        records: HashMap::new(),
    };
    world.records = describe(&world);
    world
}

impl World {
    /// A token that may draft, approve and sign for the matrix draft's party `p`: the holder of A's
    /// PCC, A's chief constable, B's PCC or B's chief constable, signed in through the organisation
    /// serving the office (R-TM-02: their acts name them).
    fn party_token(&self, p: usize) -> String {
        let area = if p < 2 { &self.a } else { &self.b };
        let slug = if p.is_multiple_of(2) { &area.opcc_slug } else { &area.force_org_slug };
        let mut claims = self.app.claims(slug, &["contributor", "approver"]);
        claims["person_id"] = json!(self.party_holder(p));
        claims["sub"] = json!(format!("test:holder:{p}"));
        self.app.sign(&claims)
    }

    /// The holder of the office of the matrix draft's party `p`.
    pub fn party_holder(&self, p: usize) -> &str {
        match p {
            0 => &self.holder_a,
            1 => &self.chief_constables[0],
            2 => &self.chair_b,
            _ => &self.chief_constables[1],
        }
    }

    fn agreement_event(&self, agreement: &Value, sub: &str, token: &str, body: Value) -> Value {
        let path = format!("/api/v1/collaboration-agreements/{}/{sub}", id(agreement));
        let version = agreement["version"].as_i64().unwrap_or_default();
        self.app.post(&path).token(token).if_match(version).json(&body).expect(200).json()
    }

    /// A fresh office served by no organisation: a board owner that changes nobody's access.
    pub fn fresh_office(&self, n: usize) -> String {
        id(&create(
            &self.app,
            &self.admin,
            "/api/v1/corporations-sole",
            json!({"slug": format!("matrix-owner-{n}"), "name": "Successor office", "kind": "mayor", "starts_on": "2012-11-22"}),
        ))
    }

    /// A fresh agreement of A's and B's offices brought to `status` (`draft`, `approved`, `signed` or
    /// `in_force`), for operations that only succeed in that state.
    pub fn agreement_in(&self, reference: &str, status: &str) -> Value {
        let lead = self.party_token(0);
        let mut agreement = create(&self.app, &lead, "/api/v1/collaboration-agreements", self.draft(reference));
        agreement = self.agreement_event(
            &agreement,
            "documents",
            &lead,
            json!({"title": "Agreement", "version_label": "v1", "sha256": "a".repeat(64), "uri": "https://example.org/a.pdf", "dated": "2015-11-20"}),
        );
        let parties = agreement["parties"].as_array().cloned().unwrap_or_default();
        let steps: [Step; 2] = [
            ("approved", "approvals", |party| {
                json!({"party_id": party["id"], "approved_on": "2015-11-26",
                       "rationale": serde_json::from_str::<Value>(RATIONALE).unwrap_or_default()})
            }),
            (
                "signed",
                "signatures",
                |party| json!({"party_id": party["id"], "signatory_name": "Signatory", "capacity": "office holder", "signed_on": "2015-11-27"}),
            ),
        ];
        if status == "draft" {
            return agreement;
        }
        for (reached, sub, body) in steps {
            for (p, party) in parties.iter().enumerate() {
                agreement = self.agreement_event(&agreement, sub, &self.party_token(p), body(party));
            }
            if status == reached {
                return agreement;
            }
        }
        self.agreement_event(&agreement, "commencement", &lead, json!({"in_force_from": "2015-12-01"}))
    }

    /// Posts `body` to `{record}/{sub}` as `token` with the record's current version, asserting a 2xx.
    pub fn act_on(&self, record: &str, sub: &str, token: &str, body: &Value) -> Value {
        let version =
            self.app.get(record).token(&self.admin).send().expect(200).json()["version"].as_i64().unwrap_or_default();
        let response = self.app.post(&format!("{record}/{sub}")).token(token).if_match(version).json(body);
        assert!((200..300).contains(&response.status), "POST {record}/{sub}: {} {}", response.status, response.text);
        response.json()
    }

    /// A fresh meeting of the joint board chaired by the world's person, with both owners' members
    /// present and one agenda item,
    /// recorded as held when `held`: (meeting, agenda item).
    pub fn fresh_meeting(&self, date: &str, held: bool) -> (String, String) {
        let secretary = self.app.token(&self.a.opcc_slug, &["secretary"]);
        let meeting = id(&create(
            &self.app,
            &secretary,
            &format!("/api/v1/boards/{}/meetings", self.board),
            json!({"date": date, "start_time": "10:00", "venue": "Room 9", "chairs": [self.person]}),
        ));
        for (who, cs) in [(&self.person, &self.a.pcc), (&self.chair_b, &self.b.pcc)] {
            self.app
                .post(&format!("/api/v1/meetings/{meeting}/attendance"))
                .token(&secretary)
                .json(&json!({"person_id": who, "kind": "present", "capacity": "member", "corporation_sole_id": cs, "voting": true}))
                .expect(201);
        }
        let item = id(&create(
            &self.app,
            &secretary,
            &format!("/api/v1/meetings/{meeting}/agenda-items"),
            json!({"label": "1", "title": "Finance"}),
        ));
        if held {
            self.act_on(&format!("/api/v1/meetings/{meeting}"), "held", &secretary, &json!({}));
        }
        (meeting, item)
    }

    /// Fresh minutes of a fresh held meeting, brought to `status` (`draft`, `approved` or `signed`),
    /// and a later meeting to approve them at: (minutes, later meeting).
    pub fn minutes_in(&self, status: &str) -> (String, String) {
        let secretary = self.app.token(&self.a.opcc_slug, &["secretary"]);
        let (meeting, item) = self.fresh_meeting("2017-05-30", true);
        let (later, _) = self.fresh_meeting("2017-06-15", true);
        let minutes = id(&create(
            &self.app,
            &secretary,
            &format!("/api/v1/meetings/{meeting}/minutes"),
            json!({"entries": [{"agenda_item_id": item, "text": "Noted."}]}),
        ));
        let path = format!("/api/v1/minutes/{minutes}");
        if status != "draft" {
            self.act_on(&path, "approval", &secretary, &json!({"approved_at_meeting_id": later}));
        }
        if status == "signed" {
            let body = json!({"person_id": self.person, "capacity": "chair", "signed_on": "2017-07-01"});
            self.act_on(&path, "signatures", &secretary, &body);
        }
        (minutes, later)
    }

    /// A fresh record of decision of A's and B's PCCs numbered `n` (in A's current reference scheme,
    /// which the matrix changes), signed for both.
    pub fn signed_record_of_decision(&self, n: usize) -> String {
        let record = self.fresh_record_of_decision(n);
        let path = format!("/api/v1/records-of-decision/{record}");
        for (area, name, holder) in [(&self.a, "PCC A", &self.holder_a), (&self.b, "PCC B", &self.chair_b)] {
            let approver = self.app.token(&area.opcc_slug, &["approver"]);
            let body = json!({"corporation_sole_id": area.pcc, "person_id": holder, "signed_name": name, "capacity": "Police and Crime Commissioner"});
            self.act_on(&path, "signatures", &approver, &body);
        }
        record
    }

    /// A fresh forward plan entry of A's and B's PCCs, published when `published`.
    pub fn fresh_forward_plan_entry(&self, n: usize, published: bool) -> String {
        let secretary = self.app.token(&self.a.opcc_slug, &["secretary"]);
        let body = json!({"deciders": [self.a.pcc, self.b.pcc], "title": format!("Entry {n}"), "summary": "S",
                          "intended_on": "2017-09-01", "taken_by": "officer"});
        let entry = id(&create(&self.app, &secretary, "/api/v1/forward-plan", body));
        if published {
            self.act_on(&format!("/api/v1/forward-plan/{entry}"), "publication", &secretary, &json!({}));
        }
        entry
    }

    /// A fresh, unsigned record of decision of A's and B's PCCs numbered `n` in A's current
    /// reference scheme (which the matrix changes).
    pub fn fresh_record_of_decision(&self, n: usize) -> String {
        let secretary = self.app.token(&self.a.opcc_slug, &["secretary"]);
        let scheme = self.app.get(&format!("/api/v1/reference-schemes/{}", self.reference_scheme)).send().expect(200);
        let reference = if scheme.json()["pattern"].as_str().is_some_and(|p| p.contains("{NNN}")) {
            format!("PCC/D/2019/{:03}", n % 1000)
        } else {
            format!("PCC/D/2019/{:02}", n % 100)
        };
        id(&create(&self.app, &secretary, "/api/v1/records-of-decision", self.record_body(&reference)))
    }

    fn draft_of(a: &Area, b: &Area, reference: &str) -> Value {
        json!({
            "reference": reference, "title": "Joint licensing", "summary": "A joint licensing unit",
            "lead_force_id": a.force, "lead_board_name": "Joint board",
            "withdrawal_notice_months": 12, "withdrawal_effective_rule": "31 March after 12 months' notice",
            "baseline_cost_pence": 1_000_000, "savings_target_pence": 100_000,
            "parties": [{"corporation_sole_id": a.pcc}, {"corporation_sole_id": a.chief_constable},
                        {"corporation_sole_id": b.pcc}, {"corporation_sole_id": b.chief_constable}],
            "provisions": [{"kind": "fcp", "function": "Licensing", "forces": [a.force, b.force],
                            "direction_and_control": a.chief_constable}],
        })
    }
}

/// Waits (briefly) for the outbox to queue a delivery to the subscription.
fn first_delivery(app: &TestApp, token: &str, subscription: &str) -> String {
    for _ in 0..100 {
        let page =
            app.get(&format!("/api/v1/webhook-subscriptions/{subscription}/deliveries")).token(token).send().json();
        if let Some(first) = page["items"].as_array().and_then(|items| items.first()) {
            return id(first);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("no webhook delivery was queued for the subscription");
}

/// The policy's view of each record: the facts the service derives from the rows (owner, the
/// organisations serving the corporations sole concerned, public or not).
fn describe(w: &World) -> HashMap<String, Resource> {
    let a = World::org(&w.a);
    let public = |kind| Resource::public(kind);
    [
        (&w.spare.force, public(K::Force)),
        (&w.spare.chief_constable, public(K::CorporationSole)),
        (&w.spare_org, public(K::Organisation)),
        (&w.person, Resource::owned(K::Person, Some(a), true)),
        // A's PCC: an office holder, whom anonymous callers may read too (Pat, in a post A does not
        // publish, is shown to signed-in callers only: events.rs tests that).
        (&w.holder_a, Resource::owned(K::Person, None, true)),
        (&w.post, Resource::owned(K::Post, Some(a), false)),
        (&w.appointment, Resource::owned(K::Appointment, Some(a), false)),
        (&w.collaboration, public(K::Collaboration)),
        (&w.transfer_order, public(K::TransferOrder)),
        (&w.trusted_issuer, public(K::TrustedIssuer)),
        (
            &w.agreement,
            Resource::owned(K::CollaborationAgreement, None, false).with_parties(w.agreement_parties.clone()),
        ),
        (&w.function, public(K::Function)),
        (&w.scheme, public(K::Scheme).with_parties(w.serving_a())),
        (&w.delegation, public(K::Delegation).with_parties(w.serving_a())),
        (&w.authority_check, Resource::owned(K::AuthorityCheck, Some(a), false)),
        (&w.board, w.board_part(K::Board)),
        (&w.meeting, w.board_part(K::Meeting)),
        (&w.held_meeting, w.board_part(K::Meeting)),
        (&w.agenda_item, w.board_part(K::Meeting)),
        (&w.minutes, w.board_part(K::Minutes)),
        (&w.action, w.board_part(K::BoardAction)),
        (&w.decision, w.board_part(K::Decision)),
        (&w.question, w.board_part(K::Meeting)),
        (&w.record_of_decision, Resource::owned(K::RecordOfDecision, None, false).with_parties(w.a_and_b())),
        (&w.forward_plan_entry, Resource::owned(K::ForwardPlanEntry, None, false).with_parties(w.a_and_b())),
        (&w.interest_entry, Resource::owned(K::InterestEntry, Some(a), true)),
        (&w.gift_entry, Resource::owned(K::GiftEntry, Some(a), true)),
        (&w.reference_scheme, public(K::RecordOfDecision).with_parties(w.serving_a())),
        (&w.subscription, Resource::owned(K::WebhookSubscription, Some(a), false)),
        (&w.delivery, Resource::owned(K::WebhookSubscription, Some(a), false)),
    ]
    .into_iter()
    .map(|(id, resource)| (id.clone(), resource))
    .collect()
}
