//! GroupIndexDo: one object per app that lists its groups, for `get_appid_group_list` and
//! the app's group cap (`MAX_GROUPS`). A group is reserved here before it is created and
//! removed when it is dismissed.

use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

pub const NAME: &str = "app";

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS app_group (n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, type TEXT NOT NULL, created INTEGER NOT NULL)";

#[durable_object]
pub struct GroupIndexDo {
    sql: SqlStorage,
}

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("group index: {e}"))
}

#[derive(Deserialize)]
struct Row {
    n: f64,
    id: String,
}

#[derive(Deserialize)]
struct Count {
    c: f64,
}

impl GroupIndexDo {
    fn count(&self) -> std::result::Result<u64, ImError> {
        let rows: Vec<Count> = self
            .sql
            .exec("SELECT count(*) AS c FROM app_group", None)
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.first().map_or(0, |r| r.c as u64))
    }

    fn reserve(&self, body: &Value) -> std::result::Result<Value, ImError> {
        let id = body["id"].as_str().unwrap_or_default();
        let max = body["max"].as_u64().unwrap_or(0);
        if max > 0 && self.count()? >= max {
            return Err(ImError::Coded(
                codes::GROUP_LIMIT,
                format!("the app already has {max} groups, its limit (MAX_GROUPS)"),
            ));
        }
        let ty = body["type"].as_str().unwrap_or_default();
        let now = body["now"].as_u64().unwrap_or(0) as i64;
        let before = self.count()?;
        self.sql
            .exec(
                "INSERT OR IGNORE INTO app_group (id, type, created) VALUES (?, ?, ?)",
                vec![id.into(), ty.into(), now.into()],
            )
            .map_err(internal)?;
        Ok(json!({ "inserted": self.count()? > before }))
    }

    fn remove(&self, body: &Value) -> std::result::Result<Value, ImError> {
        let id = body["id"].as_str().unwrap_or_default();
        self.sql
            .exec("DELETE FROM app_group WHERE id = ?", vec![id.into()])
            .map_err(internal)?;
        Ok(json!({}))
    }

    /// `{Limit, Next, GroupType}` → `{TotalCount, GroupIdList, Next}` (Next 0: the end).
    fn list(&self, body: &Value) -> std::result::Result<Value, ImError> {
        let limit = body["Limit"].as_u64().unwrap_or(10_000).clamp(1, 10_000) as i64;
        let next = body["Next"].as_u64().unwrap_or(0) as i64;
        let ty = body["GroupType"].as_str();
        let (query, args): (&str, Vec<worker::SqlStorageValue>) = match ty {
            Some(t) => (
                "SELECT n, id FROM app_group WHERE n > ? AND type = ? ORDER BY n LIMIT ?",
                vec![next.into(), t.into(), limit.into()],
            ),
            None => (
                "SELECT n, id FROM app_group WHERE n > ? ORDER BY n LIMIT ?",
                vec![next.into(), limit.into()],
            ),
        };
        let rows: Vec<Row> = self
            .sql
            .exec(query, args)
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        let more = rows.len() as i64 == limit;
        let last = rows.last().map_or(0, |r| r.n as u64);
        let ids: Vec<Value> = rows.iter().map(|r| json!({ "GroupId": r.id })).collect();
        Ok(
            json!({ "TotalCount": self.count()?, "GroupIdList": ids, "Next": if more { last } else { 0 } }),
        )
    }
}

impl DurableObject for GroupIndexDo {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        let _ = sql.exec(SCHEMA, None);
        GroupIndexDo { sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let path = req.path();
        let body: Value = crate::edge::stub::body(&mut req)
            .await
            .unwrap_or(Value::Null);
        let result = match path.as_str() {
            "/reserve" => self.reserve(&body),
            "/remove" => self.remove(&body),
            "/list" => self.list(&body),
            _ => return Response::error("not found", 404),
        };
        Response::from_json(&match result {
            Ok(v) => json!({ "ok": v }),
            Err(e) => json!({ "code": e.code(), "message": e.to_string() }),
        })
    }
}
