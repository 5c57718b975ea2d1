//! `im_open_login_svc/*`: account import (one and many), delete, check, and kick.

use super::users::{UserOp, Users};
use crate::account::ImportedProfile;
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Most accounts per import, delete or check call.
pub const MAX_ACCOUNTS_PER_CALL: usize = 100;

fn bad(why: impl Into<String>) -> ImError {
    ImError::AccountParameter(why.into())
}

/// The account named by `UserID` (or the older `Identifier`).
fn user_field(body: &Value) -> Result<UserId, ImError> {
    let raw = body
        .get("UserID")
        .or_else(|| body.get("Identifier"))
        .and_then(Value::as_str)
        .ok_or_else(|| bad("UserID is missing or not a string"))?;
    UserId::parse(raw).map_err(|e| bad(e.to_string()))
}

/// A list field of `{"UserID": …}` items (or plain strings), bounded by `max`.
fn item_list(body: &Value, field: &str, max: usize) -> Result<Vec<Value>, ImError> {
    let items = body
        .get(field)
        .and_then(Value::as_array)
        .ok_or_else(|| bad(format!("{field} is missing or not an array")))?;
    if items.is_empty() || items.len() > max {
        return Err(ImError::BatchQuantity(format!(
            "{field} has {} items, 1..={max} allowed",
            items.len()
        )));
    }
    Ok(items.clone())
}

fn item_id(item: &Value) -> Option<&str> {
    item.as_str()
        .or_else(|| item.get("UserID").and_then(Value::as_str))
        .or_else(|| item.get("Identifier").and_then(Value::as_str))
}

/// Tencent's exact `ResultInfo` for an account that does not exist.
pub const NOT_EXIST_INFO: &str = "Err_TLS_PT_Open_Login_Account_Not_Exist";

fn result_item(id: &str, r: &Result<Value, ImError>) -> Value {
    match r {
        Ok(_) => json!({ "UserID": id, "ResultCode": 0, "ResultInfo": "" }),
        Err(ImError::AccountNotImported(_)) => {
            json!({ "UserID": id, "ResultCode": codes::ACCOUNT_NOT_IMPORTED, "ResultInfo": NOT_EXIST_INFO })
        }
        Err(e) => json!({ "UserID": id, "ResultCode": e.code(), "ResultInfo": e.to_string() }),
    }
}

/// Valid IDs to act on, and a result item for each invalid one, in input order.
fn split_ids(items: &[Value]) -> (Vec<UserId>, Vec<(usize, Value)>) {
    let mut ok = vec![];
    let mut failed = vec![];
    for (i, item) in items.iter().enumerate() {
        let raw = item_id(item).unwrap_or("");
        match UserId::parse(raw) {
            Ok(id) => ok.push(id),
            Err(e) => failed.push((i, result_item(raw, &Err(bad(e.to_string()))))),
        }
    }
    (ok, failed)
}

pub async fn account_import<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let id = user_field(body)?;
    let profile = ImportedProfile {
        nick: body
            .get("Nick")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        face_url: body
            .get("FaceUrl")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
    };
    profile.validate().map_err(|e| bad(e.to_string()))?;
    let body = serde_json::to_value(&profile).map_err(|e| ImError::Internal(e.to_string()))?;
    users.call(&id, UserOp::Import, body).await?;
    Ok(json!({}))
}

/// `multiaccount_import`: `AccountList` of `{UserID, Nick, FaceUrl}` (or the older
/// `Accounts` of plain IDs); accounts that cannot be imported are listed in `FailAccounts`.
pub async fn multiaccount_import<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let field = if body.get("AccountList").is_none() && body.get("Accounts").is_some() {
        "Accounts"
    } else {
        "AccountList"
    };
    let items = item_list(body, field, MAX_ACCOUNTS_PER_CALL)?;
    let mut fail: Vec<String> = vec![];
    let mut calls = vec![];
    for item in &items {
        let raw = item_id(item).unwrap_or("");
        let text = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let profile = ImportedProfile {
            nick: text("Nick"),
            face_url: text("FaceUrl"),
        };
        match (
            UserId::parse(raw),
            profile.validate(),
            serde_json::to_value(&profile),
        ) {
            (Ok(id), Ok(()), Ok(body)) => calls.push((id, body)),
            _ => fail.push(raw.to_owned()),
        }
    }
    let results = users.call_each_with(&calls, UserOp::Import).await;
    fail.extend(
        calls
            .iter()
            .zip(&results)
            .filter(|(_, r)| r.is_err())
            .map(|((id, _), _)| id.to_string()),
    );
    Ok(json!({ "FailAccounts": fail }))
}

pub async fn account_delete<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let items = item_list(body, "DeleteItem", MAX_ACCOUNTS_PER_CALL)?;
    let (ids, failed) = split_ids(&items);
    let results = users.call_each(&ids, UserOp::Delete, json!({})).await;
    let mut out: Vec<Value> = ids
        .iter()
        .zip(&results)
        .map(|(id, r)| result_item(id.as_str(), r))
        .collect();
    for (i, item) in failed {
        out.insert(i.min(out.len()), item);
    }
    Ok(json!({ "ResultItem": out }))
}

