//! `profile/*` and `sns/*` REST commands: each runs in the `From_Account`'s object (the same
//! code the client socket's `sns` command runs); `portrait_get` reads each target's object.

use super::users::{UserOp, Users};
use crate::sns::fields::is_profile_tag;
use crate::sns::service::MAX_PER_CALL;
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// The sns commands that run as `From_Account`.
const AS_USER: [&str; 17] = [
    "profile/portrait_set",
    "sns/friend_add",
    "sns/friend_import",
    "sns/friend_update",
    "sns/friend_delete",
    "sns/friend_delete_all",
    "sns/friend_check",
    "sns/friend_get",
    "sns/friend_get_list",
    "sns/black_list_add",
    "sns/black_list_delete",
    "sns/black_list_get",
    "sns/black_list_check",
    "sns/group_add",
    "sns/group_delete",
    "sns/group_get",
    "sns/pendency_get",
];

/// Whether `api` is one of this file's commands.
pub fn handles(api: &str) -> bool {
    api == "profile/portrait_get" || AS_USER.contains(&api)
}

fn from_account(body: &Value, missing: u32) -> Result<UserId, ImError> {
    let raw = body
        .get("From_Account")
        .and_then(Value::as_str)
        .ok_or_else(|| ImError::Coded(missing, "From_Account is missing".into()))?;
    UserId::parse(raw).map_err(|e| ImError::Coded(missing, format!("From_Account: {e}")))
}

pub async fn run<U: Users>(
    users: &U,
    api: &str,
    body: &Value,
    custom: &[String],
) -> Result<Value, ImError> {
    if api == "profile/portrait_get" {
        for tag in body
            .get("TagList")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let tag = tag.as_str().unwrap_or("");
            if !is_profile_tag(tag, custom) {
                return Err(ImError::Coded(
                    codes::PROFILE_TAG_UNKNOWN,
                    format!("{tag} is not a profile field"),
                ));
            }
        }
        return portrait_get(users, body).await;
    }
    let (service, cmd) = api.split_once('/').unwrap_or(("", api));
    let me = from_account(
        body,
        if service == "profile" {
            codes::PROFILE_INVALID_PARAMETER
        } else {
            codes::SNS_INVALID_PARAMETER
        },
    )?;
    users
        .call(
            &me,
            UserOp::Sns,
            json!({ "me": me, "cmd": cmd, "body": body }),
        )
        .await
}

async fn portrait_get<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let list = body
        .get("To_Account")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ImError::Coded(codes::PROFILE_MISSING_FIELD, "To_Account is missing".into())
        })?;
    if list.is_empty() {
        return Err(ImError::Coded(
            codes::PROFILE_MISSING_FIELD,
            "To_Account is empty".into(),
        ));
    }
    if list.len() > MAX_PER_CALL {
        return Err(ImError::Coded(
            codes::PROFILE_INVALID_PARAMETER,
            format!(
                "To_Account has {} accounts, at most {MAX_PER_CALL}",
                list.len()
            ),
        ));
    }
    let tags = body.get("TagList").cloned().unwrap_or(json!([]));
    let ids: Vec<Result<UserId, ImError>> = list
        .iter()
        .map(|v| UserId::parse(v.as_str().unwrap_or("")))
        .collect();
    let valid: Vec<UserId> = ids
        .iter()
        .filter_map(|r| r.as_ref().ok().cloned())
        .collect();
    let exists = users.call_each(&valid, UserOp::Check, json!({})).await;
    let profiles = users
        .call_each(&valid, UserOp::Profile, json!({ "tags": tags }))
        .await;
    let mut out = vec![];
    let mut fail = vec![];
    for (raw, id) in list.iter().zip(&ids) {
        let Ok(id) = id else {
            out.push(
                json!({ "To_Account": raw, "ResultCode": codes::PROFILE_INVALID_PARAMETER, "ResultInfo": "invalid UserID" }),
            );
            fail.push(raw.clone());
            continue;
        };
        let i = valid.iter().position(|v| v == id).unwrap_or(0);
        let imported = exists
            .get(i)
            .and_then(|r| r.as_ref().ok())
            .is_some_and(|v| v["imported"] == true);
        match (imported, profiles.get(i)) {
            (true, Some(Ok(p))) => out.push(json!({ "To_Account": id, "ProfileItem": p["ProfileItem"], "ResultCode": 0, "ResultInfo": "" })),
            _ => {
                out.push(json!({ "To_Account": id, "ResultCode": codes::PROFILE_ACCOUNT_NOT_FOUND, "ResultInfo": "Err_Profile_Account_Not_Exist" }));
                fail.push(json!(id));
            }
        }
    }
    let mut reply = json!({ "UserProfileItem": out });
    if !fail.is_empty() {
        reply["Fail_Account"] = json!(fail);
    }
    Ok(reply)
}
