//! `/api/v1/boards`: governance bodies, their names over time, owners, terms of reference, quorum
//! rule and memberships; the board's meeting calendar. Shared helpers for the other board
//! capabilities (meetings, minutes, actions, decisions) live here too: how a board's records are
//! described to the access policy, and who sees exempt content.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::access::{list_scope, Action, Resource, ResourceKind};
use domain::boards::{check_quorum_rule, check_sha256, QuorumRule};
use domain::rules::{check_period, check_text};
use domain::{Period, RuleViolation};
use openapi::boards::{
    Board, BoardList, BoardUpdate, Membership, MembershipList, NewBoard, NewMembership, NewTermsOfReference,
};
use openapi::registry::EndRequest;
use persistence::boards::{self as store, *};
use persistence::registry::{collaboration_store, post_store, Versioned};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::{versioned_change, RequestContext};
use crate::convert::stored;
use crate::error::ApiError;
use crate::extract::Paging;
use crate::extract::{encode_cursor, path_id, JsonBody, QueryParams};
use crate::service::boards::{
    board_view, check_corporation_sole, check_person, membership_view, new_id, now, touch, BoardScope, KIND,
};
use crate::service::{allow, check_version, refuse_if_any, save, LOCATION_PREFIX};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Corporation sole id: boards it owns.
    pub owner: Option<Uuid>,
    /// Collaboration id.
    pub collaboration: Option<Uuid>,
    /// Parent board id: its sub-groups.
    pub parent: Option<Uuid>,
    /// Case-insensitive text in the current name.
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/boards", operation_id = "list_boards", tag = "boards",
    params(BoardQuery), responses((status = 200, description = "A page of the boards visible to the caller", body = BoardList)))]
pub async fn list_boards(ctx: RequestContext, query: QueryParams<BoardQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = BoardFilter {
        owner_corporation_sole_id: query.owner.map(|o| o.to_string()),
        collaboration_id: query.collaboration.map(|c| c.to_string()),
        parent_board_id: query.parent.map(|p| p.to_string()),
        q: query.q,
    };
    let list = ctx
        .read(move |conn, principal| {
            let scope = list_scope(principal, KIND)?;
            let page = store::list_boards(conn, scope, &filter, &page)?;
            let mut items = Vec::with_capacity(page.items.len());
            for row in page.items {
                items.push(board_view(conn, row)?);
            }
            Ok(BoardList { items, next_cursor: encode_cursor(page.next_cursor) })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/boards/{id}", operation_id = "get_board", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id")),
    responses((status = 200, description = "The board", body = Board)))]
pub async fn get_board(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let found = ctx
        .read(move |conn, principal| {
            let scope = BoardScope::load(conn, &id)?;
            allow(principal, Action::Read, &scope.resource(KIND, scope.board.public))?;
            board_view(conn, scope.board)
        })
        .await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/boards", operation_id = "create_board", tag = "boards",
    request_body = NewBoard, responses((status = 201, description = "Created", body = Board)))]
