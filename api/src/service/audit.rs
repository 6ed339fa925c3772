//! The hash-chained audit log: reading it, verifying the chain, and its Merkle tree's signed
//! checkpoints and proofs (issue 16).

use base64::Engine;
use chrono::{DateTime, Utc};
use domain::access::{authorize_chain_verification, list_scope, Principal, ResourceKind};
use domain::merkle;
use openapi::audit::{
    AuditCheckpoint, AuditCheckpointList, AuditConsistencyProof, AuditEventList, AuditInclusionProof,
    AuditLogPublicKey, AuditVerification, BrokenLink, CheckpointMismatch,
};
use openapi::FieldError;
use persistence::audit::{self, AuditFilter, CheckpointRow};
use persistence::{Cursor, Database, DbConnection, WriteContext};

use crate::checkpoints::CheckpointSigner;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;

pub fn list_audit_events(
    conn: &mut DbConnection,
    principal: &Principal,
    limit: usize,
    after: Option<Cursor>,
    filter: AuditFilter,
) -> Result<AuditEventList, ApiError> {
    let scope = list_scope(principal, ResourceKind::AuditEvent)?;
    let page = audit::list(conn, scope, &filter, after.as_ref(), limit)?;
    Ok(AuditEventList {
        items: page.items.into_iter().map(convert::audit_event).collect(),
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn verify_audit_chain(conn: &mut DbConnection, principal: &Principal) -> Result<AuditVerification, ApiError> {
    authorize_chain_verification(principal)?;
    let verification = audit::verify(conn)?;
    let checkpoints = audit::check_checkpoints(conn)?;
    Ok(AuditVerification {
        valid: verification.first_broken.is_none() && checkpoints.first_mismatch.is_none(),
        checkpoints_checked: checkpoints.checkpoints_checked,
        first_mismatched_checkpoint: checkpoints
            .first_mismatch
            .map(|m| CheckpointMismatch { tree_size: m.tree_size, reason: m.reason.to_string() }),
        events_checked: verification.events_checked,
        head_sequence: verification.head_sequence,
        first_broken_link: verification.first_broken.map(|b| BrokenLink {
            sequence: b.sequence,
            event_id: b.event_id,
            reason: b.reason.to_string(),
        }),
    })
}

/// A sequence or tree size beyond the log (or a first size after the second): 422 naming the field.
fn beyond_tree(pointer: &str, message: String) -> ApiError {
    ApiError::Unprocessable {
        code: "audit.beyond_tree",
        detail: message.clone(),
        errors: vec![FieldError { pointer: pointer.into(), code: "audit.beyond_tree".into(), message }],
    }
}

pub fn checkpoint_view(row: CheckpointRow) -> AuditCheckpoint {
    AuditCheckpoint {
        tree_size: row.tree_size,
        root_hash: row.root_hash,
        issued_at: DateTime::from_naive_utc_and_offset(row.issued_at, Utc),
        origin: row.origin,
        key_id: row.key_id,
        signature: row.signature,
        note: row.note,
    }
}

/// Signs a checkpoint of the log as it is now (platform administrators): the checkpoint and
/// whether it is new (an unchanged log answers its latest checkpoint).
pub fn issue_audit_checkpoint(
    db: &Database,
    context: &WriteContext,
    principal: &Principal,
    signer: &CheckpointSigner,
) -> Result<(AuditCheckpoint, bool), ApiError> {
    authorize_chain_verification(principal)?;
    let (row, new) = crate::checkpoints::issue(db, context, signer)?;
    Ok((checkpoint_view(row), new))
}

pub fn list_audit_checkpoints(
    conn: &mut DbConnection,
    limit: usize,
    after: Option<Cursor>,
) -> Result<AuditCheckpointList, ApiError> {
    let page = audit::list_checkpoints(conn, after.as_ref(), limit)?;
    Ok(AuditCheckpointList {
        items: page.items.into_iter().map(checkpoint_view).collect(),
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_latest_audit_checkpoint(conn: &mut DbConnection) -> Result<AuditCheckpoint, ApiError> {
    audit::latest_checkpoint(conn)?.map(checkpoint_view).ok_or(ApiError::NotFound)
}

pub fn public_key(signer: &CheckpointSigner) -> AuditLogPublicKey {
    AuditLogPublicKey {
        algorithm: "Ed25519".into(),
        key_name: signer.origin().to_string(),
        key_id: hex::encode(signer.key_id()),
        public_key: base64::engine::general_purpose::STANDARD.encode(signer.public_key()),
        verifier_key: domain::merkle::checkpoint::verifier_key(signer.origin(), signer.public_key()),
    }
}

/// The audit path of event `sequence` in the tree of the first `tree_size` events.
pub fn get_audit_inclusion_proof(
    conn: &mut DbConnection,
    sequence: i64,
    tree_size: i64,
) -> Result<AuditInclusionProof, ApiError> {
    if sequence > tree_size {
        return Err(beyond_tree("/query/sequence", format!("event {sequence} is not in a tree of {tree_size} events")));
    }
    let leaves = audit::leaf_hashes(conn, Some(tree_size))?;
    if (leaves.len() as i64) < tree_size {
        return Err(beyond_tree(
            "/query/tree_size",
            format!("the log holds {} events, fewer than {tree_size}", leaves.len()),
        ));
    }
    let index = (sequence - 1) as u64;
    let path = merkle::inclusion_proof(index, &leaves)
        .map_err(|e| beyond_tree("/query/sequence", format!("event {sequence}: {e}")))?;
    Ok(AuditInclusionProof {
        sequence,
        leaf_index: sequence - 1,
        tree_size,
        leaf_hash: hex::encode(leaves[index as usize]),
        root_hash: hex::encode(merkle::root(&leaves)),
        audit_path: path.iter().map(hex::encode).collect(),
    })
}

/// The consistency proof between the trees of the first `first` and `second` events.
pub fn get_audit_consistency_proof(
    conn: &mut DbConnection,
    first: i64,
    second: i64,
) -> Result<AuditConsistencyProof, ApiError> {
    if first > second {
        return Err(beyond_tree("/query/first", format!("first ({first}) is larger than second ({second})")));
    }
    let leaves = audit::leaf_hashes(conn, Some(second))?;
    if (leaves.len() as i64) < second {
        return Err(beyond_tree(
            "/query/second",
            format!("the log holds {} events, fewer than {second}", leaves.len()),
        ));
    }
    let path = merkle::consistency_proof(first as u64, &leaves)
        .map_err(|e| beyond_tree("/query/first", format!("first ({first}): {e}")))?;
    Ok(AuditConsistencyProof {
        first,
        second,
        first_root_hash: hex::encode(merkle::root(&leaves[..first as usize])),
        second_root_hash: hex::encode(merkle::root(&leaves)),
        consistency_path: path.iter().map(hex::encode).collect(),
    })
}
