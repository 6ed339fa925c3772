//! The public register (issue 18): executed agreements for everyone, a notice where the text is not
//! published; published records of decision (Part 2 as a notice, names only of people the public
//! knows of); meetings of public boards with their published minutes; an Atom feed of each page;
//! all cacheable by a proxy.

use governance_tests::{on_both_backends, spawn, Backend, Options, Response, TestApp};
use serde_json::{json, Value};

use crate::boards::{attend, board, meeting, quorate_meeting, world, World};
use crate::fixtures::*;

// ---- A small, strict XML reader, to check that the feeds are well-formed and read their entries ----

/// An element: its name, attributes, text (unescaped) and child elements.
#[derive(Debug, Clone, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    fn text_of(&self, name: &str) -> String {
        self.all(name).first().map(|n| n.text.clone()).unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name))
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.0 == name).map(|a| a.1.as_str())
    }

    /// The `href` of the `<link>` with this `rel`.
    fn link(&self, rel: &str) -> Option<String> {
        self.all("link").into_iter().find(|l| l.attr("rel") == Some(rel)).and_then(|l| l.attr("href").map(String::from))
    }
}

/// Text with the five predefined entities and character references resolved; any other `&`, or a
/// `<`, is not well-formed.
fn unescape(text: &str) -> Result<String, String> {
    if text.contains('<') {
        return Err(format!("raw < in {text:?}"));
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';').ok_or_else(|| format!("unterminated reference in {text:?}"))? + amp;
        let name = &rest[amp + 1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            n if n.starts_with("#x") => {
                u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32).ok_or("bad reference")?
            }
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32).ok_or("bad reference")?,
            n => return Err(format!("unknown entity &{n};")),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `name a="v" b='w'` into an element with no children.
fn open_tag(tag: &str) -> Result<Node, String> {
    let tag = tag.trim();
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let name = &tag[..name_end];
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || ":_-.".contains(c)) {
        return Err(format!("bad element name in <{tag}>"));
    }
    let mut attrs = Vec::new();
    let mut rest = tag[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or_else(|| format!("attribute without value in <{tag}>"))?;
        let key = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'').ok_or("unquoted attribute")?;
        let close = after[1..].find(quote).ok_or("unterminated attribute")? + 1;
        if attrs.iter().any(|(k, _)| *k == key) {
            return Err(format!("attribute {key} twice"));
        }
        attrs.push((key, unescape(&after[1..close])?));
        rest = after[close + 1..].trim_start();
    }
    Ok(Node { name: name.to_string(), attrs, ..Node::default() })
}

/// Parses a whole document: one root element, every tag closed by its own name, only references
/// XML defines; an optional XML declaration first.
fn parse_xml(xml: &str) -> Result<Node, String> {
    let mut rest = xml;
    if let Some(after) = rest.strip_prefix("<?xml") {
        rest = &after[after.find("?>").ok_or("unterminated declaration")? + 2..];
    }
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        match stack.last_mut() {
            Some(top) => top.text.push_str(&unescape(text)?),
            None if text.trim().is_empty() => {}
            None => return Err(format!("text outside the root: {text:?}")),
        }
        let gt = rest[lt..].find('>').ok_or("unterminated tag")? + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        let done = if let Some(name) = tag.strip_prefix('/') {
            let node = stack.pop().ok_or_else(|| format!("</{name}> closes nothing"))?;
            if node.name != name.trim() {
                return Err(format!("</{name}> closes <{}>", node.name));
            }
            Some(node)
        } else if let Some(body) = tag.strip_suffix('/') {
            Some(open_tag(body)?)
        } else {
            stack.push(open_tag(tag)?);
            None
        };
        if let Some(node) = done {
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None if root.is_none() => root = Some(node),
                None => return Err("two root elements".into()),
            }
        }
    }
    if !stack.is_empty() {
        return Err(format!("<{}> is never closed", stack[stack.len() - 1].name));
    }
    if !rest.trim().is_empty() {
        return Err(format!("text after the root: {rest:?}"));
    }
    root.ok_or_else(|| "no root element".into())
}

#[test]
fn the_reader_refuses_what_is_not_well_formed() {
    assert!(parse_xml("<a><b>x</b></a>").is_ok());
    assert_eq!(
        parse_xml("<a x=\"1 &amp; 2\">&lt;&#233;</a>").map(|n| (n.text, n.attrs[0].1.clone())),
        Ok(("<é".into(), "1 & 2".into()))
    );
    for bad in
        ["<a><b></a></b>", "<a>", "<a>&nbsp;</a>", "<a>x & y</a>", "<a></a><b></b>", "<a x=1></a>", "text<a></a>"]
    {
        assert!(parse_xml(bad).is_err(), "{bad}");
    }
}

