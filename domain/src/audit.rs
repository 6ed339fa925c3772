//! The audit chain: each event carries the hash of the one before, so any edit to a stored event
//! breaks the chain at that event. The hashing lives here so writer and verifier agree by construction.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// Hash used before the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an audit event that the chain protects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedFields<'a> {
    pub sequence: i64,
    pub event_id: &'a str,
    pub occurred_at: DateTime<Utc>,
    pub actor: &'a str,
    pub organisation_id: Option<&'a str>,
    pub action: &'a str,
    pub resource_type: &'a str,
    pub resource_id: &'a str,
    /// The resource's version after the change, where it has one.
    pub resource_version: Option<i64>,
    pub state_digest: &'a str,
    pub request_id: &'a str,
    pub previous_hash: &'a str,
}

/// The canonical text of an instant, at the microsecond precision both databases keep.
pub fn canonical_instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// SHA-256 over the fields, each length-prefixed so no two field lists share an encoding.
pub fn event_hash(fields: &ChainedFields<'_>) -> String {
    let sequence = fields.sequence.to_string();
    let instant = canonical_instant(fields.occurred_at);
    let version = fields.resource_version.map(|v| v.to_string()).unwrap_or_default();
    let parts: [&str; 12] = [
        &sequence,
        fields.event_id,
        &instant,
        fields.actor,
        fields.organisation_id.unwrap_or(""),
        fields.action,
        fields.resource_type,
        fields.resource_id,
        &version,
        fields.state_digest,
        fields.request_id,
        fields.previous_hash,
    ];
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// SHA-256 of a resource's served representation, recorded as the event's state digest.
pub fn state_digest(representation: &[u8]) -> String {
    hex::encode(Sha256::digest(representation))
}

/// Where a stored chain stops verifying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub sequence: i64,
    pub event_id: String,
    pub reason: &'static str,
}

/// A stored event as the verifier reads it.
pub struct StoredEvent<'a> {
    pub fields: ChainedFields<'a>,
    pub hash: &'a str,
}

/// Walks events in sequence order and returns the first broken link, if any.
/// `expected_previous` is the hash the first event must point at (genesis for a full walk).
pub fn first_broken_link<'a>(
    events: impl IntoIterator<Item = StoredEvent<'a>>,
    expected_previous: &str,
    expected_sequence: i64,
) -> Result<(String, i64), BrokenLink> {
    let mut previous = expected_previous.to_string();
    let mut sequence = expected_sequence;
    for event in events {
        let broken = |reason| BrokenLink {
            sequence: event.fields.sequence,
            event_id: event.fields.event_id.to_string(),
            reason,
        };
        if event.fields.sequence != sequence {
            return Err(broken("sequence gap: an event is missing or out of order"));
        }
        if event.fields.previous_hash != previous {
            return Err(broken("previous_hash does not match the hash of the event before"));
        }
        if event_hash(&event.fields) != event.hash {
            return Err(broken("stored hash does not match the event's contents"));
        }
        previous = event.hash.to_string();
        sequence += 1;
    }
    Ok((previous, sequence))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(sequence: i64, previous: &'a str, actor: &'a str) -> ChainedFields<'a> {
        ChainedFields {
            sequence,
            event_id: "e",
            occurred_at: DateTime::from_timestamp(1_700_000_000, 123_000).expect("instant"),
            actor,
            organisation_id: None,
            action: "create",
            resource_type: "force",
            resource_id: "r",
            resource_version: Some(1),
            state_digest: "d",
            request_id: "q",
            previous_hash: previous,
        }
    }

    #[test]
    fn an_edited_event_breaks_the_chain_at_that_event() {
        let first = fields(1, GENESIS_HASH, "alice");
        let first_hash = event_hash(&first);
        let second = fields(2, &first_hash, "bob");
        let second_hash = event_hash(&second);
        let ok = first_broken_link(
            vec![
                StoredEvent { fields: first.clone(), hash: &first_hash },
                StoredEvent { fields: second.clone(), hash: &second_hash },
            ],
            GENESIS_HASH,
            1,
        );
        assert!(ok.is_ok());

        let tampered = fields(2, &first_hash, "mallory");
        let broken = first_broken_link(
            vec![
                StoredEvent { fields: first, hash: &first_hash },
                StoredEvent { fields: tampered, hash: &second_hash },
            ],
            GENESIS_HASH,
            1,
        )
        .expect_err("tampering is detected");
        assert_eq!(broken.sequence, 2);
    }

    #[test]
    fn instants_are_hashed_as_utc_text_to_the_microsecond() {
        let at = DateTime::from_timestamp(1_700_000_000, 123_456_789).expect("instant");
        assert_eq!(canonical_instant(at), "2023-11-14T22:13:20.123456Z");
        let whole_second = DateTime::from_timestamp(1_700_000_000, 0).expect("instant");
        assert_eq!(canonical_instant(whole_second), "2023-11-14T22:13:20.000000Z");
    }

    #[test]
    fn a_state_digest_is_the_hex_sha256_of_the_representation() {
        assert_eq!(state_digest(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(state_digest(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
