//! App configuration: SDKAppID, secret key, admins and flags, read once from Worker vars.

use edgechat_proto::ImError;

/// How the app is set up. Production reads it from Worker vars and secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    pub sdkappid: u64,
    pub secret_key: String,
    /// App admin accounts; the first is the default `administrator`.
    pub admins: Vec<String>,
    /// Local development only: enables `/dev/usersig`.
    pub dev: bool,
}

impl AppConfig {
    /// Builds the config from raw variable values (`SDKAPPID`, `SECRET_KEY`, `ADMINS`,
    /// `EDGECHAT_DEV`), failing with a message that names the bad variable.
    pub fn from_vars(
        sdkappid: Option<String>,
        secret_key: Option<String>,
        admins: Option<String>,
        dev: Option<String>,
    ) -> Result<Self, ImError> {
        let sdkappid = sdkappid
            .ok_or_else(|| ImError::Internal("the SDKAPPID variable is not set".into()))?
            .trim()
            .parse()
            .map_err(|_| ImError::Internal("the SDKAPPID variable is not a number".into()))?;
        let secret_key = secret_key.filter(|k| !k.is_empty()).ok_or_else(|| {
            ImError::Internal(
                "the SECRET_KEY secret is not set (wrangler secret put SECRET_KEY)".into(),
            )
        })?;
        let admins: Vec<String> = admins
            .unwrap_or_else(|| "administrator".into())
            .split(',')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        Ok(AppConfig {
            sdkappid,
            secret_key,
            admins,
            dev: dev.as_deref() == Some("1"),
        })
    }

    pub fn is_admin(&self, user: &str) -> bool {
        self.admins.iter().any(|a| a == user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn reads_vars() {
        let c = AppConfig::from_vars(s("1400000000"), s("k"), s("administrator, ops"), None)
            .expect("config");
        assert_eq!(c.sdkappid, 1_400_000_000);
        assert!(c.is_admin("ops") && c.is_admin("administrator") && !c.is_admin("alice"));
        assert!(!c.dev);
        assert!(
            AppConfig::from_vars(s("1"), s("k"), None, s("1"))
                .expect("dev")
                .dev
        );
    }

    #[test]
    fn names_the_missing_or_bad_variable() {
        let e = AppConfig::from_vars(None, s("k"), None, None).expect_err("no id");
        assert!(e.to_string().contains("SDKAPPID"));
        let e = AppConfig::from_vars(s("x"), s("k"), None, None).expect_err("bad id");
        assert!(e.to_string().contains("SDKAPPID"));
        let e = AppConfig::from_vars(s("1"), s(""), None, None).expect_err("no key");
        assert!(e.to_string().contains("SECRET_KEY"));
    }
}
