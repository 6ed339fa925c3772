//! Holding to account (seed 004): questions put at a meeting to an office, their answers, and the
//! actions raised to follow them up; a board's and an office's lists of open questions.

use actix_web::{web, HttpResponse};
use domain::boards::QuestionStatus;
use openapi::boards::{Action, NewAction};
use openapi::questions::{NewAnswer, NewQuestion, Question, QuestionList};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, PagingQuery, QueryParams};
use crate::service::questions;

/// Narrows the questions put to one office.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OfficeQuestionQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// `open` (no answer recorded yet) or `answered`.
    #[param(inline)]
    pub status: Option<QuestionStatus>,
}

/// Narrows a board's questions.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuestionQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// `open` (no answer recorded yet) or `answered`.
    #[param(inline)]
    pub status: Option<QuestionStatus>,
    /// Put to this corporation sole (the office held to account).
    pub put_to: Option<Uuid>,
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/questions", operation_id = "create_question", tag = "boards",
    summary = "Record a question put at a holding-to-account meeting",
    description = "Records a question put at the meeting to an office held to account (seed 004), optionally \
        under an agenda item and citing the published paper. The office must exist on the meeting day (R-TM-01).",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewQuestion, responses((status = 201, description = "The question, numbered in the order put", body = Question)))]
pub async fn create_question(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewQuestion>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| questions::create_question(tx, principal, id, new)).await
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}/questions", operation_id = "list_meeting_questions", tag = "boards",
    summary = "List the questions put at a meeting",
    description = "The questions put at the meeting, in order. Members of the board's organisations see them all; \
        others who may read the meeting see them once its minutes are published, without the text of \
        questions on exempt agenda items.",
    params(("id" = Uuid, Path, description = "Meeting id"), PagingQuery),
    responses((status = 200, description = "The meeting's questions with their answers", body = QuestionList)))]
pub async fn list_meeting_questions(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<PagingQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list = ctx.read(move |conn, principal| questions::list_meeting_questions(conn, principal, id, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/questions/{id}", operation_id = "get_question", tag = "boards",
    summary = "Read one question with its answers",
    description = "One question with its answers and follow-up actions. Outside the board's member organisations it is found once the meeting's minutes are published; the text of a question on an exempt item only for the roles the board grants (R-PB-03).",
    params(("id" = Uuid, Path, description = "Question id")),
    responses((status = 200, description = "The question with its answers and follow-up actions", body = Question)))]
pub async fn get_question(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| questions::get_question(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/questions/{id}/answers", operation_id = "add_question_answer", tag = "boards",
    summary = "Record an answer to a question",
    description = "Records an answer (its text, or the paper that holds it) given on the meeting day or later. \
       ",
    params(("id" = Uuid, Path, description = "Question id")),
    request_body = NewAnswer, responses((status = 201, description = "The question, now answered", body = Question)))]
pub async fn add_question_answer(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewAnswer>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| questions::add_question_answer(tx, principal, id, new)).await
}

#[utoipa::path(post, path = "/api/v1/questions/{id}/follow-up-actions", operation_id = "create_question_follow_up_action", tag = "boards",
    summary = "Raise a follow-up action for a question",
    description = "Raises an action at the question's meeting to follow it up (\"ACTION: DCC to review...\"), \
        under the question's agenda item unless another is named, and links it to the question.",
    params(("id" = Uuid, Path, description = "Question id")),
    request_body = NewAction, responses((status = 201, description = "The action raised", body = Action)))]
pub async fn create_question_follow_up_action(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewAction>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| questions::create_question_follow_up_action(tx, principal, id, new))
        .await
}

#[utoipa::path(get, path = "/api/v1/boards/{id}/questions", operation_id = "list_board_questions", tag = "boards",
    summary = "List a board's questions",
    description = "The board's questions, oldest first, e.g. `?status=open&put_to={chief constable}`. \
        Non-members see those of meetings whose minutes are published.",
    params(("id" = Uuid, Path, description = "Board id"), QuestionQuery),
    responses((status = 200, description = "A page of the board's questions", body = QuestionList)))]
pub async fn list_board_questions(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<QuestionQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let q = query.0;
    let page = Paging { limit: q.limit, cursor: q.cursor }.request()?;
    let filter = questions::status_filter(q.status, q.put_to);
    let list =
        ctx.read(move |conn, principal| questions::list_board_questions(conn, principal, id, filter, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/corporations-sole/{id}/questions", operation_id = "list_corporation_sole_questions", tag = "boards",
    summary = "List the questions put to an office",
    description = "The questions put to this office on every board the caller may read, oldest first \
        A page holds only what the caller may see, so it \
        may be shorter than `limit` and still have a next page.",
    params(("id" = Uuid, Path, description = "Corporation sole id"), OfficeQuestionQuery),
    responses((status = 200, description = "A page of the questions put to the office", body = QuestionList)))]
pub async fn list_corporation_sole_questions(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<OfficeQuestionQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let q = query.0;
    let page = Paging { limit: q.limit, cursor: q.cursor }.request()?;
    let filter = questions::status_filter(q.status, None);
    let list = ctx
        .read(move |conn, principal| questions::list_corporation_sole_questions(conn, principal, id, filter, page))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
