//! The `governance` binary's commands, run as a user would run them.

use std::process::Command;

fn governance(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_governance"));
    command.current_dir(dir).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("governance-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line_naming_the_variable() {
    let dir = temp_dir("bad-setting");
    for (variable, value) in [
        ("GOVERNANCE_BIND", "not-an-address"),
        ("GOVERNANCE_MAX_BODY_BYTES", "lots"),
        ("GOVERNANCE_JWT_ALGORITHM", "HS512"),
        ("GOVERNANCE_LOG_FORMAT", "xml"),
        ("GOVERNANCE_CORS_ALLOWED_ORIGINS", "*"),
        (
            "GOVERNANCE_CORS_ALLOWED_ORIGINS",
            "https://intranet.example.police.uk,https://intranet.example.police.uk/app",
        ),
        ("GOVERNANCE_CORS_ALLOWED_ORIGINS", "intranet.example.police.uk"),
    ] {
        let mut command = governance(&dir);
        command.arg("serve").env(variable, value);
        if variable == "GOVERNANCE_JWT_ALGORITHM" {
            command.env("GOVERNANCE_JWKS_FILE", "keys.json");
        }
        let output = command.output().unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{variable}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{variable}: {stderr}");
        assert!(stderr.contains(variable), "{variable}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Loads the demo registry into `dir`'s SQLite file (tokens are minted for registered organisations).
fn load_demo_data(dir: &std::path::Path) {
    let output = governance(dir).arg("demo-data").output().unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The key sealing webhook secrets must be a 256-bit hex key: anything else stops start-up, naming
/// the setting, before a secret could be sealed under it.
#[test]
fn a_webhook_secret_key_that_is_not_a_key_stops_start_up() {
    let dir = temp_dir("bad-webhook-key");
    let key = dir.join("webhook.key");
    for content in ["not hex at all", "abcd"] {
        std::fs::write(&key, content).unwrap_or_else(|e| panic!("{e}"));
        let output = governance(&dir)
            .arg("serve")
            .env("GOVERNANCE_WEBHOOK_SECRET_KEY_FILE", &key)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{content}: {stderr}");
        assert!(stderr.contains("GOVERNANCE_WEBHOOK_SECRET_KEY_FILE"), "{content}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{content}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn token_prints_a_signed_token_from_a_generated_local_secret() {
    let dir = temp_dir("token");
    load_demo_data(&dir);
    let output = governance(&dir)
        .args(["token", "--org", "west-mercia-opcc", "--roles", "reader,approver", "--ttl", "30m"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let token = String::from_utf8_lossy(&output.stdout).trim().to_string();
    assert_eq!(token.split('.').count(), 3, "{token}");
    let secret = std::fs::read_to_string(dir.join("data/jwt-secret")).unwrap_or_else(|e| panic!("no secret: {e}"));
    assert_eq!(secret.trim().len(), 64, "a 256-bit secret in hex");
    // A second token uses the same secret rather than making a new one.
    let second =
        governance(&dir).args(["token", "--org", "governance-service"]).output().unwrap_or_else(|e| panic!("{e}"));
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    let second_token = String::from_utf8_lossy(&second.stdout).trim().to_string();
    assert_eq!(second_token.split('.').count(), 3, "{second_token}");
    assert_eq!(
        std::fs::read_to_string(dir.join("data/jwt-secret")).unwrap_or_else(|e| panic!("secret gone: {e}")),
        secret
    );
    let bad =
        governance(&dir).args(["token", "--org", "x", "--ttl", "forever"]).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bad.status.code(), Some(2), "{}", String::from_utf8_lossy(&bad.stderr));
    // A misspelt role, a person that is not an id or an organisation that is not a slug mints nothing (issue 17).
    for (flag, value, named) in [
        ("--roles", "reader,aprover", "aprover"),
        ("--person", "Philip Seccombe", "Philip Seccombe"),
        ("--org", "West Mercia OPCC", "West Mercia OPCC"),
    ] {
        let mut args = vec!["token", "--org", "west-mercia-opcc"];
        if flag == "--org" {
            args.truncate(1);
        }
        args.extend([flag, value]);
        let refused = governance(&dir).args(&args).output().unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!((refused.status.code(), refused.stdout.is_empty()), (Some(2), true), "{flag}: {stderr}");
        assert!(stderr.contains(named), "{flag}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 17: a token for an organisation the registry does not hold, or for a person who is not one
/// of the organisation's people, is refused with one line saying why (exit 2, nothing printed).
#[test]
fn token_refuses_organisations_and_people_the_registry_does_not_hold() {
    let dir = temp_dir("token-registry");
    let refused = |args: &[&str], named: &[&str]| {
        let output = governance(&dir).arg("token").args(args).output().unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!((output.status.code(), output.stdout.is_empty()), (Some(2), true), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        for name in named {
            assert!(stderr.contains(name), "{args:?}: {name} is not named: {stderr}");
        }
    };
    // An empty database (created and migrated by the command) registers nobody: the message says how.
    refused(&["--org", "west-mercia-opcc"], &["west-mercia-opcc", "governance demo-data"]);
    load_demo_data(&dir);
    refused(&["--org", "x", "--roles", "system_admin"], &["--org x", "governance demo-data"]);

    let db = persistence::Database::connect(&dir.join("data/governance.sqlite3").to_string_lossy(), 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
    let mut person = |name: &str| {
        persistence::registry::find_person_by_name(&mut conn, name)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("{name} is not in the demo data"))
            .id
            .to_string()
    };
    let (campion, seccombe, hall) = (person("John Campion"), person("Philip Seccombe"), person("Elizabeth Hall"));
    let minted = |org: &str, person: &str| {
        let output = governance(&dir)
            .args(["token", "--org", org, "--roles", "approver", "--person", person])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(output.status.success(), "{org} {person}: {}", String::from_utf8_lossy(&output.stderr));
    };
    // The PCC holds the office West Mercia's OPCC serves; the joint treasurer is maintained by West
    // Mercia's OPCC and holds Warwickshire's treasurer post too.
    minted("west-mercia-opcc", &campion);
    minted("west-mercia-opcc", &hall);
    minted("warwickshire-opcc", &hall);
    refused(&["--org", "west-mercia-opcc", "--person", &seccombe], &["Philip Seccombe", "west-mercia-opcc"]);
    let nobody = "00000000-0000-4000-8000-000000000000";
    refused(&["--org", "west-mercia-opcc", "--person", nobody], &[nobody, "no person"]);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn openapi_prints_the_committed_document() {
    let dir = temp_dir("openapi");
    let output = governance(&dir).arg("openapi").output().unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null);
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap_or(serde_json::Value::Null);
    assert!(printed == committed, "regenerate openapi/openapi.json with `cargo run -q -p governance-api -- openapi`");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn demo_data_loads_into_an_sqlite_file_and_a_second_run_writes_nothing() {
    let dir = temp_dir("demo");
    let first = governance(&dir).arg("demo-data").output().unwrap_or_else(|e| panic!("{e}"));
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(dir.join("data/governance.sqlite3").exists());
    let second = governance(&dir).arg("demo-data").output().unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(stdout.contains("0 written"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_readme_documents_every_setting() {
    let readme = include_str!("../../README.md");
    for (variable, _, _) in governance_api::config::SETTINGS {
        assert!(readme.contains(&format!("`{variable}`")), "README.md does not document {variable}");
    }
}

/// `governance export` writes a kind as NDJSON from one snapshot, and says on standard error which
/// change-feed position to follow on from; an unknown kind is refused naming it.
#[test]
fn export_writes_a_kind_as_ndjson_with_the_feed_cursor() {
    let dir = temp_dir("export");
    load_demo_data(&dir);
    let output = governance(&dir).args(["export", "forces"]).output().unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let forces: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line {line:?}: {e}")))
        .collect();
    assert!(forces.iter().any(|f| f["slug"] == "west-mercia"), "{forces:?}");
    let cursor: i64 = stderr
        .strip_prefix("feed cursor: ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no feed cursor: {stderr}"));
    assert!(cursor > 0, "the demo data is audited: {stderr}");
    let refused = governance(&dir).args(["export", "minutes"]).output().unwrap_or_else(|e| panic!("{e}"));
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("minutes"));
    let _ = std::fs::remove_dir_all(&dir);
}