/// A feed answered to anyone: Atom, cacheable, well-formed, with its feed-level elements; returns
/// the feed element and the response (for its ETag).
fn feed(app: &TestApp, path: &str) -> (Node, Response) {
    let response = app.get(path).send().expect(200);
    assert_eq!(response.header("content-type"), Some("application/atom+xml"), "{path}");
    assert_eq!(response.header("cache-control"), Some("public, max-age=60"), "{path}");
    let root =
        parse_xml(&response.text).unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}\n{}", response.text));
    assert_eq!((root.name.as_str(), root.attr("xmlns")), ("feed", Some("http://www.w3.org/2005/Atom")));
    assert!(!root.text_of("id").is_empty() && !root.text_of("title").is_empty());
    assert!(!root.all("author").is_empty(), "a feed whose entries name no author names one");
    assert!(root.link("self").is_some_and(|href| href.contains(".atom")), "{}", response.text);
    // RFC 4287: every entry has an id, a title, an RFC 3339 updated, and an alternate link or content;
    // the feed is as recent as its newest entry.
    let mut newest = String::new();
    for entry in root.all("entry") {
        assert!(entry.text_of("id").starts_with("urn:uuid:"), "{}", response.text);
        assert!(!entry.text_of("title").is_empty());
        let updated = entry.text_of("updated");
        chrono::DateTime::parse_from_rfc3339(&updated).unwrap_or_else(|e| panic!("updated {updated}: {e}"));
        assert!(entry.link("alternate").is_some() || !entry.all("content").is_empty(), "{}", response.text);
        assert!(!entry.text_of("summary").is_empty());
        newest = newest.max(updated);
    }
    if !newest.is_empty() {
        assert_eq!(root.text_of("updated"), newest);
    }
    // A proxy revalidates with the ETag: 304 while nothing changed, also with the tag a compressing
    // proxy weakened (If-None-Match compares weakly).
    let tag = response.header("etag").map(str::to_string).unwrap_or_else(|| panic!("no ETag on {path}"));
    assert_eq!(app.get(path).header("If-None-Match", &tag).send().status, 304, "{path}");
    assert_eq!(app.get(path).header("If-None-Match", &format!("W/{tag}")).send().status, 304, "{path}");
    (root, response)
}

fn entry_ids(feed: &Node) -> Vec<String> {
    feed.all("entry").iter().map(|e| e.text_of("id").trim_start_matches("urn:uuid:").to_string()).collect()
}

fn item_ids(page: &Value) -> Vec<String> {
    page["items"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_str().map(String::from)).collect()
}

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
    // A link checker or feed reader asks HEAD: the GET's status and headers, no body.
    let (status, head, body) = app.raw_head("/api/v1/public/agreements", &[]);
    assert_eq!(status, 200, "{head}");
    assert!(head.to_ascii_lowercase().contains(&format!("etag: {}", tag.to_ascii_lowercase())), "{head}");
    assert!(head.to_ascii_lowercase().contains("cache-control: public, max-age=60"), "{head}");
    assert!(body.is_empty(), "{body}");
    let (status, head, _) = app.raw_head("/api/v1/public/agreements", &[("If-None-Match", &tag)]);
    assert_eq!(status, 304, "{head}");
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

    // The feed: the same agreements, newest first; a notice links nothing and carries its content.
    let (atom, _) = feed(&app, "/api/v1/public/agreements.atom");
    let mut expected = item_ids(&register);
    let mut ids = entry_ids(&atom);
    assert_eq!(ids.len(), expected.len().min(50));
    ids.sort();
    expected.sort();
    assert!(ids.iter().all(|id| expected.contains(id)));
    for entry in atom.all("entry") {
        let id = entry.text_of("id");
        if bch.iter().any(|n| id.ends_with(n["id"].as_str().unwrap_or("?"))) {
            assert_eq!(entry.link("alternate"), None, "an unpublished agreement is not readable");
            assert!(entry.text_of("content").contains("not published"), "{}", entry.text_of("content"));
        }
    }
    let updated: Vec<String> = atom.all("entry").iter().map(|e| e.text_of("updated")).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first: {updated:?}");
    let (two, _) = feed(&app, "/api/v1/public/agreements.atom?limit=2");
    assert_eq!(two.all("entry").len(), 2);
    app.get("/api/v1/public/agreements.atom?limit=0").send().expect_problem(400, "validation.failed");
    app.get("/api/v1/public/agreements.atom?cursor=x").send().expect_problem(400, "validation.failed");

    // The demo's record of decision is not published, and its boards' minutes are drafts: the public
    // registers list no record, and meetings without minutes.
    let records = app.get("/api/v1/public/records-of-decision").send().expect(200).json();
    assert_eq!(records["items"], json!([]), "{records}");
    let (records_feed, _) = feed(&app, "/api/v1/public/records-of-decision.atom");
    assert!(records_feed.all("entry").is_empty());
    let meetings = app.get("/api/v1/public/meetings?limit=200").send().expect(200).json();
    let items = meetings["items"].as_array().cloned().unwrap_or_default();
    assert!(items.len() >= 10, "{meetings}");
    assert!(items.iter().all(|m| m["minutes"].is_null()), "{meetings}");
    let (meetings_feed, _) = feed(&app, "/api/v1/public/meetings.atom");
    assert_eq!(meetings_feed.all("entry").len(), items.len().min(50));
    let (plan, _) = feed(&app, "/api/v1/public/forward-plan.atom");
    let published = app.get("/api/v1/public/forward-plan?limit=200").send().expect(200).json();
    assert_eq!(plan.all("entry").len(), item_ids(&published).len().min(50));
}