pub async fn create_board(ctx: RequestContext, body: JsonBody<NewBoard>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let mut violations = check_text(&new.name, "/name", 200);
        violations.extend(check_quorum_rule(new.quorum_rule, new.quorum_count));
        if new.owners.is_empty() {
            violations.push(RuleViolation::new(
                "required",
                "/owners",
                "a board has at least one owning corporation sole",
            ));
        }
        for (n, owner) in new.owners.iter().enumerate() {
            if new.owners[..n].contains(owner) {
                violations.push(RuleViolation::new("duplicate", format!("/owners/{n}"), "named twice"));
            }
        }
        refuse_if_any([violations])?;
        for (n, owner) in new.owners.iter().enumerate() {
            check_corporation_sole(tx, *owner, &format!("/owners/{n}"))?;
        }
        if let Some(parent) = new.parent_board_id {
            board_store::find(tx, &parent.to_string())?
                .ok_or_else(|| ApiError::unknown_reference("/parent_board_id", "board"))?;
        }
        if let Some(collaboration) = new.collaboration_id {
            collaboration_store::find(tx, &collaboration.to_string())?
                .ok_or_else(|| ApiError::unknown_reference("/collaboration_id", "collaboration"))?;
        }
        let now = now();
        let row = BoardRow {
            id: new_id(),
            name: new.name.trim().to_string(),
            kind: new.kind.as_str().into(),
            parent_board_id: new.parent_board_id.map(|p| p.to_string()),
            collaboration_id: new.collaboration_id.map(|c| c.to_string()),
            quorum_rule: new.quorum_rule.as_str().into(),
            quorum_count: new.quorum_count.map(i64::from),
            public: new.public,
            ends_on: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        board_store::insert(tx, &row)?;
        for owner in &new.owners {
            board_owner_store::insert(
                tx,
                &BoardOwnerRow {
                    id: new_id(),
                    board_id: row.id.clone(),
                    corporation_sole_id: owner.to_string(),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                },
            )?;
        }
        // The policy decides once the owners (and so the parties) are known; a refusal rolls back.
        let scope = BoardScope::load(tx, &row.id)?;
        allow(principal, Action::Create, &scope.resource(KIND, true))?;
        board_name_store::insert(
            tx,
            &BoardNameRow {
                id: new_id(),
                board_id: row.id.clone(),
                name: row.name.clone(),
                starts_on: new.established_on,
                ends_on: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        store::start_decision_sequence(tx, &row.id)?;
        let location = format!("{LOCATION_PREFIX}/boards/{}", row.id);
        let id = row.id.clone();
        versioned_change("create", KIND, &id, row.version, &board_view(tx, row)?, Some(location))
    })
    .await
}

#[utoipa::path(patch, path = "/api/v1/boards/{id}", operation_id = "update_board", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = BoardUpdate, responses((status = 200, description = "Updated", body = Board)))]
pub async fn update_board(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<BoardUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| {
        let BoardScope { mut board, parties } = BoardScope::load(tx, &id)?;
        allow(principal, Action::Update, &Resource { kind: KIND, owner: None, parties, public: board.public })?;
        check_version(&board, expected)?;
        if let Some(name) = &patch.name {
            refuse_if_any([check_text(name, "/name", 200)])?;
            let renamed_on = patch.renamed_on.ok_or_else(|| {
                ApiError::Rules(vec![RuleViolation::new(
                    "required",
                    "/renamed_on",
                    "give the day the new name took effect",
                )])
            })?;
            let mut names = store::board_names_of(tx, &board.id)?;
            if let Some(current) = names.iter_mut().rev().find(|n| n.ends_on.is_none()) {
                let ends_on = renamed_on.pred_opt().unwrap_or(renamed_on);
                refuse_if_any([check_period(&Period::new(current.starts_on, Some(ends_on)), "/renamed_on")])?;
                current.ends_on = Some(ends_on);
                let v = current.version();
                save(tx, current, v, board_name_store::update_versioned)?;
            }
            let now = now();
            board_name_store::insert(
                tx,
                &BoardNameRow {
                    id: new_id(),
                    board_id: board.id.clone(),
                    name: name.trim().to_string(),
                    starts_on: renamed_on,
                    ends_on: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            board.name = name.trim().to_string();
        }
        if let Some(public) = patch.public {
            board.public = public;
        }
        if patch.quorum_rule.is_some() || patch.quorum_count.is_some() {
            let rule = match patch.quorum_rule {
                Some(rule) => rule,
                None => stored(QuorumRule::parse(&board.quorum_rule), "quorum rule", &board.quorum_rule)?,
            };
            let count = patch.quorum_count.or_else(|| {
                if rule == QuorumRule::VotingMembers {
                    board.quorum_count.and_then(|n| u32::try_from(n).ok())
                } else {
                    None
                }
            });
            refuse_if_any([check_quorum_rule(rule, count)])?;
            board.quorum_rule = rule.as_str().into();
            board.quorum_count = count.map(i64::from);
        }
        save(tx, &mut board, expected, board_store::update_versioned)?;
        let id = board.id.clone();
        versioned_change("update", KIND, &id, board.version, &board_view(tx, board)?, None)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/terms-of-reference", operation_id = "add_board_terms_of_reference", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = NewTermsOfReference, responses((status = 201, description = "The board with its new terms of reference", body = Board)))]
pub async fn add_board_terms_of_reference(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewTermsOfReference>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let BoardScope { mut board, parties } = BoardScope::load(tx, &id)?;
        allow(principal, Action::Update, &Resource { kind: KIND, owner: None, parties, public: board.public })?;
        refuse_if_any([
            check_text(&new.version_label, "/version_label", 40),
            check_text(&new.title, "/title", 300),
            check_text(&new.uri, "/uri", 2000),
            check_sha256(&new.sha256, "/sha256"),
        ])?;
        let now = now();
        board_terms_store::insert(
            tx,
            &BoardTermsRow {
                id: new_id(),
                board_id: board.id.clone(),
                version_label: new.version_label,
                title: new.title,
                uri: new.uri,
                sha256: new.sha256,
                adopted_on: new.adopted_on,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        touch(tx, &mut board, board_store::update_versioned)?;
        let location = format!("{LOCATION_PREFIX}/boards/{}", board.id);
        let id = board.id.clone();
        versioned_change("add_terms_of_reference", KIND, &id, board.version, &board_view(tx, board)?, Some(location))
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MembershipQuery {
    /// Only memberships in effect on this day.
    pub as_of: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/boards/{id}/memberships", operation_id = "list_board_memberships", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id"), MembershipQuery),
    responses((status = 200, description = "The board's memberships (visible with the board: office holders are public)", body = MembershipList)))]
pub async fn list_board_memberships(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<MembershipQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let as_of = query.0.as_of;
    let list = ctx
        .read(move |conn, principal| {
            let scope = BoardScope::load(conn, &id)?;
            allow(principal, Action::Read, &scope.resource(KIND, scope.board.public))?;
            let rows = store::board_memberships_of(conn, &id)?;
            let items = rows
                .into_iter()
                .filter(|m| as_of.is_none_or(|day| Period::new(m.starts_on, m.ends_on).contains(day)))
                .map(membership_view)
                .collect::<Result<_, _>>()?;
            Ok(MembershipList { items, next_cursor: None })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/memberships", operation_id = "add_board_membership", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = NewMembership, responses((status = 201, description = "Created", body = Membership)))]
pub async fn add_board_membership(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMembership>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let scope = BoardScope::load(tx, &id)?;
        allow(principal, Action::Update, &scope.resource(KIND, scope.board.public))?;
        refuse_if_any([check_period(&Period::new(new.starts_on, new.ends_on), "")])?;
        match (new.person_id, new.post_id) {
            (Some(person), None) => check_person(tx, person, "/person_id")?,
            (None, Some(post)) => {
                post_store::find(tx, &post.to_string())?
                    .ok_or_else(|| ApiError::unknown_reference("/post_id", "post"))?;
            }
            _ => {
                return Err(ApiError::Rules(vec![RuleViolation::new(
                    "membership.holder",
                    "/person_id",
                    "give exactly one of person_id and post_id",
                )]))
            }
        }
        if let Some(cs) = new.corporation_sole_id {
            check_corporation_sole(tx, cs, "/corporation_sole_id")?;
        }
        let now = now();
        let row = MembershipRow {
            id: new_id(),
            board_id: id.clone(),
            person_id: new.person_id.map(|p| p.to_string()),
            post_id: new.post_id.map(|p| p.to_string()),
            role: new.role.as_str().into(),
            corporation_sole_id: new.corporation_sole_id.map(|c| c.to_string()),
            voting: new.voting,
            starts_on: new.starts_on,
            ends_on: new.ends_on,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        membership_store::insert(tx, &row)?;
        let location = format!("{LOCATION_PREFIX}/boards/{id}/memberships/{}", row.id);
        let membership_id = row.id.clone();
        versioned_change(
            "create",
            ResourceKind::Board,
            &membership_id,
            row.version,
            &membership_view(row)?,
            Some(location),
        )
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/memberships/{membership_id}/end", operation_id = "end_board_membership", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id"), ("membership_id" = Uuid, Path, description = "Membership id")),
    request_body = EndRequest, responses((status = 200, description = "Ended", body = Membership)))]
pub async fn end_board_membership(
    ctx: RequestContext,
    path: web::Path<(String, String)>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, membership_id) = path.into_inner();
    let (id, membership_id) = (path_id(&id)?.to_string(), path_id(&membership_id)?.to_string());
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    ctx.change(move |tx, principal| {
        let scope = BoardScope::load(tx, &id)?;
        allow(principal, Action::Update, &scope.resource(KIND, scope.board.public))?;
        let mut row =
            membership_store::find(tx, &membership_id)?.filter(|m| m.board_id == id).ok_or(ApiError::NotFound)?;
        refuse_if_any([check_period(&Period::new(row.starts_on, Some(ends_on)), "")])?;
        row.ends_on = Some(ends_on);
        save(tx, &mut row, expected, membership_store::update_versioned)?;
        let membership_id = row.id.clone();
        versioned_change(
            "end",
            ResourceKind::BoardMembership,
            &membership_id,
            row.version,
            &membership_view(row)?,
            None,
        )
    })
    .await
}

/// `GET /boards/{id}/meetings.ics`: the board's meetings as an RFC 5545 calendar.
#[utoipa::path(get, path = "/api/v1/boards/{id}/meetings.ics", operation_id = "get_board_calendar", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id")),
    responses((status = 200, description = "The board's meetings as iCalendar (RFC 5545), times in Europe/London",
        content_type = "text/calendar", body = String)))]
pub async fn get_board_calendar(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let body = ctx
        .read(move |conn, principal| {
            let scope = BoardScope::load(conn, &id)?;
            allow(principal, Action::Read, &scope.resource(ResourceKind::Meeting, scope.board.public))?;
            let meetings = store::meetings_by_start(conn, &id)?;
            let events = meetings
                .iter()
                .map(|m| crate::ical::Event {
                    uid: format!("{}@governance", m.id),
                    starts_at: m.starts_at,
                    ends_at: m.ends_at,
                    summary: scope.board.name.clone(),
                    location: m.venue.clone(),
                    cancelled: m.status == "cancelled",
                    stamp: m.updated_at,
                    sequence: m.version,
                })
                .collect::<Vec<_>>();
            Ok(crate::ical::calendar(&scope.board.name, &events))
        })
        .await?;
    let tag = format!("\"{}\"", &domain::audit::state_digest(body.as_bytes())[..32]);
    if ctx.if_none_match_names(&tag) {
        return Ok(HttpResponse::NotModified().insert_header((actix_web::http::header::ETAG, tag)).finish());
    }
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((actix_web::http::header::ETAG, tag))
        .body(body))
}
