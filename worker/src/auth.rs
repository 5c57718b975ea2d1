//! Who is calling: checks a login's UserID, SDKAppID and UserSig before any state is touched.

use crate::config::AppConfig;
use edgechat_proto::usersig::{self, SigClaims};
use edgechat_proto::{ImError, UserId};

/// The platforms a session may declare (SPEC §2).
pub const PLATFORMS: [&str; 6] = ["Android", "iPhone", "iPad", "Windows", "Mac", "Web"];

/// A verified login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub user: UserId,
    pub platform: String,
    pub claims: SigClaims,
}

/// Checks the query of a client socket request (`sdkappid`, `identifier`, `usersig`,
/// `platform`) at unix time `now`.
pub fn check_login(
    config: &AppConfig,
    sdkappid: Option<&str>,
    identifier: Option<&str>,
    usersig: Option<&str>,
    platform: Option<&str>,
    now: u64,
) -> Result<Login, ImError> {
    let appid: u64 = sdkappid
        .ok_or_else(|| ImError::InvalidParameter("sdkappid is missing".into()))?
        .parse()
        .map_err(|_| ImError::InvalidParameter("sdkappid is not a number".into()))?;
    if appid != config.sdkappid {
        return Err(ImError::SdkAppIdMismatch {
            signed: appid,
            expected: config.sdkappid,
        });
    }
    let user = UserId::parse(
        identifier.ok_or_else(|| ImError::InvalidParameter("identifier is missing".into()))?,
    )?;
    let sig = usersig.ok_or_else(|| ImError::UserSigMalformed("usersig is missing".into()))?;
    let claims = usersig::verify(
        sig,
        &config.secret_key,
        appid,
        user.as_str(),
        now,
        config.sig_bounds,
    )?;
    let platform = platform.unwrap_or("Web");
    if !PLATFORMS.contains(&platform) {
        return Err(ImError::InvalidParameter(format!(
            "platform {platform:?} is not one of {}",
            PLATFORMS.join(", ")
        )));
    }
    Ok(Login {
        user,
        platform: platform.to_owned(),
        claims,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AppConfig {
        AppConfig::for_tests()
    }

    fn sig(user: &str) -> String {
        usersig::sign(
            "k",
            &SigClaims {
                identifier: user.into(),
                sdkappid: 1_400_000_000,
                time: 100,
                expire: 100,
                userbuf: None,
            },
        )
    }

    #[test]
    fn accepts_a_good_login() {
        let s = sig("alice");
        let l = check_login(
            &config(),
            Some("1400000000"),
            Some("alice"),
            Some(&s),
            None,
            150,
        )
        .expect("login");
        assert_eq!((l.user.as_str(), l.platform.as_str()), ("alice", "Web"));
    }

    #[test]
    fn refuses_each_bad_part_with_its_code() {
        let s = sig("alice");
        let c = config();
        let code = |appid, id, sig: Option<&str>, platform, now| {
            check_login(&c, appid, id, sig, platform, now)
                .map(|_| ())
                .map_err(|e| e.code())
        };
        assert_eq!(
            code(Some("1400000001"), Some("alice"), Some(&s), None, 150),
            Err(70014)
        );
        assert_eq!(
            code(Some("x"), Some("alice"), Some(&s), None, 150),
            Err(edgechat_proto::codes::INVALID_PARAMETER)
        );
        assert_eq!(
            code(Some("1400000000"), Some("bob"), Some(&s), None, 150),
            Err(70013)
        );
        assert_eq!(
            code(Some("1400000000"), Some("a b"), Some(&s), None, 150),
            Err(edgechat_proto::codes::INVALID_PARAMETER)
        );
        assert_eq!(
            code(Some("1400000000"), Some("alice"), None, None, 150),
            Err(70003)
        );
        assert_eq!(
            code(Some("1400000000"), Some("alice"), Some("zz"), None, 150),
            Err(70003)
        );
        assert_eq!(
            code(Some("1400000000"), Some("alice"), Some(&s), None, 200),
            Err(70001)
        );
        assert_eq!(
            code(
                Some("1400000000"),
                Some("alice"),
                Some(&s),
                Some("Fax"),
                150
            ),
            Err(edgechat_proto::codes::INVALID_PARAMETER)
        );
    }
}