/// Appoints a new person to a new post of the West Mercia OPCC, public or not; returns the person.
fn staff(w: &World, name: &str, title: &str, public: bool) -> String {
    let holder = person(&w.app, &w.admin, name);
    let post = post(&w.app, &w.admin, &w.wm.opcc, title, &[], public);
    create(
        &w.app,
        &w.admin,
        "/api/v1/appointments",
        json!({"person_id": holder, "post_id": post, "basis": "substantive", "starts_on": "2016-05-12"}),
    );
    holder
}

/// A record of decision by `deciders` (each signing by its holder), published unless `draft`.
fn record(w: &World, reference: &str, deciders: &[&str], significant: bool, extra: Value, draft: bool) -> Value {
    let mut body = json!({
        "issuing_corporation_sole_id": w.wm.pcc, "reference": reference, "title": format!("Decision {reference}"),
        "summary": "Twin-track approach", "significant_public_interest": significant,
        "deciders": deciders.iter().map(|cs| json!({"corporation_sole_id": cs})).collect::<Vec<_>>(),
        "proposals": ["That the investment of £4m is approved"],
    });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let created = create(&w.app, &w.secretary, "/api/v1/records-of-decision", body);
    if draft {
        return created;
    }
    let path = format!("/api/v1/records-of-decision/{}", id(&created));
    let mut version = 0;
    for cs in deciders {
        let approver = if *cs == w.wk.pcc { &w.wk_approver } else { &w.wm_approver };
        let signed = w
            .app
            .post(&format!("{path}/signatures"))
            .token(approver)
            .json(&json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "signed_name": format!("Holder of {cs}"), "capacity": "Police and Crime Commissioner"}))
            .expect(201)
            .json();
        version = signed["version"].as_i64().unwrap_or_default();
    }
    w.app
        .post(&format!("{path}/publication"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"published_on": "2017-02-20", "published_url": format!("https://www.westmercia-pcc.gov.uk/decisions/{}", reference.replace('/', "-"))}))
        .expect(200)
        .json()
}

