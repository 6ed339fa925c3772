//! The audit log as a Merkle tree in the manner of Certificate Transparency (RFC 6962 §2.1, RFC 9162
//! §2.1): the Merkle Tree Hash of a list of leaves, audit paths (inclusion proofs), consistency
//! proofs, and the verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2. No IO.
//!
//! Hand-written rather than taken from a crate: the one crate that implements exactly RFC 6962
//! (`ct-merkle` 0.3) needs `digest` 0.11 beside the `sha2` 0.10 already in the tree and Rust 1.85
//! (the workspace promises 1.80), and keeps the whole tree in memory as its own store, while the
//! leaves here live in the database and are streamed. The algorithms are short, and the tests below
//! check them against the published CT test vectors.

use sha2::{Digest, Sha256};

/// A SHA-256 hash: a leaf hash, a node hash or a root.
pub type Hash = [u8; 32];

/// The hash of the empty tree: SHA-256 of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(data);
    hasher.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// The largest power of two smaller than `n` (n >= 2).
fn split(n: usize) -> usize {
    debug_assert!(n >= 2);
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The Merkle Tree Hash of leaves already hashed with [`leaf_hash`].
pub fn root(leaves: &[Hash]) -> Hash {
    let mut frontier = Frontier::default();
    for leaf in leaves {
        frontier.push(*leaf);
    }
    frontier.root()
}

/// The roots of the complete subtrees of a growing tree (its "compact range" from 0): append leaf
/// hashes one by one and read the root at any size, keeping only log2(size) hashes. The whole log
/// can be streamed through it in batches, and the root at each checkpoint's size read on the way.
#[derive(Debug, Clone, Default)]
pub struct Frontier {
    size: u64,
    /// Roots of complete subtrees, largest (leftmost) first; their sizes are the set bits of `size`.
    subtrees: Vec<Hash>,
}

impl Frontier {
    /// How many leaves have been appended.
    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn push(&mut self, leaf: Hash) {
        let mut node = leaf;
        let mut size = self.size;
        // Each trailing one bit of the old size is a complete subtree of the new one's size: merge.
        while size & 1 == 1 {
            let Some(left) = self.subtrees.pop() else { break };
            node = node_hash(&left, &node);
            size >>= 1;
        }
        self.subtrees.push(node);
        self.size += 1;
    }

    /// The Merkle Tree Hash of the leaves appended so far.
    pub fn root(&self) -> Hash {
        let mut subtrees = self.subtrees.iter().rev();
        let Some(last) = subtrees.next() else { return empty_root() };
        subtrees.fold(*last, |right, left| node_hash(left, &right))
    }
}

/// Why a proof could not be made or does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("the leaf index is not inside the tree")]
    IndexOutOfRange,
    #[error("the first tree size is larger than the second")]
    SizesOutOfOrder,
    #[error("the proof has the wrong number of hashes for these sizes")]
    WrongLength,
    #[error("the proof does not lead to the given root")]
    RootMismatch,
}

/// The audit path of leaf `index` in the tree of `leaves` (RFC 9162 §2.1.3.1), nearest sibling first.
pub fn inclusion_proof(index: u64, leaves: &[Hash]) -> Result<Vec<Hash>, ProofError> {
    let index = usize::try_from(index).map_err(|_| ProofError::IndexOutOfRange)?;
    if index >= leaves.len() {
        return Err(ProofError::IndexOutOfRange);
    }
    let mut proof = Vec::new();
    path(index, leaves, &mut proof);
    Ok(proof)
}

fn path(m: usize, leaves: &[Hash], out: &mut Vec<Hash>) {
    let n = leaves.len();
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m < k {
        path(m, &leaves[..k], out);
        out.push(root(&leaves[k..]));
    } else {
        path(m - k, &leaves[k..], out);
        out.push(root(&leaves[..k]));
    }
}

/// The consistency proof between the tree of the first `first` leaves and the tree of all `leaves`
/// (RFC 9162 §2.1.4.1). Empty when the sizes are equal or `first` is 0.
pub fn consistency_proof(first: u64, leaves: &[Hash]) -> Result<Vec<Hash>, ProofError> {
    let first = usize::try_from(first).map_err(|_| ProofError::SizesOutOfOrder)?;
    if first > leaves.len() {
        return Err(ProofError::SizesOutOfOrder);
    }
    let mut proof = Vec::new();
    if first > 0 && first < leaves.len() {
        subproof(first, leaves, true, &mut proof);
    }
    Ok(proof)
}

