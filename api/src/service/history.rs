//! Bitemporal reads (R-TM-06): a record as the service held it at an instant (`known_at`), beside
//! `as_of` (what was true in the world on a day). The state after each audited change is kept in
//! `record_history` by the write path (see [`snapshot`]); a read with `known_at` first reads the
//! record now, with the caller's rights now, then answers the state kept at that instant.

use actix_web::web::Bytes;
use chrono::{DateTime, NaiveDateTime, Utc};
use domain::access::{Action, Principal, Resource, ResourceKind};
use persistence::boards::{decision_store, meeting_store, minutes_store};
use persistence::delegations::delegation_store;
use persistence::history::{self as store, KnownAt, Snapshot};
use persistence::registry::appointment_store;
use persistence::Change;
use persistence::DbConnection;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::convert::{self, instant};
use crate::error::ApiError;
use crate::service::agreements::cache::AgreementCache;
use crate::service::{agreements, allow, appointments, decisions, delegations, minutes};

/// The kinds whose history is kept, as the audit log names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptKind {
    Agreement,
    Decision,
    Minutes,
    Delegation,
    Appointment,
}

impl KeptKind {
    /// The kinds kept, by the resource kind the audit log names them with.
    const ALL: [(KeptKind, ResourceKind); 5] = [
        (KeptKind::Agreement, ResourceKind::CollaborationAgreement),
        (KeptKind::Decision, ResourceKind::Decision),
        (KeptKind::Minutes, ResourceKind::Minutes),
        (KeptKind::Delegation, ResourceKind::Delegation),
        (KeptKind::Appointment, ResourceKind::Appointment),
    ];

    pub fn of(resource_type: &str) -> Option<KeptKind> {
        Self::ALL.iter().find(|(_, kind)| kind.as_str() == resource_type).map(|(kept, _)| *kept)
    }

    fn resource_type(self) -> &'static str {
        Self::ALL.iter().find(|(kept, _)| *kept == self).map_or("", |(_, kind)| kind.as_str())
    }
}

/// The write path's [`persistence::history::HistoryHook`]: the changed record's representation in
/// full, and redacted where those without exempt access see less, built by the same views reads use.
/// Where there is nothing to redact and `latest` (the transaction's last change of the record)
/// answered that very representation of the record's version, its body is the state, unread again.
pub fn snapshot(conn: &mut DbConnection, latest: &Change) -> Result<Option<Snapshot>, diesel::result::Error> {
    let (Some(kind), Ok(id)) = (KeptKind::of(latest.resource_type), latest.resource_id.parse::<Uuid>()) else {
        return Ok(None);
    };
    if let Some(snapshot) = answered(kind, id, latest) {
        return Ok(Some(snapshot));
    }
    state_of(conn, kind, id).map_err(|e| diesel::result::Error::QueryBuilderError(e.to_string().into()))
}

/// `latest`'s body as the kept state, when it is the full representation (no redacted form exists for
/// the kind) of the record at the version the change reports.
fn answered(kind: KeptKind, id: Uuid, latest: &Change) -> Option<Snapshot> {
    fn is<T: DeserializeOwned>(body: &str, of: impl Fn(&T) -> (Uuid, i64), id: Uuid, version: i64) -> bool {
        serde_json::from_str::<T>(body).is_ok_and(|view| of(&view) == (id, version))
    }
    /// An agreement's identity and version, and the parts only its full representation has, read
    /// without building the rest (a transfer keeps tens of thousands of agreements at once).
    #[derive(Deserialize)]
    struct AgreementHead {
        id: Uuid,
        version: i64,
        #[serde(rename = "parties")]
        _parties: serde::de::IgnoredAny,
        #[serde(rename = "provisions")]
        _provisions: serde::de::IgnoredAny,
        #[serde(rename = "approvals")]
        _approvals: serde::de::IgnoredAny,
    }
    let version = latest.version?;
    let body = latest.body.as_str();
    let whole = match kind {
        KeptKind::Agreement => is(body, |v: &AgreementHead| (v.id, v.version), id, version),
        KeptKind::Delegation => is(body, |v: &openapi::delegations::Delegation| (v.id, v.version), id, version),
        KeptKind::Appointment => is(body, |v: &openapi::registry::Appointment| (v.id, v.version), id, version),
        // Exempt content makes a second, redacted form: built by their views.
        KeptKind::Decision | KeptKind::Minutes => false,
    };
    whole.then_some(Snapshot { version, body: None, redacted_body: None })
}

