//! The REST envelope: the query string every call carries, the admin check, and the
//! `ActionStatus`/`ErrorCode`/`ErrorInfo` reply.

use crate::config::AppConfig;
use edgechat_proto::usersig::SigClaims;
use edgechat_proto::ImError;
use serde_json::{json, Value};
use std::collections::HashMap;

/// `?sdkappid=&identifier=&usersig=&random=&contenttype=json`
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestQuery {
    pub sdkappid: Option<String>,
    pub identifier: Option<String>,
    pub usersig: Option<String>,
}

impl RestQuery {
    pub fn from_map(q: &HashMap<String, String>) -> Self {
        RestQuery {
            sdkappid: q.get("sdkappid").cloned(),
            identifier: q.get("identifier").cloned(),
            usersig: q.get("usersig").cloned(),
        }
    }
}

/// Checks that the caller is an app admin holding a valid UserSig. `verify` checks the sig.
pub fn check_caller(
    config: &AppConfig,
    q: &RestQuery,
    verify: impl FnOnce(&str, &str) -> Result<SigClaims, ImError>,
) -> Result<String, ImError> {
    let appid: u64 = q
        .sdkappid
        .as_deref()
        .ok_or_else(|| ImError::InvalidParameter("sdkappid is missing from the query".into()))?
        .parse()
        .map_err(|_| ImError::InvalidParameter("sdkappid is not a number".into()))?;
    if appid != config.sdkappid {
        return Err(ImError::SdkAppIdMismatch {
            signed: appid,
            expected: config.sdkappid,
        });
    }
    let id = q
        .identifier
        .as_deref()
        .ok_or_else(|| ImError::InvalidParameter("identifier is missing from the query".into()))?;
    if !config.is_admin(id) {
        return Err(ImError::AdminRequired);
    }
    let sig = q
        .usersig
        .as_deref()
        .ok_or_else(|| ImError::UserSigMalformed("usersig is missing from the query".into()))?;
    verify(sig, id)?;
    Ok(id.to_owned())
}

/// `{"ActionStatus":"FAIL","ErrorCode":…,"ErrorInfo":…}`
pub fn reply_error(e: &ImError) -> Value {
    json!({"ActionStatus": "FAIL", "ErrorCode": e.code(), "ErrorInfo": e.to_string()})
}

/// `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}` plus the command's own fields.
pub fn reply_ok(fields: Value) -> Value {
    let mut v = json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""});
    if let (Some(out), Value::Object(extra)) = (v.as_object_mut(), fields) {
        out.extend(extra);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AppConfig {
        AppConfig {
            admins: vec!["administrator".into(), "ops".into()],
            ..AppConfig::for_tests()
        }
    }

    fn q(appid: &str, id: &str) -> RestQuery {
        RestQuery {
            sdkappid: Some(appid.into()),
            identifier: Some(id.into()),
            usersig: Some("sig".into()),
        }
    }

    fn ok_sig(_: &str, id: &str) -> Result<SigClaims, ImError> {
        Ok(SigClaims {
            identifier: id.into(),
            sdkappid: 1_400_000_000,
            time: 0,
            expire: 1,
            userbuf: None,
        })
    }

    #[test]
    fn admins_pass_others_get_60010() {
        let c = config();
        assert_eq!(
            check_caller(&c, &q("1400000000", "ops"), ok_sig),
            Ok("ops".into())
        );
        let e = check_caller(&c, &q("1400000000", "alice"), ok_sig).expect_err("not admin");
        assert_eq!(e.code(), 60010);
        let e = check_caller(&c, &q("1400000001", "ops"), ok_sig).expect_err("app");
        assert_eq!(e.code(), 70014);
        let e = check_caller(&c, &q("1400000000", "ops"), |_, _| {
            Err(ImError::SignatureMismatch)
        })
        .expect_err("sig");
        assert_eq!(e.code(), 70009);
        let e = check_caller(&c, &RestQuery::default(), ok_sig).expect_err("empty");
        assert_eq!(e.code(), edgechat_proto::codes::INVALID_PARAMETER);
    }

    #[test]
    fn envelopes_use_tencent_fields() {
        assert_eq!(
            reply_ok(json!({"MsgTime": 5})),
            json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgTime":5})
        );
        let e = reply_error(&ImError::JsonParse("eof".into()));
        assert_eq!(
            (e["ActionStatus"].as_str(), e["ErrorCode"].as_u64()),
            (Some("FAIL"), Some(60003))
        );
    }
}
