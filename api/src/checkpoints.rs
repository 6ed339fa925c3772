//! Signed checkpoints of the audit log's Merkle tree (issue 16): (tree size, root, time) signed with
//! Ed25519 under a key kept outside the database, in the C2SP signed-note text format
//! (`domain::merkle::checkpoint`). A copy of the database alone lets no one sign a checkpoint, so a
//! partner who kept one can tell a rewritten or truncated log from the real one.
//!
//! The key is `audit-signing-key` in the data directory (PKCS#8, made on first use, owner-only) or
//! the file `GOVERNANCE_AUDIT_SIGNING_KEY_FILE` names (shared by replicas). Checkpoints are issued
//! by a platform administrator on demand and by a background worker when the log has grown.

use std::io::Write;
use std::path::Path;

use actix_web::web;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::merkle::{self, checkpoint};
use persistence::audit::{self, CheckpointRow};
use persistence::{Change, Database, WriteContext};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair};

use crate::config::Settings;
use crate::error::ApiError;
use crate::state::AppState;

/// Signs checkpoints under the log's name (its origin).
pub struct CheckpointSigner {
    key: Ed25519KeyPair,
    origin: String,
    key_id: [u8; 4],
}

impl CheckpointSigner {
    /// The signer of the settings' key file: read, or made on first use; a file that holds no
    /// Ed25519 PKCS#8 key stops start-up with a message naming it.
    pub fn from_settings(settings: &Settings) -> Result<CheckpointSigner, String> {
        let path =
            settings.audit.signing_key_file.clone().unwrap_or_else(|| settings.data_dir.join("audit-signing-key"));
        let pkcs8 = signing_key_file(&path)
            .map_err(|e| format!("GOVERNANCE_AUDIT_SIGNING_KEY_FILE {}: {e}", path.display()))?;
        CheckpointSigner::new(&pkcs8, &settings.audit.origin)
            .map_err(|e| format!("GOVERNANCE_AUDIT_SIGNING_KEY_FILE {}: {e}", path.display()))
    }

    pub fn new(pkcs8: &[u8], origin: &str) -> Result<CheckpointSigner, String> {
        let key = Ed25519KeyPair::from_pkcs8_maybe_unchecked(pkcs8)
            .map_err(|_| "not an Ed25519 private key in PKCS#8 (DER)".to_string())?;
        let key_id = checkpoint::key_id(origin, key.public_key().as_ref());
        Ok(CheckpointSigner { key, origin: origin.to_string(), key_id })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> &[u8] {
        self.key.public_key().as_ref()
    }

    pub fn key_id(&self) -> [u8; 4] {
        self.key_id
    }

    /// The stored form of a signed checkpoint of `tree_size` leaves with root `root`.
    pub fn sign(&self, tree_size: u64, root: &merkle::Hash, issued_at: DateTime<Utc>) -> CheckpointRow {
        let body = checkpoint::body(&self.origin, tree_size, root, issued_at);
        let signature = self.key.sign(body.as_bytes());
        CheckpointRow {
            tree_size: tree_size as i64,
            root_hash: hex::encode(root),
            issued_at: issued_at.naive_utc(),
            origin: self.origin.clone(),
            key_id: hex::encode(self.key_id),
            signature: STANDARD.encode(signature.as_ref()),
            note: checkpoint::note(&body, &self.origin, &self.key_id, signature.as_ref()),
        }
    }
}

/// The PKCS#8 bytes in `path`, or a new key written there (owner-only) when there is no file.
fn signing_key_file(path: &Path) -> Result<Vec<u8>, String> {
    match std::fs::read(path) {
        Ok(existing) => return Ok(existing),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.to_string()),
        Err(_) => {}
    }
    if let Some(directory) = path.parent() {
        std::fs::create_dir_all(directory).map_err(|e| format!("{}: {e}", directory.display()))?;
    }
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).map_err(|_| "no randomness for a key")?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| e.to_string())?;
    file.write_all(pkcs8.as_ref()).map_err(|e| e.to_string())?;
    Ok(pkcs8.as_ref().to_vec())
}

