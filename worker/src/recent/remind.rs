//! Receive options kept with the conversation settings, as the engine sets them: a one-to-one
//! conversation's (`setMessageRemindType` with `userIDList`) and the one for all messages
//! (`setAllReceiveMessageOpt`).

use super::{array, invalid, result_of};
use edgechat_proto::group::MsgFlag;
use edgechat_proto::recent::{AllReceiveOpt, RecentState, MAX_PER_CALL};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

fn flag(body: &Value) -> Result<MsgFlag, ImError> {
    let raw = body
        .get("MsgFlag")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("MsgFlag must be a string"))?;
    MsgFlag::parse(raw).map_err(|e| invalid(e.to_string()))
}

fn time(body: &Value, key: &str) -> Result<u64, ImError> {
    body.get(key).and_then(Value::as_u64).ok_or_else(|| {
        invalid(format!(
            "{key} must be a non-negative integer (unix seconds)"
        ))
    })
}

/// `set_c2c_remind {To_Account: [..], MsgFlag}`: each account's result.
pub(super) fn set_c2c_remind(
    state: &mut RecentState,
    body: &Value,
    now: u64,
) -> Result<Value, ImError> {
    let flag = flag(body)?;
    let users = array(body, "To_Account")?;
    if users.is_empty() || users.len() > MAX_PER_CALL {
        return Err(invalid(format!(
            "To_Account must name 1..={MAX_PER_CALL} accounts, it has {}",
            users.len()
        )));
    }
    let results: Vec<Value> = users
        .iter()
        .map(|u| {
            let user = u.as_str().unwrap_or_default();
            let r = UserId::parse(user)
                .map_err(|e| invalid(format!("To_Account {user:?}: {e}")))
                .and_then(|_| {
                    state
                        .set_remind(&format!("C2C{user}"), flag, now)
                        .map(|_| ())
                });
            let (code, info) = result_of(r);
            json!({ "To_Account": user, "ResultCode": code, "ResultInfo": info })
        })
        .collect();
    Ok(json!({ "ResultItem": results }))
}

/// `set_all_receive {MsgFlag, StartTime, EndTime, IsRepeated}`.
pub(super) fn set_all_receive(state: &mut RecentState, body: &Value) -> Result<Value, ImError> {
    let opt = AllReceiveOpt {
        flag: flag(body)?,
        start_time: time(body, "StartTime")?,
        end_time: time(body, "EndTime")?,
        is_repeated: body
            .get("IsRepeated")
            .map_or(Some(true), Value::as_bool)
            .ok_or_else(|| invalid("IsRepeated must be a boolean"))?,
    };
    state.set_all_receive(opt)?;
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_one_options_are_set_per_account() {
        let mut s = RecentState::default();
        let body = json!({ "To_Account": ["bob", "", "carol"], "MsgFlag": "AcceptNotNotify" });
        let r = set_c2c_remind(&mut s, &body, 5).expect("answered");
        let codes: Vec<u64> = (r["ResultItem"].as_array().expect("items").iter())
            .map(|i| i["ResultCode"].as_u64().unwrap_or(1))
            .collect();
        assert_eq!(codes, vec![0, 50002, 0]);
        assert_eq!(s.get("C2Ccarol").remind, Some(MsgFlag::AcceptNotNotify));
        for bad in [
            json!({ "To_Account": [], "MsgFlag": "Discard" }),
            json!({ "To_Account": ["bob"], "MsgFlag": "Sometimes" }),
            json!({ "To_Account": "bob", "MsgFlag": "Discard" }),
        ] {
            let e = set_c2c_remind(&mut s, &bad, 6).expect_err("refused");
            assert_eq!(e.code(), 50002, "{bad}");
        }
    }

    #[test]
    fn the_option_for_all_messages_is_checked() {
        let mut s = RecentState::default();
        let body = json!({ "MsgFlag": "AcceptNotNotify", "StartTime": 100, "EndTime": 3700 });
        set_all_receive(&mut s, &body).expect("set");
        assert_eq!(s.all_receive.as_ref().map(|o| o.is_repeated), Some(true));
        for bad in [
            json!({ "MsgFlag": "AcceptNotNotify", "StartTime": -1, "EndTime": 3700 }),
            json!({ "MsgFlag": "AcceptNotNotify", "StartTime": 1, "EndTime": 3700, "IsRepeated": 1 }),
            json!({ "MsgFlag": "Discard", "StartTime": 1, "EndTime": 2 }),
        ] {
            assert_eq!(
                set_all_receive(&mut s, &bad).expect_err("refused").code(),
                50002
            );
        }
    }
}
