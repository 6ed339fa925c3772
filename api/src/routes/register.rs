//! `GET /api/v1/public/...`: the public register, the same for every caller and cacheable by any
//! proxy in front of the service. Each JSON page has an Atom (RFC 4287) feed at the same path with
//! `.atom` appended (as the calendars append `.ics`): its newest entries, by when they last changed.

use actix_web::{http::header, HttpResponse};
use openapi::forward_plan::PublicForwardPlan;
use openapi::interests::{PublicGiftRegister, PublicInterestRegister};
use openapi::register::{AgreementRegister, MeetingRegister, RecordOfDecisionRegister};
use persistence::register::MeetingRegisterFilter;
use persistence::repository::Window;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::atom;
use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{page_limit, Paging, QueryParams};
use crate::service::register::RecordRegisterFilter;
use crate::service::{forward_plan, interests, register, LOCATION_PREFIX};

/// How long a shared cache may serve a page of the register before asking again (with its ETag).
const SHARED_CACHE_SECONDS: u32 = 60;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// Only agreements this corporation sole is party to (entries it decides, on the forward plan).
    pub corporation_sole: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/public/agreements", operation_id = "list_public_agreements", tag = "agreements",
    params(RegisterQuery),
    summary = "The public register of executed agreements",
    description = "Every section 22A agreement that all its parties have signed (signed, in force, superseded, \
        terminated or expired), as the Specified Information Order asks policing bodies to publish: where its \
        text is published, with a link to it; where not (yet), a notice that it exists, with its reference, title, \
        parties, the day it was executed and its dates. The same for every caller, so it carries `Cache-Control: \
        public` and an `ETag` (answered 304 to `If-None-Match`): a CDN or proxy may serve it to the public.",
    responses(
        (status = 200, description = "Executed agreements in id order", body = AgreementRegister,
            headers(("ETag" = String, description = "Entity tag of the page"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The page has not changed since the ETag given in `If-None-Match`")))]
pub async fn list_public_agreements(
    ctx: RequestContext,
    query: QueryParams<RegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let party = query.corporation_sole.map(Into::into);
    let register = ctx.read(move |conn, _| register::agreement_register(conn, party, Window::Page(page))).await?;
    cacheable(&ctx, &register)
}

/// A page of the register as JSON with its ETag (304 to `If-None-Match`) and `Cache-Control: public`.
fn cacheable<T: serde::Serialize>(ctx: &RequestContext, page: &T) -> Result<HttpResponse, ApiError> {
    let body = serde_json::to_vec(page).map_err(|e| ApiError::Internal(e.to_string()))?;
    shared(ctx, body, "application/json")
}

/// A body any cache may share: its ETag (304 to `If-None-Match`) and `Cache-Control: public`.
fn shared(ctx: &RequestContext, body: Vec<u8>, content_type: &str) -> Result<HttpResponse, ApiError> {
    let tag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
    let mut response = ctx.tagged(body.into(), tag, content_type);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_str(&format!("public, max-age={SHARED_CACHE_SECONDS}"))
            .map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok(response)
}

#[utoipa::path(get, path = "/api/v1/public/forward-plan", operation_id = "list_public_forward_plan", tag = "boards",
    params(RegisterQuery),
    summary = "The public register of the forward plan of key decisions",
    description = "Every forward plan entry that was published (open, closed by the record that took the decision, \
        or withdrawn), as the public may read it: subject, deciding corporations sole, intended date, who takes the \
        decision, the documents to be considered and whether it slipped; an exempt entry as its notice (subject and \
        date). No names of people. The same for every caller, so it carries `Cache-Control: public` and an `ETag` \
        (answered 304 to `If-None-Match`): a CDN or proxy may serve it to the public.",
    responses(
        (status = 200, description = "Published entries in id order", body = PublicForwardPlan,
            headers(("ETag" = String, description = "Entity tag of the page"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The page has not changed since the ETag given in `If-None-Match`")))]
pub async fn list_public_forward_plan(
    ctx: RequestContext,
    query: QueryParams<RegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let decider = query.corporation_sole.map(Into::into);
    let plan = ctx.read(move |conn, _| forward_plan::public_forward_plan(conn, decider, Window::Page(page))).await?;
    cacheable(&ctx, &plan)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecordRegisterQuery {
    /// Only records this corporation sole decided.
    pub corporation_sole: Option<Uuid>,
    /// true: only decisions of significant public interest (as the Specified Information Order
    /// asks to be published); false: only the others.
    pub significant_public_interest: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/public/records-of-decision", operation_id = "list_public_records_of_decision", tag = "boards",
    params(RecordRegisterQuery),
    summary = "The public register of records of decision",
    description = "Every published record of decision, per policing body (`corporation_sole`: records it decided), \
        as the Specified Information Order asks policing bodies to publish decisions of significant public interest \
        (`significant_public_interest=true` for those alone): reference, title, summary, proposals, deciders, the \
        day decided and published and where. A record with an exempt Part 2 shows that it has one, its FOI sections \
        and reason, never its text. Officers and signatories are named only where they hold an office or a public \
        post (their role or capacity otherwise). Open to everyone, anonymous callers included, and the same for \
        every caller, so it carries `Cache-Control: public` and an `ETag` (answered 304 to `If-None-Match`).",
    responses(
        (status = 200, description = "Published records in id order", body = RecordOfDecisionRegister,
            headers(("ETag" = String, description = "Entity tag of the page"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The page has not changed since the ETag given in `If-None-Match`")))]
pub async fn list_public_records_of_decision(
    ctx: RequestContext,
    query: QueryParams<RecordRegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = RecordRegisterFilter {
        corporation_sole: query.corporation_sole.map(Into::into),
        significant_public_interest: query.significant_public_interest,
    };
    let records = ctx.read(move |conn, _| register::record_register(conn, filter, Window::Page(page))).await?;
    cacheable(&ctx, &records)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeetingRegisterQuery {
    /// Only meetings of boards this corporation sole owns.
    pub corporation_sole: Option<Uuid>,
    /// Only this board's meetings.
    pub board: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/public/meetings", operation_id = "list_public_meetings", tag = "boards",
    params(MeetingRegisterQuery),
    summary = "The public register of board meetings and their published minutes",
    description = "The meetings of public boards (not those entered in error), per policing body (`corporation_sole`: \
        an owner of the board) or per `board`: date, start time, venue, board and status, with a link to the minutes \
        where they are published (the latest published revision; draft, approved or signed minutes are not shown). \
        No names of people. Open to everyone, anonymous callers included, and the same for every caller, so it \
        carries `Cache-Control: public` and an `ETag` (answered 304 to `If-None-Match`).",
    responses(
        (status = 200, description = "Meetings in id order", body = MeetingRegister,
            headers(("ETag" = String, description = "Entity tag of the page"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The page has not changed since the ETag given in `If-None-Match`")))]
pub async fn list_public_meetings(
    ctx: RequestContext,
    query: QueryParams<MeetingRegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = MeetingRegisterFilter {
        corporation_sole_id: query.corporation_sole.map(Into::into),
        board_id: query.board.map(Into::into),
    };
    let meetings = ctx.read(move |conn, _| register::meeting_register(conn, filter, Window::Page(page))).await?;
    cacheable(&ctx, &meetings)
}

// ---- The Atom feeds: `<page>.atom`, the newest entries of each page ----

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Only agreements this corporation sole is party to (entries it decides, on the forward plan).
    pub corporation_sole: Option<Uuid>,
    /// How many of the most recently changed entries, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecordFeedQuery {
    /// Only records this corporation sole decided.
    pub corporation_sole: Option<Uuid>,
    /// true: only decisions of significant public interest; false: only the others.
    pub significant_public_interest: Option<bool>,
    /// How many of the most recently changed entries, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeetingFeedQuery {
    /// Only meetings of boards this corporation sole owns.
    pub corporation_sole: Option<Uuid>,
    /// Only this board's meetings.
    pub board: Option<Uuid>,
    /// How many of the most recently changed entries, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// The Atom feed of a register page: the feed's identity (a tag URI naming the page and its
/// filters, so it is the same whatever `limit` or host), its links, and the shared caching.
fn atom_feed(
    ctx: &RequestContext,
    page: &str,
    title: &str,
    filters: &[(&str, Option<String>)],
    entries: &[atom::Entry],
) -> Result<HttpResponse, ApiError> {
    let query: Vec<String> =
        filters.iter().filter_map(|(name, value)| value.as_ref().map(|v| format!("{name}={v}"))).collect();
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    let base = openapi::problem::public_base_url();
    let json_href = format!("{base}{LOCATION_PREFIX}/public/{page}{query}");
    let meta = atom::Feed {
        id: format!("tag:governance-api,2026:{LOCATION_PREFIX}/public/{page}.atom{query}"),
        title: title.to_string(),
        href: format!("{base}{LOCATION_PREFIX}/public/{page}.atom{query}"),
        json_href,
    };
    let absolute: Vec<atom::Entry> = entries
        .iter()
        .cloned()
        .map(|mut e| {
            e.alternate = e.alternate.map(|href| format!("{base}{href}"));
            e
        })
        .collect();
    shared(ctx, atom::feed(&meta, &absolute).into_bytes(), ATOM)
}

const ATOM: &str = "application/atom+xml";

fn id_filter(id: Option<Uuid>) -> Option<String> {
    id.map(|id| id.to_string())
}

#[utoipa::path(get, path = "/api/v1/public/agreements.atom", operation_id = "get_public_agreements_feed", tag = "agreements",
    params(FeedQuery),
    summary = "Follow the register of executed agreements as an Atom feed",
    description = "The public register of executed section 22A agreements (`/api/v1/public/agreements`) as an Atom \
        (RFC 4287) feed for feed readers and aggregators: the most recently changed agreements first (`limit`, 50 by \
        default), each entry identified by `urn:uuid:` and the agreement's id, updated when the agreement last \
        changed, linking the agreement in the API where its text is published and the document its parties \
        published; a notice (no link) where the text is withheld. Open to everyone, anonymous callers included; \
        `Cache-Control: public` and an `ETag` (304 to `If-None-Match`).",
    responses(
        (status = 200, description = "The feed (RFC 4287)", content_type = "application/atom+xml", body = String,
            headers(("ETag" = String, description = "Entity tag of the feed"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The feed has not changed since the ETag given in `If-None-Match`")))]
pub async fn get_public_agreements_feed(
    ctx: RequestContext,
    query: QueryParams<FeedQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let party = query.corporation_sole;
    let entries = ctx.read(move |conn, _| register::agreement_feed(conn, party.map(Into::into), limit)).await?;
    let filters = [("corporation_sole", id_filter(party))];
    atom_feed(&ctx, "agreements", "Executed collaboration agreements (section 22A)", &filters, &entries)
}

#[utoipa::path(get, path = "/api/v1/public/forward-plan.atom", operation_id = "get_public_forward_plan_feed", tag = "boards",
    params(FeedQuery),
    summary = "Follow the forward plan of key decisions as an Atom feed",
    description = "The public register of the forward plan (`/api/v1/public/forward-plan`) as an Atom (RFC 4287) \
        feed: the most recently changed published entries first (`limit`, 50 by default), each identified by \
        `urn:uuid:` and the entry's id, updated when it last changed (published, slipped, closed or withdrawn), \
        linking the entry in the API; an exempt entry shows its subject and date only. Open to everyone, anonymous \
        callers included; `Cache-Control: public` and an `ETag` (304 to `If-None-Match`).",
    responses(
        (status = 200, description = "The feed (RFC 4287)", content_type = "application/atom+xml", body = String,
            headers(("ETag" = String, description = "Entity tag of the feed"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The feed has not changed since the ETag given in `If-None-Match`")))]
pub async fn get_public_forward_plan_feed(
    ctx: RequestContext,
    query: QueryParams<FeedQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let decider = query.corporation_sole;
    let entries = ctx.read(move |conn, _| register::forward_plan_feed(conn, decider.map(Into::into), limit)).await?;
    let filters = [("corporation_sole", id_filter(decider))];
    atom_feed(&ctx, "forward-plan", "Forward plan of key decisions", &filters, &entries)
}

#[utoipa::path(get, path = "/api/v1/public/records-of-decision.atom", operation_id = "get_public_records_of_decision_feed", tag = "boards",
    params(RecordFeedQuery),
    summary = "Follow the published records of decision as an Atom feed",
    description = "The public register of records of decision (`/api/v1/public/records-of-decision`) as an Atom \
        (RFC 4287) feed: the most recently changed published records first (`limit`, 50 by default; \
        `significant_public_interest=true` for decisions of significant public interest alone), each identified by \
        `urn:uuid:` and the record's id, updated when it last changed, linking the record in the API and the page \
        where the policing body published it. Part 2 never appears. Open to everyone, anonymous callers included; \
        `Cache-Control: public` and an `ETag` (304 to `If-None-Match`).",
    responses(
        (status = 200, description = "The feed (RFC 4287)", content_type = "application/atom+xml", body = String,
            headers(("ETag" = String, description = "Entity tag of the feed"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The feed has not changed since the ETag given in `If-None-Match`")))]
pub async fn get_public_records_of_decision_feed(
    ctx: RequestContext,
    query: QueryParams<RecordFeedQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let (decider, significant) = (query.corporation_sole, query.significant_public_interest);
    let filter =
        RecordRegisterFilter { corporation_sole: decider.map(Into::into), significant_public_interest: significant };
    let entries = ctx.read(move |conn, _| register::record_feed(conn, filter, limit)).await?;
    let filters =
        [("corporation_sole", id_filter(decider)), ("significant_public_interest", significant.map(|s| s.to_string()))];
    atom_feed(&ctx, "records-of-decision", "Records of decision", &filters, &entries)
}

#[utoipa::path(get, path = "/api/v1/public/meetings.atom", operation_id = "get_public_meetings_feed", tag = "boards",
    params(MeetingFeedQuery),
    summary = "Follow the meetings of public boards and their minutes as an Atom feed",
    description = "The public register of board meetings (`/api/v1/public/meetings`) as an Atom (RFC 4287) feed: \
        the most recently changed meetings of public boards and publications of their minutes, newest first \
        (`limit`, 50 by default). A meeting's entry is identified by `urn:uuid:` and the meeting's id; published \
        minutes have an entry of their own (`urn:uuid:` and the minutes' id) linking them in the API and where the \
        board published them. No names of people. Open to everyone, anonymous callers included; `Cache-Control: \
        public` and an `ETag` (304 to `If-None-Match`).",
    responses(
        (status = 200, description = "The feed (RFC 4287)", content_type = "application/atom+xml", body = String,
            headers(("ETag" = String, description = "Entity tag of the feed"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The feed has not changed since the ETag given in `If-None-Match`")))]
pub async fn get_public_meetings_feed(
    ctx: RequestContext,
    query: QueryParams<MeetingFeedQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let (owner, board) = (query.corporation_sole, query.board);
    let filter = MeetingRegisterFilter { corporation_sole_id: owner.map(Into::into), board_id: board.map(Into::into) };
    let entries = ctx.read(move |conn, _| register::meeting_feed(conn, filter, limit)).await?;
    let filters = [("corporation_sole", id_filter(owner)), ("board", id_filter(board))];
    atom_feed(&ctx, "meetings", "Meetings of public boards and their minutes", &filters, &entries)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PersonRegisterQuery {
    /// Only the registers kept by the organisations serving this corporation sole (a PCC's OPCC, a chief constable's force).
    pub corporation_sole: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PersonRegisterFeedQuery {
    /// Only the registers kept by the organisations serving this corporation sole (a PCC's OPCC, a chief constable's force).
    pub corporation_sole: Option<Uuid>,
    /// How many of the most recently changed entries, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/public/interests", operation_id = "list_public_interests", tag = "registry",
    params(PersonRegisterQuery),
    summary = "The public register of interests",
    description = "The registers of interests of the PCC, deputy, chief officer, statutory officers and board members, \
        per policing body (`corporation_sole`: the registers the organisations serving it keep), as the Specified Information \
        Order asks to be published: category, description, the organisation the interest is in, dates. A withheld \
        entry shows only that it exists, its category, dates and the reason it is withheld. People are named only \
        where they hold an office or a public post. Open to everyone and the same for every caller, so it carries \
        `Cache-Control: public` and an `ETag` (answered 304 to `If-None-Match`).",
    responses(
        (status = 200, description = "Entries in id order", body = PublicInterestRegister,
            headers(("ETag" = String, description = "Entity tag of the page"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The page has not changed since the ETag given in `If-None-Match`")))]
pub async fn list_public_interests(
    ctx: RequestContext,
    query: QueryParams<PersonRegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let office = query.corporation_sole.map(Into::into);
    let entries = ctx.read(move |conn, _| interests::public_interests(conn, office, Window::Page(page))).await?;
    cacheable(&ctx, &entries)
}

#[utoipa::path(get, path = "/api/v1/public/gifts-and-hospitality", operation_id = "list_public_gifts_and_hospitality", tag = "registry",
    params(PersonRegisterQuery),
    summary = "The public register of gifts and hospitality",
    description = "The registers of gifts and hospitality of the PCC, deputy, chief officer, statutory officers and \
        board members, per policing body (`corporation_sole`): the day, giver, description, estimated value and \
        whether accepted or declined. A withheld entry shows only that it exists, its kind, day, outcome and the \
        reason it is withheld. People are named only where they hold an office or a public post. Open to everyone \
        and the same for every caller, so it carries `Cache-Control: public` and an `ETag` (answered 304 to \
        `If-None-Match`).",
    responses(
        (status = 200, description = "Entries in id order", body = PublicGiftRegister,
            headers(("ETag" = String, description = "Entity tag of the page"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The page has not changed since the ETag given in `If-None-Match`")))]
pub async fn list_public_gifts_and_hospitality(
    ctx: RequestContext,
    query: QueryParams<PersonRegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let office = query.corporation_sole.map(Into::into);
    let entries = ctx.read(move |conn, _| interests::public_gifts(conn, office, Window::Page(page))).await?;
    cacheable(&ctx, &entries)
}

#[utoipa::path(get, path = "/api/v1/public/interests.atom", operation_id = "get_public_interests_feed", tag = "registry",
    params(PersonRegisterFeedQuery),
    summary = "Follow the registers of interests as an Atom feed",
    description = "The public register of interests (`/api/v1/public/interests`) as an Atom (RFC 4287) feed: the most \
        recently changed entries first (`limit`, 50 by default), each identified by `urn:uuid:` and the entry's id, \
        linking the entry in the API; a withheld entry as its notice. People are named only where they hold an \
        office or a public post. Open to everyone, anonymous callers included; `Cache-Control: public` and an `ETag` \
        (304 to `If-None-Match`).",
    responses(
        (status = 200, description = "The feed (RFC 4287)", content_type = "application/atom+xml", body = String,
            headers(("ETag" = String, description = "Entity tag of the feed"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The feed has not changed since the ETag given in `If-None-Match`")))]
pub async fn get_public_interests_feed(
    ctx: RequestContext,
    query: QueryParams<PersonRegisterFeedQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let office = query.corporation_sole;
    let entries = ctx.read(move |conn, _| register::interest_feed(conn, office.map(Into::into), limit)).await?;
    let filters = [("corporation_sole", id_filter(office))];
    atom_feed(&ctx, "interests", "Registers of interests", &filters, &entries)
}

#[utoipa::path(get, path = "/api/v1/public/gifts-and-hospitality.atom", operation_id = "get_public_gifts_and_hospitality_feed", tag = "registry",
    params(PersonRegisterFeedQuery),
    summary = "Follow the registers of gifts and hospitality as an Atom feed",
    description = "The public register of gifts and hospitality (`/api/v1/public/gifts-and-hospitality`) as an Atom \
        (RFC 4287) feed: the most recently changed entries first (`limit`, 50 by default), each identified by \
        `urn:uuid:` and the entry's id, linking the entry in the API; a withheld entry as its notice. People are \
        named only where they hold an office or a public post. Open to everyone, anonymous callers included; \
        `Cache-Control: public` and an `ETag` (304 to `If-None-Match`).",
    responses(
        (status = 200, description = "The feed (RFC 4287)", content_type = "application/atom+xml", body = String,
            headers(("ETag" = String, description = "Entity tag of the feed"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The feed has not changed since the ETag given in `If-None-Match`")))]
pub async fn get_public_gifts_and_hospitality_feed(
    ctx: RequestContext,
    query: QueryParams<PersonRegisterFeedQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let office = query.corporation_sole;
    let entries = ctx.read(move |conn, _| register::gift_feed(conn, office.map(Into::into), limit)).await?;
    let filters = [("corporation_sole", id_filter(office))];
    atom_feed(&ctx, "gifts-and-hospitality", "Registers of gifts and hospitality", &filters, &entries)
}
