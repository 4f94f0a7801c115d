//! Content hashes: SHA-256 over length-prefixed parts, as hex. The session's fingerprint and
//! the output cache's keys are made with it.

/// SHA-256 over length-prefixed parts, as hex.
pub struct Hasher(sha2::Sha256);

impl Hasher {
    pub fn new() -> Self {
        use sha2::Digest;
        Hasher(sha2::Sha256::new())
    }

    pub fn add(&mut self, bytes: &[u8]) {
        use sha2::Digest;
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    pub fn finish(self) -> String {
        use sha2::Digest;
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}