fn subproof(m: usize, leaves: &[Hash], complete: bool, out: &mut Vec<Hash>) {
    let n = leaves.len();
    if m == n {
        if !complete {
            out.push(root(leaves));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, &leaves[..k], complete, out);
        out.push(root(&leaves[k..]));
    } else {
        subproof(m - k, &leaves[k..], false, out);
        out.push(root(&leaves[..k]));
    }
}

/// Checks an audit path (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange);
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return Err(ProofError::WrongLength);
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(ProofError::WrongLength);
    }
    if r != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks a consistency proof between a tree of `first` leaves with root `first_root` and one of
/// `second` leaves with root `second_root` (RFC 9162 §2.1.4.2; equal sizes need equal roots and an
/// empty proof; the empty tree is consistent with any).
pub fn verify_consistency(
    first: u64,
    second: u64,
    first_root: &Hash,
    second_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if first > second {
        return Err(ProofError::SizesOutOfOrder);
    }
    if first == second {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength);
        }
        return if first_root == second_root { Ok(()) } else { Err(ProofError::RootMismatch) };
    }
    if first == 0 {
        return if proof.is_empty() { Ok(()) } else { Err(ProofError::WrongLength) };
    }
    if proof.is_empty() {
        return Err(ProofError::WrongLength);
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let (mut f, mut s) = (first - 1, second - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if s == 0 {
            return Err(ProofError::WrongLength);
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(ProofError::WrongLength);
    }
    if fr != *first_root || sr != *second_root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// The leaf of an audit event: the 32 bytes of its stored chain hash (`audit_events.hash`, hex),
/// hashed as a leaf. The chain hash already covers every field of the event and the hash before it,
/// so the tree needs one column and a partner holding an event can check its leaf. A stored value
/// that is not 64 hex digits (only a tampered row has one) is taken as its text bytes.
pub fn event_leaf(chain_hash: &str) -> Hash {
    match hex::decode(chain_hash) {
        Ok(bytes) if bytes.len() == 32 => leaf_hash(&bytes),
        _ => leaf_hash(chain_hash.as_bytes()),
    }
}

/// Signed checkpoints in the C2SP signed-note / tlog-checkpoint text format:
///
/// ```text
/// <origin>
/// <tree size, decimal>
/// <root hash, base64>
/// timestamp <RFC 3339 instant, UTC, microseconds>
///
/// \u{2014} <key name> <base64(key id (4 bytes) || Ed25519 signature (64 bytes))>
/// ```
///
/// The signature is Ed25519 over the body: the first four lines, each ending in a newline (the
/// fourth is an extension line, as tlog-checkpoint allows). The key id is the first four bytes of
/// SHA-256(key name || 0x0A || 0x01 || public key), as signed-note defines it for Ed25519.
pub mod checkpoint {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use chrono::{DateTime, Utc};
    use sha2::{Digest, Sha256};

    use super::Hash;

    /// The signed text of a checkpoint.
    pub fn body(origin: &str, tree_size: u64, root: &Hash, issued_at: DateTime<Utc>) -> String {
        format!(
            "{origin}\n{tree_size}\n{}\ntimestamp {}\n",
            STANDARD.encode(root),
            crate::audit::canonical_instant(issued_at)
        )
    }

    /// The signed-note key id of an Ed25519 public key under `name`.
    pub fn key_id(name: &str, public_key: &[u8]) -> [u8; 4] {
        let mut hasher = Sha256::new();
        hasher.update(name.as_bytes());
        hasher.update([0x0A, 0x01]);
        hasher.update(public_key);
        let digest = hasher.finalize();
        [digest[0], digest[1], digest[2], digest[3]]
    }

    /// The whole note: the body, a blank line and the signature line.
    pub fn note(body: &str, name: &str, key_id: &[u8; 4], signature: &[u8]) -> String {
        let mut signed = key_id.to_vec();
        signed.extend_from_slice(signature);
        format!("{body}\n\u{2014} {name} {}\n", STANDARD.encode(signed))
    }

    /// The signed-note verifier key: `<name>+<hex key id>+<base64(0x01 || public key)>`.
    pub fn verifier_key(name: &str, public_key: &[u8]) -> String {
        let mut typed = vec![0x01];
        typed.extend_from_slice(public_key);
        format!("{name}+{}+{}", hex::encode(key_id(name, public_key)), STANDARD.encode(typed))
    }

    /// A note's parts: (signed body, key name, key id, signature), or `None` if it is not one
    /// signed note with a single signature line.
    pub fn split(note: &str) -> Option<(&str, &str, [u8; 4], Vec<u8>)> {
        let (body, signatures) = note.split_once("\n\n")?;
        let body = &note[..body.len() + 1];
        let line = signatures.strip_suffix('\n')?.strip_prefix("\u{2014} ")?;
        let (name, signed) = line.split_once(' ')?;
        let signed = STANDARD.decode(signed).ok()?;
        if signed.len() != 68 {
            return None;
        }
        let key_id = [signed[0], signed[1], signed[2], signed[3]];
        Some((body, name, key_id, signed[4..].to_vec()))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_note_splits_back_into_its_signed_body_and_signature() {
            let at = DateTime::from_timestamp(1_700_000_000, 0).expect("instant");
            let text = body("example.org/audit-log", 8, &[7u8; 32], at);
            assert_eq!(
                text,
                "example.org/audit-log\n8\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\ntimestamp 2023-11-14T22:13:20.000000Z\n"
            );
            let id = key_id("example.org/audit-log", &[1u8; 32]);
            let signed = note(&text, "example.org/audit-log", &id, &[9u8; 64]);
            let (signed_body, name, parsed_id, signature) = split(&signed).expect("a note");
            assert_eq!(
                (signed_body, name, parsed_id, signature),
                (text.as_str(), "example.org/audit-log", id, vec![9u8; 64])
            );
            assert!(verifier_key("example.org/audit-log", &[1u8; 32]).starts_with("example.org/audit-log+"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The Certificate Transparency reference test vectors (google/certificate-transparency
    // merkle_tree_test.cc, transparency-dev/merkle testonly): eight leaves, the roots of the trees
    // of their first 1..8, and known audit paths and consistency proofs.
    const LEAVES: [&str; 8] =
        ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
    const ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];
    /// (leaf index from 0, tree size, audit path).
    const INCLUSION: &[(u64, u64, &[&str])] = &[
        (0, 1, &[]),
        (
            0,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (2, 3, &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1,
            5,
            &[
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];
    /// (first size, second size, consistency proof).
    const CONSISTENCY: &[(u64, u64, &[&str])] = &[
        (1, 1, &[]),
        (
            1,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];

    fn h(text: &str) -> Hash {
        let bytes = hex::decode(text).expect("hex");
        bytes.try_into().expect("32 bytes")
    }

    fn vector_leaves() -> Vec<Hash> {
        LEAVES.iter().map(|l| leaf_hash(&hex::decode(l).expect("hex"))).collect()
    }

    fn synthetic(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&(i as u64).to_be_bytes())).collect()
    }

    #[test]
    fn the_roots_match_the_published_ct_vectors() {
        let leaves = vector_leaves();
        assert_eq!(hex::encode(root(&[])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (n, expected) in ROOTS.iter().enumerate() {
            assert_eq!(hex::encode(root(&leaves[..=n])), *expected, "size {}", n + 1);
        }
    }

    #[test]
    fn the_audit_paths_match_the_published_ct_vectors_and_verify() {
        let leaves = vector_leaves();
        for (index, size, expected) in INCLUSION {
            let tree = &leaves[..*size as usize];
            let proof = inclusion_proof(*index, tree).expect("in range");
            let expected: Vec<Hash> = expected.iter().map(|e| h(e)).collect();
            assert_eq!(proof, expected, "leaf {index} of {size}");
            let root = h(ROOTS[*size as usize - 1]);
            assert_eq!(verify_inclusion(&tree[*index as usize], *index, *size, &proof, &root), Ok(()));
        }
        assert_eq!(inclusion_proof(8, &leaves), Err(ProofError::IndexOutOfRange));
    }

    #[test]
    fn the_consistency_proofs_match_the_published_ct_vectors_and_verify() {
        let leaves = vector_leaves();
        for (first, second, expected) in CONSISTENCY {
            let proof = consistency_proof(*first, &leaves[..*second as usize]).expect("in order");
            let expected: Vec<Hash> = expected.iter().map(|e| h(e)).collect();
            assert_eq!(proof, expected, "{first} to {second}");
            let (a, b) = (h(ROOTS[*first as usize - 1]), h(ROOTS[*second as usize - 1]));
            assert_eq!(verify_consistency(*first, *second, &a, &b, &proof), Ok(()));
        }
        assert_eq!(consistency_proof(9, &leaves), Err(ProofError::SizesOutOfOrder));
    }

    #[test]
    fn every_inclusion_proof_up_to_64_leaves_verifies_and_a_wrong_leaf_or_root_fails() {
        let all = synthetic(64);
        for size in 1..=64usize {
            let tree = &all[..size];
            let root = root(tree);
            for index in 0..size {
                let proof = inclusion_proof(index as u64, tree).expect("in range");
                let (i, n) = (index as u64, size as u64);
                assert_eq!(verify_inclusion(&tree[index], i, n, &proof, &root), Ok(()), "{index} of {size}");
                let wrong_leaf = leaf_hash(b"not in the log");
                assert!(verify_inclusion(&wrong_leaf, i, n, &proof, &root).is_err());
                let mut wrong_root = root;
                wrong_root[0] ^= 1;
                assert!(verify_inclusion(&tree[index], i, n, &proof, &wrong_root).is_err());
                if size > 1 {
                    let other = (index + 1) % size;
                    assert!(verify_inclusion(&tree[index], other as u64, n, &proof, &root).is_err());
                }
            }
        }
    }

    #[test]
    fn every_consistency_proof_up_to_64_leaves_verifies_and_a_wrong_root_fails() {
        let all = synthetic(64);
        let roots: Vec<Hash> = (0..=64).map(|n| root(&all[..n])).collect();
        for second in 1..=64usize {
            for first in 1..=second {
                let proof = consistency_proof(first as u64, &all[..second]).expect("in order");
                let (m, n) = (first as u64, second as u64);
                assert_eq!(verify_consistency(m, n, &roots[first], &roots[second], &proof), Ok(()), "{m} to {n}");
                let mut wrong = roots[first];
                wrong[31] ^= 0x80;
                assert!(verify_consistency(m, n, &wrong, &roots[second], &proof).is_err(), "{m} to {n}");
                let mut wrong = roots[second];
                wrong[0] ^= 1;
                assert!(verify_consistency(m, n, &roots[first], &wrong, &proof).is_err(), "{m} to {n}");
                if first < second {
                    // A history rewritten below `first` makes another tree of `second` leaves.
                    let mut rewritten = all[..second].to_vec();
                    rewritten[first - 1] = leaf_hash(b"rewritten");
                    let forged = consistency_proof(m, &rewritten).expect("in order");
                    assert!(verify_consistency(m, n, &roots[first], &root(&rewritten), &forged).is_err());
                }
            }
        }
    }

    #[test]
    fn the_frontier_gives_the_root_at_every_size() {
        let all = synthetic(100);
        let mut frontier = Frontier::default();
        assert_eq!(frontier.root(), empty_root());
        for (n, leaf) in all.iter().enumerate() {
            frontier.push(*leaf);
            assert_eq!(frontier.size(), n as u64 + 1);
            assert_eq!(frontier.root(), root_by_definition(&all[..=n]), "size {}", n + 1);
        }
    }

    /// The recursive definition of RFC 9162 §2.1.1, to check the iterative one against.
    fn root_by_definition(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n);
                node_hash(&root_by_definition(&leaves[..k]), &root_by_definition(&leaves[k..]))
            }
        }
    }

    /// The cost of a root over 500,000 leaves (run with `--nocapture` to read it).
    #[test]
    fn a_root_over_500_000_leaves_is_measured() {
        let leaves = synthetic(500_000);
        let started = std::time::Instant::now();
        let r = root(&leaves);
        let elapsed = started.elapsed();
        let started = std::time::Instant::now();
        let proof = consistency_proof(250_001, &leaves).expect("in order");
        let proof_elapsed = started.elapsed();
        println!(
            "root over 500000 leaves: {elapsed:?}; consistency proof 250001 -> 500000 ({} hashes): {proof_elapsed:?}",
            proof.len()
        );
        assert_eq!(verify_consistency(250_001, 500_000, &root(&leaves[..250_001]), &r, &proof), Ok(()));
    }
}
