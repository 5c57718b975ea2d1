//! `openim/*` commands of the accounts issue: `query_online_status`.

use super::users::{UserOp, Users};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Most accounts per `query_online_status` call.
pub const MAX_STATUS_QUERY: usize = 500;

pub async fn query_online_status<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let list = body
        .get("To_Account")
        .and_then(Value::as_array)
        .ok_or_else(|| ImError::InvalidParameter("To_Account is missing or not an array".into()))?;
    if list.is_empty() || list.len() > MAX_STATUS_QUERY {
        return Err(ImError::TooManyStatusQueries(format!(
            "To_Account has {} accounts, 1..={MAX_STATUS_QUERY} allowed",
            list.len()
        )));
    }
    let detail = match body.get("IsNeedDetail") {
        None => false,
        Some(v) => {
            v.as_u64()
                .ok_or_else(|| ImError::InvalidParameter("IsNeedDetail must be 0 or 1".into()))?
                == 1
        }
    };
    let mut ids = vec![];
    let mut errors = vec![];
    for v in list {
        let raw = v.as_str().unwrap_or("");
        match UserId::parse(raw) {
            Ok(id) => ids.push(id),
            Err(e) => errors.push(json!({ "To_Account": raw, "ErrorCode": e.code() })),
        }
    }
    let results = users.call_each(&ids, UserOp::Status, json!({})).await;
    let mut query = vec![];
    for (id, r) in ids.iter().zip(results) {
        match r {
            Ok(v) => {
                let mut item = json!({ "To_Account": id, "Status": v["Status"].clone() });
                if detail {
                    item["Detail"] = v["Detail"].clone();
                }
                query.push(item);
            }
            Err(e) => errors.push(json!({ "To_Account": id, "ErrorCode": e.code() })),
        }
    }
    let mut out = json!({ "QueryResult": query });
    if !errors.is_empty() {
        out["ErrorList"] = json!(errors);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::users::fake::{run, FakeUsers};
    use super::*;

    #[test]
    fn reports_status_with_and_without_detail() {
        let u = FakeUsers::default();
        u.imported.borrow_mut().insert("a".into(), json!({}));
        u.imported.borrow_mut().insert("b".into(), json!({}));
        u.online.borrow_mut().insert("a".into());
        let r = run(query_online_status(&u, &json!({"To_Account": ["a", "b"]}))).expect("query");
        assert_eq!(
            r,
            json!({"QueryResult": [{"To_Account": "a", "Status": "Online"}, {"To_Account": "b", "Status": "Offline"}]})
        );
        let r = run(query_online_status(
            &u,
            &json!({"IsNeedDetail": 1, "To_Account": ["a", "no one"]}),
        ))
        .expect("detail");
        assert_eq!(
            r["QueryResult"][0]["Detail"],
            json!([{"Platform": "Web", "Status": "Online"}])
        );
        assert_eq!(
            r["ErrorList"],
            json!([{"To_Account": "no one", "ErrorCode": edgechat_proto::codes::INVALID_PARAMETER}])
        );
    }

    #[test]
    fn limits_to_500() {
        let u = FakeUsers::default();
        let ids = |n: usize| (0..n).map(|i| format!("u{i}")).collect::<Vec<_>>();
        assert!(run(query_online_status(&u, &json!({ "To_Account": ids(500) }))).is_ok());
        let e = run(query_online_status(&u, &json!({ "To_Account": ids(501) }))).expect_err("501");
        assert_eq!(e.code(), 90011);
        assert!(run(query_online_status(&u, &json!({ "To_Account": [] }))).is_err());
        assert!(run(query_online_status(&u, &json!({}))).is_err());
    }
}