pub async fn account_check<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let items = item_list(body, "CheckItem", MAX_ACCOUNTS_PER_CALL)?;
    let (ids, failed) = split_ids(&items);
    let results = users.call_each(&ids, UserOp::Check, json!({})).await;
    let mut out: Vec<Value> = ids
        .iter()
        .zip(&results)
        .map(|(id, r)| {
            let mut item = result_item(id.as_str(), r);
            if let Ok(v) = r {
                let imported = v.get("imported").and_then(Value::as_bool).unwrap_or(false);
                item["AccountStatus"] = json!(if imported { "Imported" } else { "NotImported" });
            }
            item
        })
        .collect();
    for (i, item) in failed {
        out.insert(i.min(out.len()), item);
    }
    Ok(json!({ "ResultItem": out }))
}

pub async fn kick<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let id = user_field(body)?;
    users.call(&id, UserOp::Kick, json!({})).await?;
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::super::users::fake::{run, FakeUsers};
    use super::*;

    fn ids(n: usize) -> Vec<Value> {
        (0..n)
            .map(|i| json!({ "UserID": format!("u{i}") }))
            .collect()
    }

    #[test]
    fn import_takes_the_new_and_the_old_field_name() {
        let u = FakeUsers::default();
        run(account_import(
            &u,
            &json!({"UserID": "a", "Nick": "Ann", "FaceUrl": "http://x/a.png"}),
        ))
        .expect("new");
        run(account_import(&u, &json!({"Identifier": "b"}))).expect("old");
        assert_eq!(
            u.imported.borrow()["a"],
            json!({"Nick": "Ann", "FaceUrl": "http://x/a.png"})
        );
        assert!(u.imported.borrow().contains_key("b"));
    }

    #[test]
    fn import_refuses_bad_input_and_stores_nothing() {
        let u = FakeUsers::default();
        for body in [
            json!({}),
            json!({"UserID": "a b"}),
            json!({"UserID": 5}),
            json!({"UserID": "a", "Nick": "n".repeat(501)}),
        ] {
            let e = run(account_import(&u, &body)).expect_err("bad");
            assert_eq!(e.code(), 70402, "{body}");
        }
        assert!(u.imported.borrow().is_empty());
    }

    #[test]
    fn multi_import_reports_fail_accounts_and_limits_to_100() {
        let u = FakeUsers::default();
        let r = run(multiaccount_import(
            &u,
            &json!({"AccountList": ["a", "bad id", "c"]}),
        ))
        .expect("ok");
        assert_eq!(r, json!({"FailAccounts": ["bad id"]}));
        assert_eq!(u.imported.borrow().len(), 2);
        let hundred: Vec<String> = (0..100).map(|i| format!("m{i}")).collect();
        run(multiaccount_import(&u, &json!({ "AccountList": hundred }))).expect("100");
        let many: Vec<String> = (0..101).map(|i| format!("x{i}")).collect();
        let e = run(multiaccount_import(&u, &json!({ "AccountList": many }))).expect_err("101");
        assert_eq!(e.code(), 70206);
        run(multiaccount_import(
            &u,
            &json!({"AccountList": [{"UserID": "p", "Nick": "Pat"}]}),
        ))
        .expect("objects");
        assert_eq!(u.imported.borrow()["p"]["Nick"], "Pat");
        run(multiaccount_import(&u, &json!({"Accounts": ["q"]}))).expect("old form");
        assert!(u.imported.borrow().contains_key("q"));
        assert!(
            !u.imported.borrow().contains_key("x0"),
            "nothing of a refused call is done"
        );
    }

    #[test]
    fn check_and_delete_report_per_item() {
        let u = FakeUsers::default();
        run(account_import(&u, &json!({"UserID": "a"}))).expect("import");
        let r = run(account_check(
            &u,
            &json!({"CheckItem": [{"UserID": "a"}, {"UserID": "b"}, {"UserID": ""}]}),
        ))
        .expect("check");
        assert_eq!(
            r["ResultItem"][0],
            json!({"UserID": "a", "ResultCode": 0, "ResultInfo": "", "AccountStatus": "Imported"})
        );
        assert_eq!(r["ResultItem"][1]["AccountStatus"], "NotImported");
        assert_eq!(r["ResultItem"][2]["ResultCode"], 70402);
        let r = run(account_delete(
            &u,
            &json!({"DeleteItem": [{"UserID": "a"}]}),
        ))
        .expect("delete");
        assert_eq!(
            r["ResultItem"][0],
            json!({"UserID": "a", "ResultCode": 0, "ResultInfo": ""})
        );
        assert!(u.imported.borrow().is_empty());
        assert_eq!(
            run(account_check(&u, &json!({ "CheckItem": ids(100) }))).map(|_| ()),
            Ok(())
        );
        assert_eq!(
            run(account_check(&u, &json!({ "CheckItem": ids(101) }))).map_err(|e| e.code()),
            Err(70206)
        );
        assert_eq!(
            run(account_delete(&u, &json!({ "DeleteItem": ids(101) }))).map_err(|e| e.code()),
            Err(70206)
        );
        assert_eq!(
            run(account_delete(&u, &json!({ "DeleteItem": [] }))).map_err(|e| e.code()),
            Err(70206)
        );
    }

    #[test]
    fn kick_names_one_account() {
        let u = FakeUsers::default();
        run(multiaccount_import(&u, &json!({"Accounts": ["a", "b"]}))).expect("import");
        assert_eq!(
            run(kick(&u, &json!({"UserID": "ghost"}))).map_err(|e| e.code()),
            Err(70107)
        );
        run(kick(&u, &json!({"UserID": "a"}))).expect("kick");
        run(kick(&u, &json!({"Identifier": "b"}))).expect("old form");
        assert_eq!(*u.kicked.borrow(), vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(run(kick(&u, &json!({}))).map_err(|e| e.code()), Err(70402));
    }
}
