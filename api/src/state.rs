//! What every worker shares: the pool, the token verifier, settings and metrics.

use std::sync::Arc;

use crate::auth::TokenVerifier;
use crate::config::Settings;
use crate::metrics::Metrics;

pub struct AppState {
    pub db: persistence::Database,
    pub verifier: TokenVerifier,
    /// The trust registry's issuers and their keys (federated tokens).
    pub federation: crate::federation::Federation,
    pub settings: Settings,
    pub metrics: Arc<Metrics>,
    /// Organisation ids by slug, for resolving tokens without a query.
    pub organisations: crate::directory::OrganisationDirectory,
    /// Agreements as last read, by id and version.
    pub agreements: crate::service::agreements::cache::AgreementCache,
    /// The facts authority checks read, by question.
    pub authority: crate::service::authority_cache::AuthorityCache,
    /// Pages of the agreements list as served, by reader's scope, filter and position.
    pub agreement_pages: crate::service::agreements::drafts::AgreementListCache,
    /// Pages of decision registers as served, by board, filter and reader's view.
    pub decision_pages: crate::service::register_cache::DecisionRegisterCache,
    pub rate_limiter: crate::limits::RateLimiter,
    /// Seals webhook signing secrets at rest (its key is outside the database).
    pub secret_box: crate::secret_box::SecretBox,
    /// Signs the audit log's checkpoints (its key is outside the database).
    pub checkpoint_signer: crate::checkpoints::CheckpointSigner,
}
