//! How relationship records look in Tencent's answers: per-account result items, the
//! `Tag_SNS_*` view of a friend, an application, and the defaults of unset profile fields.

use super::fields::DEFAULT_ALLOW_TYPE;
use super::store::{Friend, Pendency};
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// One account's result in a batch answer: `ResultCode` 0, or the error's code and message.
pub fn item(to: &str, r: &Result<(), ImError>) -> Value {
    match r {
        Ok(()) => json!({ "To_Account": to, "ResultCode": 0, "ResultInfo": "" }),
        Err(e) => json!({ "To_Account": to, "ResultCode": e.code(), "ResultInfo": e.to_string() }),
    }
}

/// Adds `Fail_Account` (the accounts whose code is not 0, 30539 included) when there are any.
pub fn with_failures(mut out: Value, items: &[Value]) -> Value {
    let failed: Vec<Value> = items
        .iter()
        .filter(|i| i["ResultCode"] != 0)
        .map(|i| i["To_Account"].clone())
        .collect();
    if !failed.is_empty() {
        out["Fail_Account"] = json!(failed);
    }
    out
}

/// The `Tag_SNS_*` items of a friend (unset strings left out, `AddTime` always there).
pub fn sns_items(f: &Friend) -> Vec<Value> {
    let mut items = vec![];
    if !f.groups.is_empty() {
        items.push(json!({ "Tag": "Tag_SNS_IM_Group", "Value": f.groups }));
    }
    for (tag, v) in [
        ("Tag_SNS_IM_Remark", &f.remark),
        ("Tag_SNS_IM_AddSource", &f.add_source),
        ("Tag_SNS_IM_AddWording", &f.add_wording),
    ] {
        if !v.is_empty() {
            items.push(json!({ "Tag": tag, "Value": v }));
        }
    }
    items.push(json!({ "Tag": "Tag_SNS_IM_AddTime", "Value": f.add_time }));
    items.extend(
        f.custom
            .iter()
            .map(|(k, v)| json!({ "Tag": k, "Value": v })),
    );
    items
}

/// An application as `pendency_get` lists it.
pub fn pendency(p: &Pendency) -> Value {
    json!({ "To_Account": p.user, "PendencyType": p.direction.pendency_type(),
            "AddSource": p.source, "AddWording": p.wording, "AddTime": p.time, "Unread": p.unread })
}

/// What a profile field reads as when never set.
pub fn default_value(tag: &str) -> Value {
    match tag {
        "Tag_Profile_IM_AllowType" => json!(DEFAULT_ALLOW_TYPE),
        "Tag_Profile_IM_Gender" => json!("Gender_Type_Unknown"),
        "Tag_Profile_IM_AdminForbidType" => json!("AdminForbid_Type_None"),
        "Tag_Profile_IM_BirthDay"
        | "Tag_Profile_IM_Language"
        | "Tag_Profile_IM_Level"
        | "Tag_Profile_IM_Role"
        | "Tag_Profile_IM_MsgSettings" => json!(0),
        _ => json!(""),
    }
}

/// A page of `all` from `start`: the page and the next start index (0 when it was the last).
pub fn page<T>(all: &[T], start: usize, max: usize) -> (&[T], usize) {
    let from = start.min(all.len());
    let to = (from + max).min(all.len());
    (&all[from..to], if to >= all.len() { 0 } else { to })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_every_non_zero_code() {
        let ok = item("a", &Ok(()));
        let bad = item("b", &Err(ImError::Coded(31704, "no".into())));
        let out = with_failures(json!({}), &[ok.clone(), bad]);
        assert_eq!(out["Fail_Account"], json!(["b"]));
        assert_eq!(with_failures(json!({}), &[ok]).get("Fail_Account"), None);
    }

    #[test]
    fn pages_end_with_zero() {
        let all = [1, 2, 3, 4, 5];
        assert_eq!(page(&all, 0, 2), (&all[0..2], 2));
        assert_eq!(page(&all, 4, 2), (&all[4..5], 0));
        assert_eq!(page(&all, 9, 2), (&all[5..5], 0));
    }

    #[test]
    fn a_friend_shows_set_fields_and_add_time() {
        let f = Friend {
            user: "bob".into(),
            remark: "B".into(),
            add_time: 7,
            ..Default::default()
        };
        let tags: Vec<Value> = sns_items(&f).iter().map(|i| i["Tag"].clone()).collect();
        assert_eq!(
            tags,
            vec![json!("Tag_SNS_IM_Remark"), json!("Tag_SNS_IM_AddTime")]
        );
    }
}