fn state_of(conn: &mut DbConnection, kind: KeptKind, id: Uuid) -> Result<Option<Snapshot>, ApiError> {
    match kind {
        KeptKind::Agreement => {
            let Some(aggregate) = persistence::agreements::load(conn, id.into())? else { return Ok(None) };
            let view = crate::service::agreements::representation(conn, &aggregate)?;
            kept(view.version, &view, None::<&()>)
        }
        KeptKind::Decision => {
            let Some(row) = decision_store::find(conn, id.into())? else { return Ok(None) };
            let full = decisions::decision_view(conn, row.clone(), true)?;
            let shell = decisions::decision_view(conn, row, false)?;
            let redacted = shell.redacted.then_some(&shell);
            kept(full.version, &full, redacted)
        }
        KeptKind::Minutes => {
            let Some(row) = minutes_store::find(conn, id.into())? else { return Ok(None) };
            let meeting = meeting_store::find(conn, row.meeting_id)?
                .ok_or_else(|| ApiError::Internal("minutes without their meeting".into()))?;
            let full = minutes::minutes_view(conn, row.clone(), meeting.board_id, true)?;
            let shell = minutes::minutes_view(conn, row, meeting.board_id, false)?;
            let redacted = shell.entries.iter().any(|e| e.redacted).then_some(&shell);
            kept(full.version, &full, redacted)
        }
        KeptKind::Delegation => {
            let Some(row) = delegation_store::find(conn, id.into())? else { return Ok(None) };
            let view = convert::delegation(row)?;
            kept(view.version, &view, None::<&()>)
        }
        KeptKind::Appointment => {
            let Some(row) = appointment_store::find(conn, id.into())? else { return Ok(None) };
            let view = convert::appointment(row)?;
            kept(view.version, &view, None::<&()>)
        }
    }
}

fn kept<T: Serialize, R: Serialize>(
    version: i64,
    full: &T,
    redacted: Option<&R>,
) -> Result<Option<Snapshot>, ApiError> {
    let body = serde_json::to_string(full).map_err(|e| ApiError::Internal(e.to_string()))?;
    let redacted_body =
        redacted.map(|r| serde_json::to_string(r).map_err(|e| ApiError::Internal(e.to_string()))).transpose()?;
    Ok(Some(Snapshot { version, body: Some(body), redacted_body }))
}

/// What decides who could read a kept state as it then stood, read from it without building the
/// whole document (the rest of it is skipped).
#[derive(Debug, Default, Deserialize)]
struct KeptFacts {
    /// An agreement's publication records (published once it has one).
    publications: Option<serde_json::Value>,
    /// A decision's agreement.
    agreed: Option<serde_json::Value>,
    /// Minutes' status.
    status: Option<serde_json::Value>,
}

/// Whether an agreement's kept state was published.
fn published(state: &KeptFacts) -> bool {
    state.publications.as_ref().and_then(serde_json::Value::as_array).is_some_and(|records| !records.is_empty())
}

