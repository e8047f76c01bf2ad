//! [`ApiKey`]: a secret that never shows in `Debug` output.

use std::fmt;

/// An API key (or any bearer token).
///
/// Its `Debug` output is `ApiKey(<redacted>)`, it has no `Display`, and no error of this crate
/// ever includes it. Read it with [`ApiKey::expose`] when it must go on the wire.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key, for example one read from an environment variable.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself. Call it only to send the key, never to log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::ApiKey;

    #[test]
    fn debug_is_redacted_and_expose_gives_the_key() {
        let key = ApiKey::new("sk-secret-123");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(format!("{key:#?}"), "ApiKey(<redacted>)");
        assert_eq!(key.expose(), "sk-secret-123");
        assert_eq!(key.clone().expose(), "sk-secret-123");
    }
}
