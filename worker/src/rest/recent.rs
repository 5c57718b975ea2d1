//! `recentcontact/*` REST commands: each runs in the `From_Account`'s object, where the
//! conversation settings live (the same code the engine's `recent` socket command runs).

use super::users::{UserOp, Users};
use edgechat_proto::{codes, ImError, UserId};
use serde_json::{json, Value};

/// Whether `api` is one of this file's commands.
pub fn handles(api: &str) -> bool {
    // Not `recent::ENGINE_COMMANDS`: Tencent has no REST command for pins or receive options.
    api.strip_prefix("recentcontact/").is_some_and(|cmd| {
        cmd == "get_list" || cmd == "delete" || crate::recent::COMMANDS.contains(&cmd)
    })
}

pub async fn run<U: Users>(users: &U, api: &str, body: &Value) -> Result<Value, ImError> {
    let cmd = api.trim_start_matches("recentcontact/");
    let raw = body
        .get("From_Account")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ImError::Coded(
                codes::RECENT_INVALID_PARAMETER,
                "From_Account is missing".into(),
            )
        })?;
    let me = UserId::parse(raw).map_err(|e| {
        ImError::Coded(
            codes::RECENT_INVALID_PARAMETER,
            format!("From_Account: {e}"),
        )
    })?;
    users
        .call(
            &me,
            UserOp::Recent,
            json!({ "me": me, "cmd": cmd, "body": body }),
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::users::fake::{run as block_on, FakeUsers};

    #[test]
    fn only_tencents_commands_are_routed_here() {
        for api in ["get_list", "delete", "mark_contact", "get_contact_group"] {
            assert!(handles(&format!("recentcontact/{api}")), "{api}");
        }
        assert!(!handles("recentcontact/pin_contact"));
        assert!(!handles("recentcontact/set_all_receive"));
        assert!(!handles("recentcontact/delete_all"));
        assert!(!handles("openim/get_list"));
    }

    #[test]
    fn from_account_is_required_and_checked() {
        let users = FakeUsers::default();
        let run = |body: Value| block_on(run(&users, "recentcontact/get_list", &body));
        assert_eq!(run(json!({})).expect_err("refused").code(), 50002);
        assert_eq!(
            run(json!({"From_Account": ""}))
                .expect_err("refused")
                .code(),
            50002
        );
        run(json!({"From_Account": "alice", "StartIndex": 0})).expect("accepted");
        let sent = users.sent.borrow();
        assert_eq!(sent[0]["op"], "/recent/cmd");
        assert_eq!(sent[0]["body"]["cmd"], "get_list");
    }
}
