//! GroupIndexDo: one object per app that lists its groups, for `get_appid_group_list` and
//! the app's caps on groups (`group::app_caps`). A group is reserved here before it is
//! created and removed when it is dismissed.

use crate::group::app_caps::{self, counts_daily, day_of, AppCounts, GroupCaps};
use edgechat_proto::group::GroupType;
use edgechat_proto::ImError;
use serde::Deserialize;
use serde_json::{json, Value};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, SqlStorageValue,
    State,
};

pub const NAME: &str = "app";

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS app_group (n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, type TEXT NOT NULL, created INTEGER NOT NULL)";
/// Net new groups (created minus dismissed, Communities not counted) per UTC day.
const DAY_SCHEMA: &str =
    "CREATE TABLE IF NOT EXISTS app_day (day INTEGER PRIMARY KEY, net INTEGER NOT NULL)";

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

#[derive(Deserialize)]
struct Net {
    net: f64,
}

#[derive(Deserialize)]
struct TypeRow {
    r#type: String,
}

/// A group type as the index stores it (its serde name, e.g. `AVChatRoom`).
fn type_name(ty: GroupType) -> String {
    match serde_json::to_value(ty) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
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

    fn count_where(
        &self,
        query: &str,
        args: Vec<SqlStorageValue>,
    ) -> std::result::Result<u64, ImError> {
        let rows: Vec<Count> = self
            .sql
            .exec(query, args)
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(rows.first().map_or(0, |r| r.c as u64))
    }

    /// What the app has now, for the caps.
    fn counts(&self, day: u64) -> std::result::Result<AppCounts, ImError> {
        let room = type_name(GroupType::AvChatRoom);
        let net: Vec<Net> = self
            .sql
            .exec(
                "SELECT net FROM app_day WHERE day = ?",
                vec![(day as i64).into()],
            )
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        Ok(AppCounts {
            groups: self.count()?,
            rooms: self.count_where(
                "SELECT count(*) AS c FROM app_group WHERE type = ?",
                vec![room.into()],
            )?,
            net_today: net.first().map_or(0, |n| n.net as i64),
        })
    }

    /// Adds `delta` to the day's net new groups.
    fn add_net(&self, day: u64, delta: i64) -> std::result::Result<(), ImError> {
        self.sql
            .exec(
                "INSERT INTO app_day (day, net) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET net = net + excluded.net",
                vec![(day as i64).into(), delta.into()],
            )
            .map_err(internal)?;
        Ok(())
    }

    /// `{id, type, now, max, rooms, newPerDay}`: admits the group under the app's caps and
    /// lists it; `{inserted}` says whether it was new.
    fn reserve(&self, body: &Value) -> std::result::Result<Value, ImError> {
        let id = body["id"].as_str().unwrap_or_default();
        let ty: GroupType = serde_json::from_value(body["type"].clone()).map_err(|e| {
            ImError::Internal(format!("group index: a reserve without a type: {e}"))
        })?;
        let caps: GroupCaps = serde_json::from_value(body.clone()).unwrap_or_default();
        let now = body["now"].as_u64().unwrap_or(0);
        let day = day_of(now);
        app_caps::admit(ty, self.counts(day)?, caps)?;
        let before = self.count()?;
        self.sql
            .exec(
                "INSERT OR IGNORE INTO app_group (id, type, created) VALUES (?, ?, ?)",
                vec![id.into(), type_name(ty).into(), (now as i64).into()],
            )
            .map_err(internal)?;
        let inserted = self.count()? > before;
        if inserted && counts_daily(ty) {
            self.add_net(day, 1)?;
        }
        Ok(json!({ "inserted": inserted }))
    }

    /// `{id, now}`: the group is gone (dismissed, or its creation failed).
    fn remove(&self, body: &Value) -> std::result::Result<Value, ImError> {
        let id = body["id"].as_str().unwrap_or_default();
        let now = body["now"].as_u64().unwrap_or(0);
        let rows: Vec<TypeRow> = self
            .sql
            .exec("SELECT type FROM app_group WHERE id = ?", vec![id.into()])
            .and_then(|c| c.to_array())
            .map_err(internal)?;
        self.sql
            .exec("DELETE FROM app_group WHERE id = ?", vec![id.into()])
            .map_err(internal)?;
        let daily = rows.first().is_some_and(|r| {
            serde_json::from_value::<GroupType>(Value::String(r.r#type.clone()))
                .is_ok_and(counts_daily)
        });
        if daily {
            self.add_net(day_of(now), -1)?;
        }
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
        let _ = sql.exec(DAY_SCHEMA, None);
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