/// Anonymous callers find the published records only, Part 2 as a notice, officers named only
/// when they hold a public post; filtered by decider and significant public interest, paged; the
/// feed the same.
fn published_records_of_decision_are_registered_without_part_two_or_private_names(backend: Backend) {
    let w = world(backend);
    let ceo = staff(&w, "Andy Champness", "Chief Executive", true);
    let pa = staff(&w, "Pat Private", "PA to the Chief Executive", false);
    let significant = record(
        &w,
        "PCC/D/2017/05",
        &[&w.wm.pcc, &w.wk.pcc],
        true,
        json!({"part_two": {"text": "Supplier detail", "foi_sections": ["s43"], "reason": "Commercial interests"}}),
        true,
    );
    let path = format!("/api/v1/records-of-decision/{}", id(&significant));
    for (role, person, name) in
        [("chief_executive", &ceo, "Andy Champness"), ("chief_finance_officer", &pa, "Pat Private")]
    {
        w.app
            .post(&format!("{path}/officer-approvals"))
            .token(&w.secretary)
            .json(&json!({"role": role, "person_id": person, "name": name, "approved_on": "2017-02-15"}))
            .expect(201);
    }
    // Then signed and published, as `record` does for the others.
    let mut version = 0;
    for (cs, approver) in [(&w.wm.pcc, &w.wm_approver), (&w.wk.pcc, &w.wk_approver)] {
        version = w.app.post(&format!("{path}/signatures")).token(approver).json(
            &json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "signed_name": if *cs == w.wm.pcc { "John Campion" } else { "Philip Seccombe" }, "capacity": "Police and Crime Commissioner"}),
        ).expect(201).json()["version"].as_i64().unwrap_or_default();
    }
    w.app
        .post(&format!("{path}/publication"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"published_on": "2017-02-20", "published_url": "https://www.westmercia-pcc.gov.uk/decisions/pcc-d-2017-05"}))
        .expect(200);
    let routine = record(&w, "PCC/D/2017/06", &[&w.wm.pcc], false, json!({}), false);
    let draft = record(&w, "PCC/D/2017/07", &[&w.wm.pcc], true, json!({}), true);

    let response = w.app.get("/api/v1/public/records-of-decision").send().expect(200);
    assert_eq!(response.header("cache-control"), Some("public, max-age=60"));
    assert!(!response.text.contains("Supplier detail"), "Part 2 never appears: {}", response.text);
    assert!(!response.text.contains("Pat Private"), "no names of people in non-public posts: {}", response.text);
    let page = response.json();
    assert_eq!(item_ids(&page), vec![id(&significant), id(&routine)], "published only, in id order");
    assert!(!item_ids(&page).contains(&id(&draft)));
    let first = &page["items"][0];
    assert_eq!(first["part_two"], json!({"foi_sections": ["s43"], "reason": "Commercial interests"}), "{first}");
    assert_eq!(first["significant_public_interest"], true);
    assert_eq!(first["href"], json!(path));
    let officers: Vec<(Value, Value)> = first["officer_approvals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| (o["role"].clone(), o["name"].clone()))
        .collect();
    assert_eq!(
        officers,
        vec![(json!("chief_executive"), json!("Andy Champness")), (json!("chief_finance_officer"), Value::Null)]
    );
    // The signatories hold the offices: named.
    let signers: Vec<Value> =
        first["signatures"].as_array().into_iter().flatten().map(|s| s["signed_name"].clone()).collect();
    assert_eq!(signers, vec![json!("John Campion"), json!("Philip Seccombe")]);
    assert_eq!(page["items"][1]["part_two"], Value::Null);

    // Decisions of significant public interest; per deciding corporation sole.
    let only = |query: &str| {
        item_ids(&w.app.get(&format!("/api/v1/public/records-of-decision?{query}")).send().expect(200).json())
    };
    assert_eq!(only("significant_public_interest=true"), vec![id(&significant)]);
    assert_eq!(only("significant_public_interest=false"), vec![id(&routine)]);
    assert_eq!(only(&format!("corporation_sole={}", w.wk.pcc)), vec![id(&significant)]);
    assert_eq!(only(&format!("corporation_sole={}&significant_public_interest=false", w.wk.pcc)), Vec::<String>::new());
    // Paged.
    let one = w.app.get("/api/v1/public/records-of-decision?limit=1").send().expect(200).json();
    assert_eq!(item_ids(&one), vec![id(&significant)]);
    let cursor = one["next_cursor"].as_str().unwrap_or_else(|| panic!("{one}")).to_string();
    let two =
        w.app.get(&format!("/api/v1/public/records-of-decision?limit=1&cursor={cursor}")).send().expect(200).json();
    assert_eq!((item_ids(&two), two["next_cursor"].clone()), (vec![id(&routine)], Value::Null));
    // Bad input is a problem, never a 500.
    for bad in [
        "limit=0",
        "limit=201",
        "cursor=not%20a%20cursor",
        "significant_public_interest=maybe",
        "corporation_sole=x",
        "status=draft",
    ] {
        w.app.get(&format!("/api/v1/public/records-of-decision?{bad}")).send().expect_problem(400, "validation.failed");
    }

    // The feed: both published records, newest first (the routine one was published last), Part 2
    // and private names never; filtered as the page is.
    let (atom, response) = feed(&w.app, "/api/v1/public/records-of-decision.atom");
    assert_eq!(entry_ids(&atom), vec![id(&routine), id(&significant)]);
    assert!(!response.text.contains("Supplier detail") && !response.text.contains("Pat Private"));
    let entry = &atom.all("entry")[1];
    assert_eq!(entry.text_of("title"), "PCC/D/2017/05: Decision PCC/D/2017/05");
    assert_eq!(entry.link("related").as_deref(), Some("https://www.westmercia-pcc.gov.uk/decisions/pcc-d-2017-05"));
    assert!(entry.link("alternate").is_some_and(|href| href.ends_with(&path)), "{}", response.text);
    assert_eq!(entry.text_of("updated"), {
        let updated = first["updated_at"].as_str().unwrap_or_default();
        chrono::DateTime::parse_from_rfc3339(updated)
            .map(|t| t.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            .unwrap_or_default()
    });
    let (significant_only, _) =
        feed(&w.app, "/api/v1/public/records-of-decision.atom?significant_public_interest=true");
    assert_eq!(entry_ids(&significant_only), vec![id(&significant)]);
    let (newest, _) = feed(&w.app, "/api/v1/public/records-of-decision.atom?limit=1");
    assert_eq!(entry_ids(&newest), vec![id(&routine)]);
    w.app.get("/api/v1/public/records-of-decision.atom?unknown=1").send().expect_problem(400, "validation.failed");
}

/// A held meeting of `board` on `date` with one agenda item; returns the meeting and the item.
fn held_with_item(w: &World, board: &str, date: &str) -> (String, String) {
    let m = id(&meeting(w, board, date));
    let item = create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/meetings/{m}/agenda-items"),
        json!({"label": "01", "title": "Money Matters"}),
    );
    attend(w, &m, &w.chair_wm, "present", &w.wm.pcc);
    attend(w, &m, &w.chair_wk, "present", &w.wk.pcc);
    let version = w.app.get(&format!("/api/v1/meetings/{m}")).token(&w.secretary).send().expect(200).json()["version"]
        .as_i64()
        .unwrap_or_default();
    w.app
        .post(&format!("/api/v1/meetings/{m}/held"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({}))
        .expect(200);
    (m, id(&item))
}

fn draft_minutes(w: &World, meeting: &str, item: &str) -> Value {
    create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/meetings/{meeting}/minutes"),
        json!({"entries": [{"agenda_item_id": item, "text": "The report was noted.", "outcome": "noted"}]}),
    )
}

