//! The rule catalogue: what each code in a problem means, where it comes from and how sure that is.
//! Every problem's `type` is the URI of its code's entry here.

use actix_web::{web, HttpResponse};
use openapi::system::{Rule, RuleList};

use crate::error::ApiError;
use crate::service::rules;

#[utoipa::path(get, path = "/api/v1/rules", operation_id = "list_rules", tag = "service",
    summary = "List every rule and error code",
    description = "Every code the service can answer with: the domain rules (R-OR, R-CA, R-BD, R-PB, R-DL, R-TM, R-SU) \
        with their statement, legal source and confidence, then the service's own request and protocol codes. \
        One page holds them all.",
    responses((status = 200, description = "The rule catalogue", body = RuleList)))]
pub async fn list_rules() -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(rules::list_rules()))
}

#[utoipa::path(get, path = "/api/v1/rules/{code}", operation_id = "get_rule", tag = "service",
    summary = "Read one rule or error code",
    description = "One code's entry: where a problem's `type` points.",
    params(("code" = String, Path, description = "A rule id such as `R-CA-02`, or a code such as `not_found`")),
    responses((status = 200, description = "The rule", body = Rule)))]
pub async fn get_rule(code: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(rules::get_rule(&code)?))
}
