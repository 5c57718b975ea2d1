//! A user's account record kept in its own object: imported or not, the profile given at
//! import, and the mobile platforms still reachable by push.

use edgechat_proto::ImError;
use serde::{Deserialize, Serialize};

/// What `account_import` stores (Tencent's field names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedProfile {
    #[serde(rename = "Nick", default)]
    pub nick: String,
    #[serde(rename = "FaceUrl", default)]
    pub face_url: String,
}

/// Longest `Nick` (Tag_Profile_IM_Nick) and `FaceUrl` (Tag_Profile_IM_Image), in bytes.
pub const MAX_NICK_BYTES: usize = 500;
pub const MAX_FACE_URL_BYTES: usize = 500;

impl ImportedProfile {
    pub fn validate(&self) -> Result<(), ImError> {
        if self.nick.len() > MAX_NICK_BYTES {
            return Err(ImError::InvalidParameter(format!(
                "Nick is {} bytes, at most {MAX_NICK_BYTES}",
                self.nick.len()
            )));
        }
        if self.face_url.len() > MAX_FACE_URL_BYTES {
            return Err(ImError::InvalidParameter(format!(
                "FaceUrl is {} bytes, at most {MAX_FACE_URL_BYTES}",
                self.face_url.len()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_lengths_are_checked_at_the_edge() {
        let ok = ImportedProfile {
            nick: "n".repeat(500),
            face_url: "u".repeat(500),
        };
        assert!(ok.validate().is_ok());
        let long = ImportedProfile {
            nick: "n".repeat(501),
            ..Default::default()
        };
        assert_eq!(
            long.validate().map_err(|e| e.code()),
            Err(edgechat_proto::codes::INVALID_PARAMETER)
        );
        let long = ImportedProfile {
            face_url: "u".repeat(501),
            ..Default::default()
        };
        assert_eq!(
            long.validate().map_err(|e| e.code()),
            Err(edgechat_proto::codes::INVALID_PARAMETER)
        );
        let p: ImportedProfile = serde_json::from_str(r#"{"Nick":"a"}"#).expect("json");
        assert_eq!(p.face_url, "");
    }
}
