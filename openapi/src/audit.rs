//! Audit events and chain verification.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One recorded change. `hash` covers every other field and the previous event's hash.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEvent {
    pub sequence: i64,
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    /// Token subject of who made the change.
    pub actor: String,
    /// The organisation the actor acted for.
    pub organisation_id: Option<String>,
    /// e.g. `create`, `update`, `end`.
    pub action: String,
    pub resource_type: String,
    pub resource_id: String,
    /// The resource's version after the change, where it has one.
    pub resource_version: Option<i64>,
    /// SHA-256 (hex) of the resource's representation after the change.
    pub state_digest: String,
    pub request_id: String,
    pub previous_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEventList {
    pub items: Vec<AuditEvent>,
    pub next_cursor: Option<String>,
}

/// Where the chain stops verifying.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BrokenLink {
    pub sequence: i64,
    pub event_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditVerification {
    /// True when every event's hash recomputes and links to the one before, and the events still
    /// hash to the root of every signed checkpoint the service holds.
    pub valid: bool,
    pub events_checked: i64,
    pub head_sequence: i64,
    pub first_broken_link: Option<BrokenLink>,
    /// How many stored signed checkpoints were compared with the events.
    pub checkpoints_checked: i64,
    /// The first signed checkpoint the events no longer match (truncated or rewritten history).
    pub first_mismatched_checkpoint: Option<CheckpointMismatch>,
}

/// A signed checkpoint that the stored events no longer match.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckpointMismatch {
    pub tree_size: i64,
    pub reason: String,
}

/// A signed checkpoint of the audit log's Merkle tree (RFC 9162 §2.1): the tree of the first
/// `tree_size` events, in sequence order, has root `root_hash`. `note` is the checkpoint as signed,
/// in the C2SP signed-note / tlog-checkpoint text format: the origin, the tree size, the root in
/// base64, `timestamp <issued_at>`, each line ending in a newline (the signed body), then a blank
/// line and `\u{2014} <origin> <base64(key id || Ed25519 signature)>`. Keep it: it is your evidence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditCheckpoint {
    /// How many events the tree holds (events with sequence 1 to `tree_size`).
    pub tree_size: i64,
    /// The Merkle tree hash, 64 lowercase hex digits.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub root_hash: String,
    pub issued_at: DateTime<Utc>,
    /// The log's name: the first line of the note and the signing key's name.
    pub origin: String,
    /// The signed-note key id, 8 hex digits.
    #[schema(pattern = "^[0-9a-f]{8}$")]
    pub key_id: String,
    /// The Ed25519 signature over the note's body, base64 (64 bytes).
    #[schema(pattern = "^[A-Za-z0-9+/]{86}==$")]
    pub signature: String,
    /// The whole signed note.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditCheckpointList {
    pub items: Vec<AuditCheckpoint>,
    pub next_cursor: Option<String>,
}

/// The key that signs checkpoints.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditLogPublicKey {
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The signed-note key name (the log's origin).
    pub key_name: String,
    /// The signed-note key id, 8 hex digits.
    #[schema(pattern = "^[0-9a-f]{8}$")]
    pub key_id: String,
    /// The raw 32-byte Ed25519 public key, base64.
    #[schema(pattern = "^[A-Za-z0-9+/]{43}=$")]
    pub public_key: String,
    /// The C2SP signed-note verifier key: `<name>+<hex key id>+<base64(0x01 || public key)>`.
    pub verifier_key: String,
}

/// An audit path (RFC 9162 §2.1.3): proves that an event is leaf `leaf_index` of the tree of
/// `tree_size` events. The leaf is SHA-256(0x00 || the 32 bytes of the event's `hash`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditInclusionProof {
    pub sequence: i64,
    /// `sequence - 1`.
    pub leaf_index: i64,
    pub tree_size: i64,
    /// The event's leaf hash, hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub leaf_hash: String,
    /// The root of the tree of `tree_size` events as the service holds them now, hex: compare it
    /// with a checkpoint you kept, never trust it alone.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub root_hash: String,
    /// Sibling hashes from the leaf upwards, hex.
    pub audit_path: Vec<String>,
}

/// A consistency proof (RFC 9162 §2.1.4): proves that the tree of `first` events is a prefix of the
/// tree of `second` events, i.e. that nothing before `first` was changed or removed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditConsistencyProof {
    pub first: i64,
    pub second: i64,
    /// The roots as the service holds the events now, hex: verify against the roots you kept.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub first_root_hash: String,
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub second_root_hash: String,
    /// Hex hashes, in the order of RFC 9162 §2.1.4.1.
    pub consistency_path: Vec<String>,
}
