//! `/api/v1/audit-events`: the append-only, hash-chained record of every change; `/api/v1/audit-checkpoints`
//! and `/api/v1/audit-log`: its Merkle tree's signed checkpoints, signing key and proofs (issue 16).

use actix_web::HttpResponse;
use openapi::audit::{
    AuditCheckpoint, AuditCheckpointList, AuditConsistencyProof, AuditEventList, AuditInclusionProof,
    AuditLogPublicKey, AuditVerification,
};
use persistence::audit::AuditFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{page_limit, QueryParams};
use crate::service::audit;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// e.g. `post`, `appointment`.
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    /// Token subject of the actor.
    pub actor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/audit-events", operation_id = "list_audit_events", tag = "audit",
    summary = "Read the audit log",
    description = "The hash-chained audit log in chain order: every change with who made it, when, and to which \
        record. Platform administrators see all of it; an organisation's `org_admin` sees its own organisation's \
        part.",
    params(AuditQuery),
    responses((status = 200, description = "Events in chain order: all for system_admin, the own organisation's for org_admin", body = AuditEventList)))]
pub async fn list_audit_events(ctx: RequestContext, query: QueryParams<AuditQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let after = crate::extract::decode_cursor(query.cursor.as_deref())?;
    let filter = AuditFilter {
        resource_type: query.resource_type,
        resource_id: query.resource_id,
        actor: query.actor,
        ..AuditFilter::default()
    };
    let list = ctx.read(move |conn, principal| audit::list_audit_events(conn, principal, limit, after, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/audit-events/verification", operation_id = "verify_audit_chain", tag = "audit",
    summary = "Check that the audit log has not been altered",
    description = "Recomputes the whole hash chain and reports how many events were checked and whether each still \
        links to the one before it, naming the first broken link if any: evidence that no change was quietly \
        altered or removed.",
    responses((status = 200, description = "The result of recomputing the whole chain (system_admin)", body = AuditVerification)))]
pub async fn verify_audit_chain(ctx: RequestContext) -> Result<HttpResponse, ApiError> {
    let result = ctx.read(audit::verify_audit_chain).await?;
    Ok(HttpResponse::Ok().json(result))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckpointQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/audit-checkpoints", operation_id = "list_audit_checkpoints", tag = "audit",
    summary = "Read the published series of signed audit checkpoints",
    description = "Every signed checkpoint of the audit log's Merkle tree, smallest tree first: the tree size, its \
        root, when it was signed and the signed note itself (C2SP tlog-checkpoint). Partners keep these: with the \
        public key and a consistency proof, a kept checkpoint shows whether the log was later truncated or \
        rewritten. Public, so that anyone may keep them.",
    params(CheckpointQuery),
    responses((status = 200, description = "Signed checkpoints in tree-size order", body = AuditCheckpointList)))]
pub async fn list_audit_checkpoints(
    ctx: RequestContext,
    query: QueryParams<CheckpointQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let after = crate::extract::decode_cursor(query.cursor.as_deref())?;
    let list = ctx.read(move |conn, _| audit::list_audit_checkpoints(conn, limit, after)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/audit-checkpoints", operation_id = "issue_audit_checkpoint", tag = "audit",
    summary = "Sign a checkpoint of the audit log now",
    description = "Signs the root of the audit log's Merkle tree as it is now with the service's Ed25519 key \
        (kept outside the database) and publishes it in the checkpoint series. The background worker does the same \
        on its interval whenever the log has grown. A new checkpoint is announced in the change feed and to \
        webhooks as `audit_checkpoint.created` (its `resource_id` is the tree size); that announcement is the next \
        event of the log, covered by the next checkpoint. When no event but the latest checkpoint's own \
        announcement was added since, that checkpoint is answered (200) and nothing new is signed.",
    responses(
        (status = 201, description = "A new checkpoint was signed", body = AuditCheckpoint),
        (status = 200, description = "The log has not grown: its latest checkpoint", body = AuditCheckpoint),
    ))]
