//! Group commands' request bodies with Tencent's field names, one file per command family
//! like `service/`: parsed once at the edge (`typed`: a missing required field or a wrong type
//! is 10004 naming it), so the rules take typed values. `create` and `send` hold the two
//! hand-written parsers (fields whose meaning depends on others).

mod attrs;
mod community;
mod create;
mod members;
mod messages;
mod profile;
mod send;

pub use attrs::*;
pub use community::*;
pub use create::{create_request, run_create};
pub use members::*;
pub use messages::*;
pub use profile::*;
pub use send::send_request;

use super::rules::code;
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Most members in one `create_group`.
pub const MAX_CREATE_MEMBERS: usize = 500;

pub(super) fn text(body: &Value, key: &str) -> Result<String, ImError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(code(
            codes::INVALID_PARAMETER,
            format!("{key} must be a string"),
        )),
    }
}

pub(super) fn account(v: &Value, key: &str) -> Result<UserId, ImError> {
    let raw = v.get(key).and_then(Value::as_str).ok_or_else(|| {
        code(
            codes::INVALID_PARAMETER,
            format!("{key} is missing or not a string"),
        )
    })?;
    UserId::parse(raw).map_err(|e| code(codes::INVALID_PARAMETER, format!("{key}: {e}")))
}

pub(super) fn u64_of(body: &Value, key: &str) -> Result<Option<u64>, ImError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
            code(
                codes::INVALID_PARAMETER,
                format!("{key} must be a non-negative integer"),
            )
        }),
    }
}

/// A list of accounts given as strings (`["a", "b"]`) or objects (`[{"Member_Account": "a"}]`),
/// each a valid ID, duplicates dropped; `within` bounds its length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accounts(pub Vec<UserId>);

impl<'de> Deserialize<'de> for Accounts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Item {
            Id(String),
            Member {
                #[serde(rename = "Member_Account")]
                account: String,
            },
        }
        let items = Vec::<Item>::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "must be an array of accounts (strings or {\"Member_Account\": …})",
            )
        })?;
        let mut out: Vec<UserId> = Vec::with_capacity(items.len());
        for item in items {
            let (Item::Id(raw) | Item::Member { account: raw }) = item;
            let id = UserId::parse(&raw).map_err(serde::de::Error::custom)?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(Accounts(out))
    }
}

impl Accounts {
    /// The accounts, if there are 1..=`max` of them (10004 naming `field` otherwise).
    pub fn within(self, field: &str, max: usize) -> Result<Vec<UserId>, ImError> {
        let n = self.0.len();
        if n == 0 || n > max {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("{field} must hold 1..={max} accounts, got {n}"),
            ));
        }
        Ok(self.0)
    }
}

/// Parses a body as the typed request of `op` (10004 with the reason).
pub fn typed<T: serde::de::DeserializeOwned>(op: &str, body: &Value) -> Result<T, ImError> {
    crate::request_body::parse(op, body, codes::INVALID_PARAMETER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    struct Req {
        #[serde(rename = "List")]
        list: Accounts,
    }

    fn list(v: Value) -> Result<Vec<UserId>, ImError> {
        typed::<Req>("cmd", &json!({ "List": v }))?
            .list
            .within("List", 3)
    }

    #[test]
    fn accounts_take_strings_or_member_objects_once_each_within_bounds() {
        let ids = list(json!(["a", {"Member_Account": "b"}, "a"])).expect("ok");
        assert_eq!(
            ids.iter().map(UserId::as_str).collect::<Vec<_>>(),
            ["a", "b"]
        );
        for (bad, why) in [
            (json!([]), "1..=3"),
            (json!(["a", "b", "c", "d"]), "1..=3"),
            (json!(["a", 5]), "List"),
            (json!([{"Account": "a"}]), "List"),
            (json!(["bad id!"]), "List"),
            (json!("a"), "List"),
        ] {
            let e = list(bad.clone()).expect_err("refused");
            assert_eq!(e.code(), codes::INVALID_PARAMETER, "{bad}");
            assert!(e.to_string().contains(why), "{bad}: {e}");
        }
    }
}
