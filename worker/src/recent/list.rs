//! `recentcontact/get_list`: the user's conversations with their pins, marks and groups,
//! pinned ones first, newest first, a page at a time.

use super::{contact_item, invalid};
use edgechat_proto::recent::{standard_mark, RecentState};
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Conversations per page.
const PAGE: usize = 100;

/// One conversation of the list: its ID (`C2C…` / `GROUP…`) and last activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub id: String,
    pub time: u64,
}

/// An integer field that may be left out (0).
fn index(body: &Value, key: &str) -> Result<u64, ImError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(0),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid(format!("{key} must be a non-negative integer"))),
    }
}

/// One `SessionItem`: `GroupId` (not `ToGroupId`) for groups, and the mark fields when set.
fn session_item(state: &RecentState, e: &ListEntry) -> Value {
    let s = state.get(&e.id);
    let mut item = contact_item(&e.id);
    if let Some(group) = item.as_object_mut().and_then(|o| o.remove("ToGroupId")) {
        item["GroupId"] = group;
    }
    item["MsgTime"] = json!(e.time);
    item["TopFlag"] = json!(u8::from(s.pinned));
    if s.marks != 0 {
        item["StandardMark"] = json!(standard_mark(s.marks));
    }
    if !s.custom_data.is_empty() {
        item["CustomMark"] = json!(s.custom_data);
    }
    if !s.groups.is_empty() {
        item["ContactGroupId"] = json!(s.groups);
    }
    item
}

/// The page of `entries` that `body` (`StartIndex`, …) asks for. Pages are by position in
/// the ordered list: the answer's `StartIndex` is where the next page starts.
pub fn list_page(
    mut entries: Vec<ListEntry>,
    state: &RecentState,
    body: &Value,
) -> Result<Value, ImError> {
    let start = index(body, "StartIndex")? as usize;
    let (stamp, top_stamp, top_start) = (
        index(body, "TimeStamp")?,
        index(body, "TopTimeStamp")?,
        index(body, "TopStartIndex")?,
    );
    index(body, "AssistFlags")?;
    entries.sort_by(|a, b| {
        let pinned = |e: &ListEntry| state.get(&e.id).pinned;
        (pinned(b), b.time, &b.id).cmp(&(pinned(a), a.time, &a.id))
    });
    let page: Vec<Value> = (entries.iter().skip(start).take(PAGE))
        .map(|e| session_item(state, e))
        .collect();
    let next = start + page.len();
    let complete = next >= entries.len();
    Ok(json!({
        "SessionItem": page,
        "CompleteFlag": u8::from(complete),
        "TimeStamp": stamp,
        "StartIndex": if complete { 0 } else { next },
        "TopTimeStamp": top_stamp,
        "TopStartIndex": top_start,
    }))
}
