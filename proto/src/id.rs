//! Validated identifiers: a value of these types always satisfies Tencent's rules.

use crate::error::ImError;
use crate::limits::MAX_USER_ID_BYTES;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A UserID: 1..=32 bytes of ASCII letters, digits, `_` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserId(String);

impl UserId {
    /// Checks `raw` against the UserID rules.
    pub fn parse(raw: &str) -> Result<Self, ImError> {
        if raw.is_empty() || raw.len() > MAX_USER_ID_BYTES {
            return Err(ImError::InvalidParameter(format!(
                "UserID must be 1..={MAX_USER_ID_BYTES} bytes, got {}",
                raw.len()
            )));
        }
        if let Some(bad) = raw
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        {
            return Err(ImError::InvalidParameter(format!(
                "UserID {raw:?} has the character {bad:?}; only letters, digits, '_' and '-' are allowed"
            )));
        }
        Ok(UserId(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        UserId::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_allowed_alphabet_up_to_32_bytes() {
        assert!(UserId::parse("alice_01-B").is_ok());
        assert!(UserId::parse(&"a".repeat(32)).is_ok());
    }

    #[test]
    fn refuses_empty_long_and_odd_characters() {
        for bad in ["", &"a".repeat(33), "a b", "ali@ce", "名字", "a/b"] {
            let err = UserId::parse(bad).expect_err(bad);
            assert_eq!(err.code(), 10004, "{bad}");
        }
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<UserId>("\"ok\"").is_ok());
        assert!(serde_json::from_str::<UserId>("\"not ok\"").is_err());
    }
}