/// Whether the agreement kept as `body` was published then.
pub(crate) fn published_in(body: &str) -> Result<bool, ApiError> {
    let state: KeptFacts = serde_json::from_str(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(published(&state))
}

/// A representation to answer: its version and its JSON.
pub struct Held {
    pub version: i64,
    pub body: Bytes,
}

/// The record `id` of `kind` as the service held it at `at`, as the caller may read it. The record
/// is first read now by its own rules (404 to a caller who may not read it); the state kept at `at`
/// is then answered only if the caller could read the record as it then stood (e.g. minutes
/// published now were drafts then, which only the board's member organisations could read), with
/// its exempt content redacted as now for this caller.
pub fn read_known_at(
    conn: &mut DbConnection,
    principal: &Principal,
    kind: KeptKind,
    id: Uuid,
    at: DateTime<Utc>,
    cache: &AgreementCache,
) -> Result<Held, ApiError> {
    match kind {
        KeptKind::Agreement => {
            // Through the cache, as the plain read is, with the kept state found in the same
            // statement as the cache's freshness (and read once: kept states never change).
            let (snapshot, kept) = agreements::read_visible_kept_at(conn, principal, id.into(), at.naive_utc(), cache)?;
            let readable_then = |published: bool| {
                allow(principal, Action::Read, &Resource { public: published, ..snapshot.resource.clone() })
            };
            if let Some(kept) = kept {
                readable_then(kept.published)?;
                return Ok(Held { version: kept.version, body: kept.body.clone() });
            }
            let known = store::unrecorded(conn, kind.resource_type(), &id.to_string())?;
            let updated_at = instant(snapshot.aggregate.agreement.updated_at);
            held_at(
                conn,
                known,
                at,
                true,
                updated_at,
                |state| readable_then(published(state)),
                |conn| {
                    let (body, _) = snapshot.body(conn, crate::service::today())?;
                    Ok(Held { version: snapshot.aggregate.agreement.version, body })
                },
            )
        }
        KeptKind::Decision => {
            let (row, board) = decisions::decision_scope(conn, principal, id.into(), Action::Read)?;
            let sees_exempt = board.sees_exempt(conn, principal)?;
            let updated_at = instant(row.updated_at);
            let then = |state: &KeptFacts| {
                let agreed = state.agreed.as_ref().and_then(serde_json::Value::as_bool).unwrap_or(false);
                allow(principal, Action::Read, &board.resource(decisions::KIND, board.board.public && agreed))
            };
            let known = known_at(conn, kind, id, at)?;
            held_at(conn, known, at, sees_exempt, updated_at, then, |conn| {
                let view = decisions::decision_view(conn, row, sees_exempt)?;
                Held::of(view.version, &view)
            })
        }
        KeptKind::Minutes => {
            let (row, scope) = minutes::minutes_scope(conn, principal, id.into(), Action::Read)?;
            let sees_exempt = scope.board.sees_exempt(conn, principal)?;
            let updated_at = instant(row.updated_at);
            let board = &scope.board;
            let then = |state: &KeptFacts| {
                let published = state.status.as_ref().and_then(serde_json::Value::as_str) == Some("published");
                allow(principal, Action::Read, &board.resource(minutes::KIND, board.board.public && published))
            };
            let known = known_at(conn, kind, id, at)?;
            held_at(conn, known, at, sees_exempt, updated_at, then, |conn| {
                let view = minutes::minutes_view(conn, row, board.board.id, sees_exempt)?;
                Held::of(view.version, &view)
            })
        }
        KeptKind::Delegation => {
            let view = delegations::get_delegation(conn, principal, id)?;
            let updated_at = view.updated_at;
            let known = known_at(conn, kind, id, at)?;
            held_at(conn, known, at, true, updated_at, |_| Ok(()), |_| Held::of(view.version, &view))
        }
        KeptKind::Appointment => {
            let view = appointments::get_appointment(conn, principal, id)?;
            let updated_at = view.updated_at;
            let known = known_at(conn, kind, id, at)?;
            held_at(conn, known, at, true, updated_at, |_| Ok(()), |_| Held::of(view.version, &view))
        }
    }
}

impl Held {
    fn of<T: Serialize>(version: i64, view: &T) -> Result<Held, ApiError> {
        let body = serde_json::to_vec(view).map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(Held { version, body: body.into() })
    }
}

/// What the service held of record `id` of `kind` at `at`.
fn known_at(conn: &mut DbConnection, kind: KeptKind, id: Uuid, at: DateTime<Utc>) -> Result<KnownAt, ApiError> {
    Ok(store::known_at(conn, kind.resource_type(), &id.to_string(), at.naive_utc())?)
}

/// The state `known` at `at` as the caller may read it: the kept state if the caller could read the
/// record as it then stood, else the current one when it has not changed since.
fn held_at(
    conn: &mut DbConnection,
    known: KnownAt,
    at: DateTime<Utc>,
    sees_exempt: bool,
    updated_at: DateTime<Utc>,
    readable_then: impl Fn(&KeptFacts) -> Result<(), ApiError>,
    current: impl FnOnce(&mut DbConnection) -> Result<Held, ApiError>,
) -> Result<Held, ApiError> {
    let instant = at.naive_utc();
    match known {
        KnownAt::Recorded(row) => {
            let state: KeptFacts = serde_json::from_str(&row.body).map_err(|e| ApiError::Internal(e.to_string()))?;
            readable_then(&state)?;
            let body = if sees_exempt { row.body } else { row.redacted_body.unwrap_or(row.body) };
            Ok(Held { version: row.version, body: body.into() })
        }
        KnownAt::NotYetHeld => Err(ApiError::NotFound),
        KnownAt::NotKeptBefore(from) => Err(not_kept(from)),
        KnownAt::Unkept { last_change } => {
            // Unchanged since history began: its current state is the one held since its last
            // change (the audit event's instant, or its own `updated_at` if loaded without one).
            let since = last_change.map_or(updated_at.naive_utc(), |last| last.max(updated_at.naive_utc()));
            if instant < since {
                return Err(not_kept(since));
            }
            current(conn)
        }
    }
}

fn not_kept(from: NaiveDateTime) -> ApiError {
    let from = instant(from).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    ApiError::Unprocessable {
        code: "known_at.not_kept",
        detail: format!("the record's state before {from} was not kept; ask about {from} or later"),
        errors: vec![openapi::FieldError {
            pointer: "/query/known_at".into(),
            code: "not_kept".into(),
            message: format!("no state of this record is kept before {from}"),
        }],
    }
}
