//! Webhook signing secrets at rest. HMAC signing needs the secret itself, so it cannot be stored
//! hashed; it is sealed instead (ChaCha20-Poly1305, `ring`) under a key kept outside the database:
//! a file beside the data, or wherever `GOVERNANCE_WEBHOOK_SECRET_KEY_FILE` says (shared by
//! replicas). A copy of the database alone (a backup, a dump, a replica) then lets no one forge a
//! delivery. A secret stored before sealing is read as it was.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

/// The prefix of a sealed secret (and its additional authenticated data): `sealed1:<hex nonce><hex
/// ciphertext and tag>`.
const SEALED: &str = "sealed1:";

pub struct SecretBox {
    key: LessSafeKey,
    random: SystemRandom,
}

impl SecretBox {
    /// A box for a 32-byte key.
    pub fn new(key: &[u8]) -> Result<SecretBox, String> {
        let key = UnboundKey::new(&CHACHA20_POLY1305, key).map_err(|_| "the key must be 32 bytes".to_string())?;
        Ok(SecretBox { key: LessSafeKey::new(key), random: SystemRandom::new() })
    }

    /// The secret sealed for storage, under a fresh random nonce.
    pub fn seal(&self, secret: &str) -> Result<String, String> {
        let mut nonce = [0u8; NONCE_LEN];
        self.random.fill(&mut nonce).map_err(|_| "no randomness for a nonce".to_string())?;
        let mut sealed = secret.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(SEALED.as_bytes()), &mut sealed)
            .map_err(|_| "could not seal the secret".to_string())?;
        Ok(format!("{SEALED}{}{}", hex::encode(nonce), hex::encode(sealed)))
    }

    /// The secret a stored value holds: opened if sealed, as stored if it predates sealing.
    pub fn open(&self, stored: &str) -> Result<String, String> {
        let Some(sealed) = stored.strip_prefix(SEALED) else { return Ok(stored.to_string()) };
        let mut bytes = hex::decode(sealed).map_err(|_| "a sealed secret is not hexadecimal".to_string())?;
        if bytes.len() < NONCE_LEN {
            return Err("a sealed secret is too short".into());
        }
        let mut body = bytes.split_off(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(&bytes).map_err(|_| "a sealed secret's nonce".to_string())?;
        let opened = self
            .key
            .open_in_place(nonce, Aad::from(SEALED.as_bytes()), &mut body)
            .map_err(|_| "the webhook secret key does not open this secret (another key?)".to_string())?;
        String::from_utf8(opened.to_vec()).map_err(|_| "a sealed secret is not text".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::SecretBox;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_never_shows_the_secret() {
        let secret = "5f1d0c2a".repeat(8);
        let one = SecretBox::new(&[7u8; 32]).unwrap_or_else(|e| panic!("{e}"));
        let sealed = one.seal(&secret).unwrap_or_else(|e| panic!("{e}"));
        assert!(sealed.starts_with("sealed1:") && !sealed.contains(&secret), "{sealed}");
        assert_ne!(one.seal(&secret).ok(), Some(sealed.clone()), "each seal has its own nonce");
        assert_eq!(one.open(&sealed).ok(), Some(secret.clone()));
        let other = SecretBox::new(&[8u8; 32]).unwrap_or_else(|e| panic!("{e}"));
        assert!(other.open(&sealed).is_err());
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('0') { '1' } else { '0' });
        assert!(one.open(&tampered).is_err());
        // A secret stored before sealing is read as it was.
        assert_eq!(one.open(&secret).ok(), Some(secret));
        assert!(SecretBox::new(&[1u8; 16]).is_err());
    }
}