pub async fn issue_audit_checkpoint(ctx: RequestContext) -> Result<HttpResponse, ApiError> {
    let state = ctx.state.clone();
    let (principal, context) = (ctx.principal.clone(), ctx.write_context(None));
    let (checkpoint, new) = actix_web::web::block(move || {
        audit::issue_audit_checkpoint(&state.db, &context, &principal, &state.checkpoint_signer)
    })
    .await??;
    let mut response = if new { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(response.insert_header((actix_web::http::header::ETAG, crate::context::etag(1))).json(checkpoint))
}

#[utoipa::path(get, path = "/api/v1/audit-checkpoints/latest", operation_id = "get_latest_audit_checkpoint",
    tag = "audit",
    summary = "Read the latest signed audit checkpoint",
    description = "The signed checkpoint of the largest tree: the newest commitment to the whole audit log. Fetch \
        it regularly and keep it; ask for a consistency proof from the one you kept before to see that the log only \
        grew. 404 before the first checkpoint is signed.",
    responses(
        (status = 200, description = "The newest signed checkpoint", body = AuditCheckpoint),
        (status = 404, description = "No checkpoint has been signed yet (`not_found`)", body = openapi::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_latest_audit_checkpoint(ctx: RequestContext) -> Result<HttpResponse, ApiError> {
    let checkpoint = ctx.read(|conn, _| audit::get_latest_audit_checkpoint(conn)).await?;
    Ok(HttpResponse::Ok().json(checkpoint))
}

#[utoipa::path(get, path = "/api/v1/audit-log/public-key", operation_id = "get_audit_log_public_key", tag = "audit",
    summary = "Read the public key that signs audit checkpoints",
    description = "The Ed25519 public key whose signature every checkpoint carries: raw (base64), its signed-note \
        key id and name, and as a C2SP verifier key. Fetch it once, compare it with what the operator publishes \
        out of band, and verify every checkpoint you keep with it.",
    responses((status = 200, description = "The checkpoint signing key", body = AuditLogPublicKey)))]
pub async fn get_audit_log_public_key(ctx: RequestContext) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(audit::public_key(&ctx.state.checkpoint_signer)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// The event's sequence number (its leaf is number `sequence - 1`).
    #[param(minimum = 1)]
    pub sequence: i64,
    /// The size of the tree to prove it in: a checkpoint's `tree_size`; at least `sequence`.
    #[param(minimum = 1)]
    pub tree_size: i64,
}

#[utoipa::path(get, path = "/api/v1/audit-log/inclusion-proof", operation_id = "get_audit_inclusion_proof",
    tag = "audit",
    summary = "Prove that an audit event is in a signed tree",
    description = "The audit path (RFC 9162 §2.1.3) of event `sequence` in the tree of the first `tree_size` events: \
        with the event's `hash` and the root of a checkpoint you kept for that size, it shows the event is in the \
        log that checkpoint signed. Only hashes are given, so anyone may ask.",
    params(InclusionQuery),
    responses(
        (status = 200, description = "The audit path", body = AuditInclusionProof),
        (status = 422, description = "`sequence` is beyond `tree_size`, or `tree_size` beyond the log (`audit.beyond_tree`)", body = openapi::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_audit_inclusion_proof(
    ctx: RequestContext,
    query: QueryParams<InclusionQuery>,
) -> Result<HttpResponse, ApiError> {
    let InclusionQuery { sequence, tree_size } = query.0;
    at_least_one("/query/sequence", sequence)?;
    at_least_one("/query/tree_size", tree_size)?;
    let proof = ctx.read(move |conn, _| audit::get_audit_inclusion_proof(conn, sequence, tree_size)).await?;
    Ok(HttpResponse::Ok().json(proof))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The smaller tree size: the checkpoint you kept.
    #[param(minimum = 1)]
    pub first: i64,
    /// The larger tree size: a newer checkpoint; at least `first`.
    #[param(minimum = 1)]
    pub second: i64,
}

#[utoipa::path(get, path = "/api/v1/audit-log/consistency-proof", operation_id = "get_audit_consistency_proof",
    tag = "audit",
    summary = "Prove that the audit log only grew between two checkpoints",
    description = "The consistency proof (RFC 9162 §2.1.4) between the trees of the first `first` and `second` \
        events: with the roots of the two checkpoints you hold, it shows the older tree is a prefix of the newer, \
        so no event it covered was changed, removed or reordered. If it does not verify against the root you \
        kept, the log was rewritten. Only hashes are given, so anyone may ask.",
    params(ConsistencyQuery),
    responses(
        (status = 200, description = "The consistency proof", body = AuditConsistencyProof),
        (status = 422, description = "`first` is larger than `second`, or `second` beyond the log (`audit.beyond_tree`)", body = openapi::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_audit_consistency_proof(
    ctx: RequestContext,
    query: QueryParams<ConsistencyQuery>,
) -> Result<HttpResponse, ApiError> {
    let ConsistencyQuery { first, second } = query.0;
    at_least_one("/query/first", first)?;
    at_least_one("/query/second", second)?;
    let proof = ctx.read(move |conn, _| audit::get_audit_consistency_proof(conn, first, second)).await?;
    Ok(HttpResponse::Ok().json(proof))
}

/// Sizes and sequence numbers start at 1 (the schema's minimum): 400 below it.
fn at_least_one(pointer: &str, value: i64) -> Result<(), ApiError> {
    if value < 1 {
        return Err(ApiError::invalid_field(pointer, "out_of_range", format!("{} must be at least 1", &pointer[7..])));
    }
    Ok(())
}
