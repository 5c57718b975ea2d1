//! Profiles and relationships: `sns` commands (the REST command names and bodies, run as this
//! user) and the refresh a server notice triggers, so the app gets the new list with the event.

use super::{emit, event, Action, Call, ChatCore, Pending, Phase};
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Reads whose answers are kept for offline use (the rest change things and need the server).
const KEPT: &[&str] = &[
    "portrait_get",
    "friend_get",
    "friend_get_list",
    "black_list_get",
    "group_get",
    "pendency_get",
];

/// Where a read's answer is kept: the command and its body (objects serialise with sorted keys,
/// so equal bodies give equal keys).
fn cache_key(op: &str, body: &Value) -> Option<String> {
    KEPT.contains(&op).then(|| format!("{op} {body}"))
}

/// The command that reads the list a notice is about, and the event it feeds.
fn refresh_of(what: &str, user: Option<&str>) -> Option<(&'static str, Value, &'static str)> {
    Some(match what {
        "friends" => (
            "friend_get",
            json!({ "StartIndex": 0 }),
            event::FRIEND_LIST_UPDATED,
        ),
        "applications" => (
            "pendency_get",
            json!({}),
            event::FRIEND_APPLICATION_LIST_UPDATED,
        ),
        "groups" => (
            "group_get",
            json!({ "NeedFriend": "Need_Friend_Type_Yes" }),
            event::FRIEND_GROUP_LIST_UPDATED,
        ),
        "blacklist" => (
            "black_list_get",
            json!({ "StartIndex": 0, "MaxLimited": 1000 }),
            event::BLACKLIST_UPDATED,
        ),
        "profile" => (
            "portrait_get",
            json!({ "To_Account": [user?], "TagList": [] }),
            event::PROFILE_UPDATED,
        ),
        _ => return None,
    })
}

impl ChatCore {
    /// Runs relationship command `op` with a REST-shaped `body`; resolves with its result.
    /// While not synced (offline, or the login under way), a read answered before (in this
    /// session or a stored one) resolves from that answer.
    pub fn sns(&mut self, op: &str, body: Value) -> Result<Call, ImError> {
        let cache = cache_key(op, &body);
        if !self.is_ready() && self.session.me.is_some() && self.session.phase != Phase::Idle {
            if let Some(data) = cache.as_ref().and_then(|c| self.sns_cache.get(c)).cloned() {
                let key = self.key();
                return Ok(Call {
                    key: key.clone(),
                    actions: vec![Action::Resolve { key, data }],
                });
            }
        }
        self.me()?;
        if op.is_empty() || !body.is_object() {
            return Err(ImError::InvalidParameter(
                "sns needs an op and an object body".into(),
            ));
        }
        let key = self.key();
        let op_owned = op.to_owned();
        let pending = match cache {
            Some(cache) => Pending::SnsRead {
                key: key.clone(),
                cache,
            },
            None => Pending::Done { key: key.clone() },
        };
        let action = self.request(
            |req_id| ClientFrame::Sns {
                req_id,
                op: op_owned,
                body,
            },
            pending,
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    pub(super) fn on_sns_result(&mut self, req_id: u64, result: Value, out: &mut Vec<Action>) {
        match self.requests.pending.remove(&req_id) {
            Some(Pending::Done { key }) => out.push(Action::Resolve { key, data: result }),
            Some(Pending::SnsRead { key, cache }) => {
                self.sns_cache.insert(cache, result.clone());
                out.push(Action::Resolve { key, data: result });
            }
            Some(Pending::SnsRefresh { event, op, cache }) => {
                if let Some(cache) = cache {
                    self.sns_cache.insert(cache, result.clone());
                }
                out.push(emit(event, json!({ "op": op, "result": result })));
            }
            _ => {}
        }
    }

    /// A profile or list changed on the server: read it again, then tell the app.
    pub(super) fn on_sns_update(&mut self, what: &str, user: Option<&str>, out: &mut Vec<Action>) {
        let Some((op, body, event)) = refresh_of(what, user) else {
            return;
        };
        let op_name = op.to_owned();
        let cache = cache_key(op, &body);
        out.push(self.request(
            |req_id| ClientFrame::Sns {
                req_id,
                op: op.to_owned(),
                body,
            },
            Pending::SnsRefresh {
                event,
                op: op_name,
                cache,
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_notice_reads_its_list() {
        assert_eq!(refresh_of("friends", None).map(|r| r.0), Some("friend_get"));
        assert_eq!(
            refresh_of("blacklist", None).map(|r| r.2),
            Some(event::BLACKLIST_UPDATED)
        );
        assert_eq!(
            refresh_of("profile", Some("a")).map(|r| r.1["To_Account"][0].clone()),
            Some(json!("a"))
        );
        assert!(refresh_of("profile", None).is_none());
        assert!(refresh_of("weather", None).is_none());
    }
}
