//! `im_open_login_svc/*`: account import (one and many), delete, check, and kick.

use super::users::{UserOp, Users};
use crate::account::ImportedProfile;
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

/// Most accounts per import, delete or check call.
pub const MAX_ACCOUNTS_PER_CALL: usize = 100;

fn bad(why: impl Into<String>) -> ImError {
    ImError::AccountParameter(why.into())
}

/// A body as the typed request of `cmd` (70402 naming the field that does not fit).
fn parse<T: DeserializeOwned>(cmd: &str, body: &Value) -> Result<T, ImError> {
    crate::request_body::parse(cmd, body, codes::ACCOUNT_INVALID_PARAMETER)
}

/// `account_import` and `kick` name one account: `UserID` (or the older `Identifier`); an
/// import also sets the nickname and avatar.
#[derive(Debug, Deserialize)]
struct OneAccount {
    #[serde(rename = "UserID", alias = "Identifier")]
    user: String,
    #[serde(rename = "Nick", default)]
    nick: Option<String>,
    #[serde(rename = "FaceUrl", default)]
    face_url: Option<String>,
}

impl OneAccount {
    fn id(&self) -> Result<UserId, ImError> {
        UserId::parse(&self.user).map_err(|e| bad(format!("UserID: {e}")))
    }

    fn profile(&self) -> ImportedProfile {
        ImportedProfile {
            nick: self.nick.clone().unwrap_or_default(),
            face_url: self.face_url.clone().unwrap_or_default(),
        }
    }
}

/// An item of an account list: a plain ID or `{"UserID": …}` (with a profile, for imports).
#[derive(Debug)]
enum Item {
    Id(String),
    Account(OneAccount),
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match Value::deserialize(d)? {
            Value::String(s) => Ok(Item::Id(s)),
            v @ Value::Object(_) => OneAccount::deserialize(v)
                .map(Item::Account)
                .map_err(Error::custom),
            _ => Err(Error::custom(
                "an account is an ID string or {\"UserID\": …}",
            )),
        }
    }
}

impl Item {
    fn raw(&self) -> &str {
        match self {
            Item::Id(s) => s,
            Item::Account(a) => &a.user,
        }
    }
}

/// A list of account items, bounded per call.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct Items(Vec<Item>);

impl Items {
    fn within(self, field: &str) -> Result<Vec<Item>, ImError> {
        let n = self.0.len();
        if n == 0 || n > MAX_ACCOUNTS_PER_CALL {
            return Err(ImError::BatchQuantity(format!(
                "{field} has {n} items, 1..={MAX_ACCOUNTS_PER_CALL} allowed"
            )));
        }
        Ok(self.0)
    }
}

/// `multiaccount_import`: `AccountList` (or the older `Accounts`).
#[derive(Debug, Deserialize)]
struct MultiImport {
    #[serde(rename = "AccountList", alias = "Accounts")]
    accounts: Items,
}

/// `account_delete`.
#[derive(Debug, Deserialize)]
struct Delete {
    #[serde(rename = "DeleteItem")]
    items: Items,
}

/// `account_check`.
#[derive(Debug, Deserialize)]
struct Check {
    #[serde(rename = "CheckItem")]
    items: Items,
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
fn split_ids(items: &[Item]) -> (Vec<UserId>, Vec<(usize, Value)>) {
    let mut ok = vec![];
    let mut failed = vec![];
    for (i, item) in items.iter().enumerate() {
        let raw = item.raw();
        match UserId::parse(raw) {
            Ok(id) => ok.push(id),
            Err(e) => failed.push((i, result_item(raw, &Err(bad(e.to_string()))))),
        }
    }
    (ok, failed)
}

pub async fn account_import<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let req: OneAccount = parse("account_import", body)?;
    let id = req.id()?;
    let profile = req.profile();
    profile.validate().map_err(|e| bad(e.to_string()))?;
    let body = serde_json::to_value(&profile).map_err(|e| ImError::Internal(e.to_string()))?;
    users.call(&id, UserOp::Import, body).await?;
    Ok(json!({}))
}

/// `multiaccount_import`: `AccountList` of `{UserID, Nick, FaceUrl}` (or the older
/// `Accounts` of plain IDs); accounts that cannot be imported are listed in `FailAccounts`.
pub async fn multiaccount_import<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let req: MultiImport = parse("multiaccount_import", body)?;
    let items = req.accounts.within("AccountList")?;
    let mut fail: Vec<String> = vec![];
    let mut calls = vec![];
    for item in &items {
        let profile = match item {
            Item::Id(_) => ImportedProfile::default(),
            Item::Account(a) => a.profile(),
        };
        match (
            UserId::parse(item.raw()),
            profile.validate(),
            serde_json::to_value(&profile),
        ) {
            (Ok(id), Ok(()), Ok(body)) => calls.push((id, body)),
            _ => fail.push(item.raw().to_owned()),
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
    let req: Delete = parse("account_delete", body)?;
    let items = req.items.within("DeleteItem")?;
    let (ids, failed) = split_ids(&items);
    // The user's object learns its own ID (to leave its groups as that member).
    let calls: Vec<(UserId, Value)> = (ids.iter())
        .map(|id| (id.clone(), json!({ "user": id })))
        .collect();
    let results = users.call_each_with(&calls, UserOp::Delete).await;
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
    let req: Check = parse("account_check", body)?;
    let items = req.items.within("CheckItem")?;
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
    let id = parse::<OneAccount>("kick", body)?.id()?;
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
    fn bodies_that_do_not_fit_name_the_field() {
        let u = FakeUsers::default();
        for (body, field) in [
            (json!({"UserID": 5}), "UserID"),
            (json!({"AccountList": ["a", 7]}), "AccountList[1]"),
            (
                json!({"AccountList": [{"UserID": "a", "Nick": 3}]}),
                "AccountList[0]",
            ),
            (json!({"CheckItem": "a"}), "CheckItem"),
        ] {
            let r = if body.get("UserID").is_some() {
                run(account_import(&u, &body))
            } else if body.get("CheckItem").is_some() {
                run(account_check(&u, &body))
            } else {
                run(multiaccount_import(&u, &body))
            };
            let e = r.expect_err("refused");
            assert_eq!(e.code(), 70402, "{body}");
            assert!(e.to_string().contains(field), "{body}: {e}");
        }
        assert!(
            u.imported.borrow().is_empty(),
            "nothing of a refused call is done"
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