/// Meetings of public boards, each with a link to its minutes once they are published (not
/// before); private boards' meetings never; filtered by board and owner, paged; the feed has an
/// entry for the meeting and one for the publication of its minutes.
fn public_boards_meetings_are_registered_with_their_published_minutes_only(backend: Backend) {
    let w = world(backend);
    let public = id(&board(&w, true));
    let private = id(&board(&w, false));
    let hidden = id(&meeting(&w, &private, "2017-06-30"));
    let (june, item) = held_with_item(&w, &public, "2017-06-29");
    let minutes = draft_minutes(&w, &june, &item);
    let july = quorate_meeting(&w, &public, "2017-07-26");
    let (september, september_item) = held_with_item(&w, &public, "2017-09-27");
    draft_minutes(&w, &september, &september_item);
    let page = w.app.get("/api/v1/public/meetings").send().expect(200).json();
    assert_eq!(item_ids(&page), vec![june.clone(), july.clone(), september.clone()], "{page}");
    assert!(
        page["items"].as_array().into_iter().flatten().all(|m| m["minutes"].is_null()),
        "drafts are not shown: {page}"
    );

    // Approved at July, signed by both co-chairs, published: now linked.
    let path = format!("/api/v1/minutes/{}", id(&minutes));
    let approved = w
        .app
        .post(&format!("{path}/approval"))
        .token(&w.secretary)
        .if_match(minutes["version"].as_i64().unwrap_or_default())
        .json(&json!({"approved_at_meeting_id": july}))
        .expect(200)
        .json();
    assert_eq!(approved["status"], "approved");
    let mut version = 0;
    for (chair, capacity) in [(&w.chair_wm, "Deputy PCC, West Mercia"), (&w.chair_wk, "PCC, Warwickshire")] {
        version = w
            .app
            .post(&format!("{path}/signatures"))
            .token(&w.secretary)
            .json(&json!({"person_id": chair, "capacity": capacity, "signed_on": "2017-07-26"}))
            .expect(201)
            .json()["version"]
            .as_i64()
            .unwrap_or_default();
    }
    let before = w.app.get("/api/v1/public/meetings").send().expect(200);
    let tag = before.header("etag").map(str::to_string).unwrap_or_default();
    assert!(before.json()["items"][0]["minutes"].is_null(), "signed, not yet published");
    w.app
        .post(&format!("{path}/publication"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"published_on": "2017-08-01", "published_url": "https://example.org/minutes/2017-06-29"}))
        .expect(200);
    // The page changed: its old ETag no longer answers 304.
    let after = w.app.get("/api/v1/public/meetings").header("If-None-Match", &tag).send().expect(200);
    w.app.get("/api/v1/public/meetings").header("If-None-Match", &format!("W/{tag}")).send().expect(200);
    assert_eq!(after.header("cache-control"), Some("public, max-age=60"));
    assert!(!after.text.contains("Tracey Onslow"), "no names of people: {}", after.text);
    let page = after.json();
    let first = &page["items"][0];
    assert_eq!(
        (first["board"].clone(), first["date"].clone(), first["start_time"].clone(), first["status"].clone()),
        (json!("Alliance Governance Group"), json!("2017-06-29"), json!("14:00"), json!("held"))
    );
    assert_eq!(first["href"], format!("/api/v1/meetings/{june}"));
    assert_eq!(
        (first["minutes"]["id"].clone(), first["minutes"]["href"].clone(), first["minutes"]["published_url"].clone()),
        (json!(id(&minutes)), json!(path), json!("https://example.org/minutes/2017-06-29"))
    );
    assert!(page["items"][2]["minutes"].is_null(), "September's minutes are a draft");
    // The public may follow the link.
    w.app.get(&path).send().expect(200);

    // Filters: the board, an owner (the private board's meetings never); paged.
    let only =
        |query: &str| item_ids(&w.app.get(&format!("/api/v1/public/meetings?{query}")).send().expect(200).json());
    assert_eq!(only(&format!("board={private}")), Vec::<String>::new());
    assert!(!only(&format!("corporation_sole={}", w.wk.pcc)).contains(&hidden));
    assert_eq!(only(&format!("corporation_sole={}", w.wk.pcc)).len(), 3);
    let essex = w.app.get("/api/v1/corporations-sole?q=essex").send().expect(200).json();
    let essex_pcc = essex["items"][0]["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(only(&format!("corporation_sole={essex_pcc}")), Vec::<String>::new());
    let one = w.app.get("/api/v1/public/meetings?limit=2").send().expect(200).json();
    assert_eq!(item_ids(&one), vec![june.clone(), july.clone()]);
    let rest = w
        .app
        .get(&format!("/api/v1/public/meetings?limit=2&cursor={}", one["next_cursor"].as_str().unwrap_or_default()))
        .send()
        .expect(200)
        .json();
    assert_eq!((item_ids(&rest), rest["next_cursor"].clone()), (vec![september.clone()], Value::Null));
    for bad in ["limit=0", "board=nope", "cursor=%2F", "minutes=true"] {
        w.app.get(&format!("/api/v1/public/meetings?{bad}")).send().expect_problem(400, "validation.failed");
    }

    // The feed: the publication of June's minutes is the newest entry, linking them and the page
    // where the board published them; every meeting is there; the private board's is not.
    let (atom, response) = feed(&w.app, "/api/v1/public/meetings.atom");
    let ids = entry_ids(&atom);
    assert_eq!(ids.first(), Some(&id(&minutes)), "{}", response.text);
    for m in [&june, &july, &september] {
        assert!(ids.contains(m), "{m} in {}", response.text);
    }
    assert!(!ids.contains(&hidden));
    assert_eq!(ids.len(), 4);
    let published = &atom.all("entry")[0];
    assert!(published.link("alternate").is_some_and(|href| href.ends_with(&path)));
    assert_eq!(published.link("related").as_deref(), Some("https://example.org/minutes/2017-06-29"));
    assert!(published.text_of("title").contains("minutes of the meeting of 2017-06-29"));
    let (by_board, _) = feed(&w.app, &format!("/api/v1/public/meetings.atom?board={private}"));
    assert!(by_board.all("entry").is_empty());
    let (two, _) = feed(&w.app, "/api/v1/public/meetings.atom?limit=2");
    assert_eq!(entry_ids(&two), ids[..2].to_vec());
}

on_both_backends!(
    executed_agreements_are_noticed_to_the_public_even_unpublished,
    published_records_of_decision_are_registered_without_part_two_or_private_names,
    public_boards_meetings_are_registered_with_their_published_minutes_only,
);