/// Signs and stores a checkpoint of the log as it is now, unless no event was added since the
/// latest checkpoint but that checkpoint's own; answers the checkpoint and whether it is new.
///
/// A new checkpoint is published in the change feed (and to webhooks) as `audit_checkpoint.created`,
/// written through the one write path, so its event is the next leaf of the tree: the checkpoint of
/// n leaves announces itself at leaf n + 1 and is covered by the next checkpoint, never by its own.
/// A log that grew only by that announcement is not signed again.
pub fn issue(
    db: &Database,
    context: &WriteContext,
    signer: &CheckpointSigner,
) -> Result<(CheckpointRow, bool), ApiError> {
    let unchanged = db.read(|conn| -> Result<Option<CheckpointRow>, ApiError> {
        let size = audit::event_count(conn)?;
        Ok(audit::latest_checkpoint(conn)?.filter(|latest| size <= latest.tree_size + 1))
    })?;
    if let Some(latest) = unchanged {
        return Ok((latest, false));
    }
    let mut made = None;
    db.write(context, |conn| -> Result<Change, ApiError> {
        let leaves = audit::leaf_hashes(conn, None)?;
        let at = DateTime::from_naive_utc_and_offset(audit::now(), Utc);
        let row = signer.sign(leaves.len() as u64, &merkle::root(&leaves), at);
        let stored = audit::insert_checkpoint(conn, &row)?;
        if stored.note != row.note {
            // Another replica signed this size first: its checkpoint stands and this writes nothing.
            return Err(ApiError::Conflict(format!("a checkpoint of {} events was just signed", row.tree_size)));
        }
        let body = serde_json::to_string(&crate::service::audit::checkpoint_view(row.clone()))
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        made = Some(row.clone());
        Ok(Change {
            action: "create",
            resource_type: "audit_checkpoint",
            resource_id: row.tree_size.to_string(),
            version: None,
            status: 201,
            body,
            etag: Some(crate::context::etag(1)),
            location: None,
            related: Vec::new(),
            extent: Default::default(),
        })
    })?;
    made.map(|row| (row, true)).ok_or_else(|| ApiError::Internal("the checkpoint was not stored".into()))
}

/// Who the worker writes as in the audit log.
pub const WORKER_ACTOR: &str = "system:audit-checkpoint-worker";

/// Starts the checkpoint worker on the current actix system when an interval is set: every
/// interval, a checkpoint if the log has grown since the last one.
pub fn start(state: web::Data<AppState>) {
    let Some(interval) = state.settings.audit.checkpoint_interval else { return };
    actix_web::rt::spawn(async move {
        loop {
            actix_web::rt::time::sleep(interval).await;
            let shared = state.clone();
            let context = WriteContext {
                actor: WORKER_ACTOR.into(),
                organisation_id: None,
                request_id: uuid::Uuid::now_v7().to_string(),
                idempotency: None,
            };
            let outcome = web::block(move || issue(&shared.db, &context, &shared.checkpoint_signer)).await;
            match outcome {
                Ok(Ok((row, true))) => tracing::info!(tree_size = row.tree_size, "audit checkpoint signed"),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "audit checkpoint worker"),
                Err(e) => tracing::warn!(error = %e, "audit checkpoint worker"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{UnparsedPublicKey, ED25519};

    #[test]
    fn a_signed_checkpoint_verifies_with_the_public_key_only() {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap_or_else(|_| panic!("key"));
        let signer = CheckpointSigner::new(pkcs8.as_ref(), "example.org/log").unwrap_or_else(|e| panic!("{e}"));
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_else(|| panic!("instant"));
        let row = signer.sign(3, &[5u8; 32], at);
        let (body, name, key_id, signature) = checkpoint::split(&row.note).unwrap_or_else(|| panic!("a note"));
        assert_eq!((name, key_id), ("example.org/log", signer.key_id()));
        let public = UnparsedPublicKey::new(&ED25519, signer.public_key());
        assert!(public.verify(body.as_bytes(), &signature).is_ok());
        assert!(public.verify(body.replace("\n3\n", "\n4\n").as_bytes(), &signature).is_err());
        assert!(CheckpointSigner::new(b"not a key", "example.org/log").is_err());
    }

    #[test]
    fn the_key_file_is_made_once_owner_only_and_read_back() {
        let dir = std::env::temp_dir().join(format!("audit-key-{}", uuid::Uuid::now_v7()));
        let path = dir.join("audit-signing-key");
        let first = signing_key_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(signing_key_file(&path).ok(), Some(first));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|m| m.permissions().mode()).unwrap_or(0);
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
