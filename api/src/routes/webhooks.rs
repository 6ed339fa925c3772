//! `/api/v1/webhook-subscriptions`: an organisation's webhooks, their delivery log, redelivery and
//! resuming after an automatic pause. The delivery worker is in `crate::webhooks`.

use actix_web::{web, HttpResponse};
use domain::access::Action;
use openapi::webhooks::{
    CreatedWebhookSubscription, NewWebhookSubscription, WebhookDelivery, WebhookDeliveryList, WebhookSubscription,
    WebhookSubscriptionList, WebhookSubscriptionUpdate,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::webhooks::{check_target, load, may_subscribe, resource};
use crate::service::{allow, webhooks};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    fn request(self) -> Result<persistence::registry::PageRequest, ApiError> {
        Paging { limit: self.limit, cursor: self.cursor }.request()
    }
}

#[utoipa::path(get, path = "/api/v1/webhook-subscriptions", operation_id = "list_webhook_subscriptions",
    summary = "List your organisation's webhook subscriptions",
    description = "The webhook subscriptions of the caller's organisation (every one for platform administrators), \
        with their status and failure count; signing secrets are never shown again.",
    tag = "webhooks", params(PageQuery),
    responses((status = 200, description = "The caller's organisation's subscriptions (secrets never shown)", body = WebhookSubscriptionList)))]
pub async fn list_webhook_subscriptions(
    ctx: RequestContext,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.0.request()?;
    let list = ctx.read(move |conn, principal| webhooks::list_webhook_subscriptions(conn, principal, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/webhook-subscriptions", operation_id = "create_webhook_subscription",
    summary = "Subscribe to the change feed by webhook",
    description = "Registers an https address to which the service POSTs your organisation's view of the change \
        feed, optionally limited to some event types, each delivery signed with the secret returned in this answer \
        (shown only this once: store it). Private or non-https addresses are refused (`webhook.target_refused`) \
        unless the operator trusts the network.",
    tag = "webhooks", request_body = NewWebhookSubscription,
    responses((status = 201, description = "Created; the response is the only time the secret is shown", body = CreatedWebhookSubscription)))]
pub async fn create_webhook_subscription(
    ctx: RequestContext,
    body: JsonBody<NewWebhookSubscription>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let organisation = new.organisation_id;
    ctx.read(move |conn, principal| may_subscribe(conn, principal, organisation)).await?;
    let (url, trusted) = (new.target_url.clone(), ctx.state.settings.webhooks.trusted_networks.clone());
    web::block(move || check_target(&url, &trusted)).await??;
    let state = ctx.state.clone();
    ctx.create(&body.digest, move |tx, principal| {
        webhooks::create_webhook_subscription(tx, principal, new, &state.secret_box)
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/webhook-subscriptions/{id}", operation_id = "get_webhook_subscription",
    summary = "Read one webhook subscription",
    description = "One subscription with its target, event types, status (active, paused) and the reason and time \
        of any pause; the secret is never shown.",
    tag = "webhooks", params(("id" = uuid::Uuid, Path, description = "Subscription id")),
    responses((status = 200, description = "The subscription (without its secret)", body = WebhookSubscription)))]
pub async fn get_webhook_subscription(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| webhooks::get_webhook_subscription(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(patch, path = "/api/v1/webhook-subscriptions/{id}", operation_id = "update_webhook_subscription",
    summary = "Change a webhook subscription",
    description = "Changes the target address (checked as on creation), the event types, or switches the \
        subscription on or off. Needs `If-Match`.",
    tag = "webhooks", params(("id" = uuid::Uuid, Path, description = "Subscription id")),
    request_body = WebhookSubscriptionUpdate,
    responses((status = 200, description = "Updated", body = WebhookSubscription)))]
pub async fn update_webhook_subscription(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<WebhookSubscriptionUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    if let Some(url) = patch.target_url.clone() {
        ctx.read(move |conn, principal| allow(principal, Action::Update, &resource(&load(conn, id.into())?)?)).await?;
        let trusted = ctx.state.settings.webhooks.trusted_networks.clone();
        web::block(move || check_target(&url, &trusted)).await??;
    }
    ctx.change(move |tx, principal| webhooks::update_webhook_subscription(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/webhook-subscriptions/{id}/resumption", operation_id = "resume_webhook_subscription",
    summary = "Resume a paused webhook subscription",
    description = "Restarts deliveries to a subscription that was paused after repeated failures and resets its \
        failure count; deliveries held while it was paused go out now. Needs `If-Match`.",
    tag = "webhooks", params(("id" = uuid::Uuid, Path, description = "Subscription id")),
    responses((status = 200, description = "Resumed: deliveries held while it was paused go out now", body = WebhookSubscription)))]
pub async fn resume_webhook_subscription(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    ctx.change(move |tx, principal| webhooks::resume_webhook_subscription(tx, principal, id, expected)).await
}

#[utoipa::path(get, path = "/api/v1/webhook-subscriptions/{id}/deliveries", operation_id = "list_webhook_deliveries",
    summary = "Read a webhook subscription's delivery log",
    description = "Each delivery made to the subscription, newest first, with every attempt and its result: use it \
        to see why a subscription was paused.",
    tag = "webhooks", params(("id" = uuid::Uuid, Path, description = "Subscription id"), PageQuery),
    responses((status = 200, description = "The delivery log, newest first, each with its attempts", body = WebhookDeliveryList)))]
pub async fn list_webhook_deliveries(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let page = query.0.request()?;
    let list = ctx.read(move |conn, principal| webhooks::list_webhook_deliveries(conn, principal, id, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/webhook-subscriptions/{id}/deliveries/{delivery_id}/redelivery",
    operation_id = "redeliver_webhook_delivery", tag = "webhooks",
    summary = "Send one webhook delivery again",
    description = "Queues a past delivery to be sent again with the same delivery id and body (202), for example \
        after your endpoint lost it; it goes out once the subscription is running. Use `X-Governance-Delivery` to \
        ignore deliveries you have already handled.",
    params(("id" = uuid::Uuid, Path, description = "Subscription id"), ("delivery_id" = uuid::Uuid, Path, description = "Delivery id")),
    responses((status = 202, description = "Queued to be sent again (once the subscription is running)", body = WebhookDelivery)))]
pub async fn redeliver_webhook_delivery(
    ctx: RequestContext,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let (id, delivery_id) = (path_id(&id)?, path_id(&delivery_id)?);
    ctx.change(move |tx, principal| webhooks::redeliver_webhook_delivery(tx, principal, id, delivery_id)).await
}
