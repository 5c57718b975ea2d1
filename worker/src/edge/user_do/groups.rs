//! The user's side of groups: the joined-group rows (which groups, type, join time, receive
//! option), brought up to date from each group's log when listed, and the client's group
//! frames forwarded to the group objects as this user. Group messages reach the sockets
//! through the hubs and write nothing here.

use super::UserDo;
use crate::edge::platform::GROUP as GROUP_BINDING;
use crate::edge::stub;
use crate::group::succession::successor;
use crate::group::summary::Summary;
use crate::group::to_user::GroupToUser;
use crate::sns::store::SnsStore;
use edgechat_proto::codes;
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::group::{
    GroupId, GroupMessage, GroupType, JoinedGroup, MsgFlag, Priority, AT_ALL,
};
use edgechat_proto::message::MsgElem;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

/// Groups asked for their summaries at once.
const SUMMARY_CHUNK: usize = 50;

const SCHEMA: &str =
    "CREATE TABLE IF NOT EXISTS joined_group (group_id TEXT PRIMARY KEY, record TEXT NOT NULL)";

fn internal(e: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("joined groups: {e}"))
}

#[derive(Deserialize)]
struct Record {
    record: String,
}

/// A client's group send, as the frame carries it.
pub(super) struct GroupSend {
    pub group_id: String,
    pub topic_id: Option<String>,
    pub random: u32,
    pub msg_body: Vec<MsgElem>,
    pub cloud_custom_data: String,
    pub priority: Priority,
    pub at_list: Vec<String>,
    pub online_only: bool,
    pub need_read_receipt: bool,
}

/// Drops a page's messages up to `cleared`; a history page (`backwards`) that reaches them
/// is complete.
pub(super) fn hide_cleared(page: &mut Value, cleared: u64, backwards: bool) {
    let Some(list) = page["messages"].as_array_mut().filter(|_| cleared > 0) else {
        return;
    };
    let before = list.len();
    list.retain(|m| m["seq"].as_u64().is_some_and(|s| s > cleared));
    if backwards && list.len() < before {
        page["complete"] = json!(true);
    }
}

impl UserDo {
    fn joined_rows(
        &self,
        query: &str,
        args: Vec<worker::SqlStorageValue>,
    ) -> Result<Vec<JoinedGroup>, ImError> {
        let sql = self.state.storage().sql();
        if !self.joined_schema.get() {
            sql.exec(SCHEMA, None).map_err(internal)?;
            self.joined_schema.set(true);
        }
        sql.exec(query, args)
            .and_then(|c| c.to_array::<Record>())
            .map_err(internal)?
            .into_iter()
            .map(|r| serde_json::from_str(&r.record).map_err(internal))
            .collect()
    }

    pub(super) fn joined_groups(&self) -> Result<Vec<JoinedGroup>, ImError> {
        let mut rows = self.joined_rows("SELECT record FROM joined_group", vec![])?;
        rows.sort_by(|a, b| b.time.cmp(&a.time).then(a.group_id.cmp(&b.group_id)));
        Ok(rows)
    }

    fn joined_group(&self, id: &str) -> Result<Option<JoinedGroup>, ImError> {
        Ok(self
            .joined_rows(
                "SELECT record FROM joined_group WHERE group_id = ?",
                vec![id.into()],
            )?
            .into_iter()
            .next())
    }

    fn put_joined(&self, row: &JoinedGroup) -> Result<(), ImError> {
        let text = serde_json::to_string(row).map_err(internal)?;
        self.state
            .storage()
            .sql()
            .exec(
                "INSERT OR REPLACE INTO joined_group (group_id, record) VALUES (?, ?)",
                vec![row.group_id.as_str().into(), text.into()],
            )
            .map(|_| ())
            .map_err(internal)
    }

    /// A group object's call (`/group`): a join, a leave or a receive option.
    pub(super) fn group_told(&self, call: GroupToUser) -> Result<Value, ImError> {
        match call {
            GroupToUser::Joined { me, group } => self.group_joined(&me, *group),
            GroupToUser::Left { group_id } => self.group_left(group_id),
            GroupToUser::Flag { group_id, flag, .. } => self.group_flag(&group_id, flag),
        }
    }

    /// A deleted account leaves its groups (Tencent: 账号删除时，该用户的……群组……数据也会被删除):
    /// each group removes it silently, as an admin's `delete_group_member` would, and tells
    /// this object, which drops the joined row. A group it owns passes first to its earliest
    /// admin, else its earliest member (`group::succession`), or is dismissed when nobody else
    /// is in it. Best effort, one group at a time.
    pub(super) async fn leave_groups_of_deleted(&self, user: &str) {
        let Ok(groups) = self.joined_groups() else {
            return;
        };
        for g in groups {
            let remove =
                json!({ "GroupId": g.group_id, "MemberToDel_Account": [user], "Silence": 1 });
            if self
                .admin_group_op(&g.group_id, "delete_group_member", remove.clone())
                .await
                .is_err()
                && self.owns(&g.group_id, user).await
            {
                self.hand_over(&g.group_id, user, remove).await;
            }
        }
    }

    async fn owns(&self, group: &str, user: &str) -> bool {
        let ask = json!({ "GroupId": group, "User_Account": [user] });
        self.admin_group_op(group, "get_role_in_group", ask)
            .await
            .is_ok_and(|v| v["UserIdList"][0]["Role"] == "Owner")
    }

    /// The deleted `user` owned `group`: a successor takes it over and `user` is removed, or
    /// the group is dismissed.
    async fn hand_over(&self, group: &str, user: &str, remove: Value) {
        let page =
            |role: &str| json!({ "GroupId": group, "MemberRoleFilter": [role], "Limit": 100 });
        let list = |answer: Result<Value, ImError>| {
            answer
                .ok()
                .and_then(|v| v["MemberList"].as_array().cloned())
                .unwrap_or_default()
        };
        let admins = list(
            self.admin_group_op(group, "get_group_member_info", page("Admin"))
                .await,
        );
        let members = list(
            self.admin_group_op(group, "get_group_member_info", page("Member"))
                .await,
        );
        match successor(&admins, &members, user) {
            Some(next) => {
                let change = json!({ "GroupId": group, "NewOwner_Account": next });
                if self
                    .admin_group_op(group, "change_group_owner", change)
                    .await
                    .is_ok()
                {
                    let _ = self
                        .admin_group_op(group, "delete_group_member", remove)
                        .await;
                }
            }
            None => {
                let _ = self
                    .admin_group_op(group, "destroy_group", json!({ "GroupId": group }))
                    .await;
            }
        }
    }

    /// An app admin's group command on `group`.
    async fn admin_group_op(&self, group: &str, op: &str, body: Value) -> Result<Value, ImError> {
        let call = json!({ "admin": true, "op": op, "body": body });
        stub::call(&self.env, GROUP_BINDING, group, "/op", &call.to_string()).await
    }

    /// Records a join; refuses past the joined-group limit.
    fn group_joined(&self, me: &str, row: JoinedGroup) -> Result<Value, ImError> {
        let config = self.config()?;
        if !config.auto_import && !config.is_admin(me) && !self.accounts()?.is_imported()? {
            return Err(ImError::Coded(
                codes::GROUP_ACCOUNT_NOT_FOUND,
                format!("account {me} does not exist (import it first)"),
            ));
        }
        if self.joined_group(&row.group_id)?.is_none() && row.ty != GroupType::AvChatRoom {
            let max = self.config()?.max_joined_groups;
            let count = self
                .joined_groups()?
                .iter()
                .filter(|g| g.ty != GroupType::AvChatRoom)
                .count();
            if count >= max {
                return Err(ImError::Coded(
                    codes::JOINED_GROUPS_FULL,
                    format!("{me} is already in {max} groups, the most allowed"),
                ));
            }
        }
        self.put_joined(&row)?;
        self.broadcast(
            &ServerFrame::GroupUpdate {
                group_id: row.group_id.clone(),
                group: Some(row),
            },
            None,
        );
        Ok(json!({}))
    }

    /// Forgets the group.
    fn group_left(&self, id: String) -> Result<Value, ImError> {
        self.state
            .storage()
            .sql()
            .exec(
                "DELETE FROM joined_group WHERE group_id = ?",
                vec![id.as_str().into()],
            )
            .map_err(internal)?;
        self.broadcast(
            &ServerFrame::GroupUpdate {
                group_id: id,
                group: None,
            },
            None,
        );
        Ok(json!({}))
    }

    /// My groups with what their logs say now (newest SEQ, unread, last message, read
    /// position): each group is asked for its summary, a chunk at a time. A group that
    /// does not answer keeps its stored row (its client still pulls by SEQ).
    pub(super) async fn joined_groups_now(&self, me: &UserId) -> Result<Vec<JoinedGroup>, ImError> {
        let mut rows = self.joined_groups()?;
        for chunk in rows.chunks_mut(SUMMARY_CHUNK) {
            let calls = chunk
                .iter()
                .map(|row| self.group_call(me, "summary", json!({ "GroupId": row.group_id })));
            let answers = futures_util::future::join_all(calls).await;
            for (row, answer) in chunk.iter_mut().zip(answers) {
                if let Some(summary) = answer
                    .ok()
                    .and_then(|v| serde_json::from_value::<Summary>(v).ok())
                {
                    summary.apply_to(row);
                }
            }
        }
        Ok(rows)
    }

    /// My receive option for a group changed.
    fn group_flag(&self, id: &str, flag: MsgFlag) -> Result<Value, ImError> {
        if let Some(mut row) = self.joined_group(id)? {
            row.msg_flag = flag;
            self.put_joined(&row)?;
            self.broadcast(
                &ServerFrame::GroupUpdate {
                    group_id: id.to_owned(),
                    group: Some(row),
                },
                None,
            );
        }
        Ok(json!({}))
    }

    /// Runs a group command on `group` as `me` (or as the app admin, for admin accounts).
    pub(super) async fn group_call(
        &self,
        me: &UserId,
        op: &str,
        mut body: Value,
    ) -> Result<Value, ImError> {
        let admin = self.config()?.is_admin(me.as_str());
        let id = body["GroupId"].as_str().unwrap_or_default().to_owned();
        GroupId::parse(&id)?;
        if !body.is_object() {
            body = json!({ "GroupId": id });
        }
        let call = json!({ "user": me, "admin": admin, "op": op, "body": body });
        stub::call(&self.env, GROUP_BINDING, &id, "/op", &call.to_string()).await
    }

    /// A client's `group` frame.
    pub(super) async fn group_command(
        &self,
        me: &UserId,
        op: &str,
        group_id: Option<String>,
        body: Value,
    ) -> Result<Value, ImError> {
        let mut body = if body.is_object() { body } else { json!({}) };
        if let Some(id) = group_id {
            body["GroupId"] = Value::String(id);
        }
        match op {
            "create_group" => {
                body["Owner_Account"] = json!(me);
                let config = self.config()?;
                crate::edge::group_do::create_group(
                    &self.env,
                    "create_group",
                    Some(me),
                    config.is_admin(me.as_str()),
                    body,
                    config.group_caps(),
                )
                .await
            }
            "set_read" => {
                // Through my row too, so unread counts follow on every device.
                let group = body["GroupId"].as_str().unwrap_or_default().to_owned();
                let seq = body["MsgSeq"].as_u64();
                self.group_read(me, &group, seq).await?;
                Ok(json!({}))
            }
            "history" => {
                // Nothing up to my clear mark (`clearHistoryMessage`) comes back.
                let group = body["GroupId"].as_str().unwrap_or_default().to_owned();
                let cleared = match body.get("TopicId") {
                    Some(_) => 0,
                    None => self.group_cleared(&group)?,
                };
                let mut page = self.group_call(me, op, body).await?;
                hide_cleared(&mut page, cleared, true);
                Ok(page)
            }
            "send_group_msg" => {
                self.sign_as_sender(&mut body);
                self.group_call(me, op, body).await
            }
            "get_joined_group_list" => {
                let groups = self.joined_groups_now(me).await?;
                Ok(json!({ "TotalCount": groups.len(), "GroupIdList": groups }))
            }
            _ => self.group_call(me, op, body).await,
        }
    }

    /// The sender's nick and face, from their own profile, travel with the message (stored
    /// with it): never the ones a client's body names.
    fn sign_as_sender(&self, body: &mut Value) {
        let profile = self.sns().and_then(|s| s.profile()).ok();
        let text = |tag: &str| {
            (profile.as_ref())
                .and_then(|p| p.get(tag))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        body["SenderNick"] = json!(text("Tag_Profile_IM_Nick"));
        body["SenderFaceUrl"] = json!(text("Tag_Profile_IM_Image"));
    }

    /// A client's `groupSend`: the stored message (SEQ 0 if dropped or live-only).
    pub(super) async fn group_send(
        &self,
        me: &UserId,
        s: GroupSend,
    ) -> Result<GroupMessage, ImError> {
        let at: Vec<Value> = s
            .at_list
            .iter()
            .map(|a| {
                if a == AT_ALL {
                    json!({ "GroupAtAllFlag": 1 })
                } else {
                    json!({ "GroupAtAllFlag": 0, "GroupAt_Account": a })
                }
            })
            .collect();
        let mut body = json!({
            "GroupId": s.group_id, "Random": s.random, "MsgBody": s.msg_body,
            "CloudCustomData": s.cloud_custom_data, "MsgPriority": s.priority,
            "GroupAtInfo": at, "OnlineOnlyFlag": u8::from(s.online_only),
            "NeedReadReceipt": u8::from(s.need_read_receipt),
            "From_Account": me,
        });
        if let Some(t) = &s.topic_id {
            body["TopicId"] = json!(t);
        }
        self.sign_as_sender(&mut body);
        let reply = self.group_call(me, "send_group_msg", body).await?;
        let msg: GroupMessage =
            serde_json::from_value(reply["Message"].clone()).map_err(internal)?;
        Ok(msg)
    }

    /// A client's `groupRead`: the group object records the position, then my row.
    pub(super) async fn group_read(
        &self,
        me: &UserId,
        group_id: &str,
        seq: Option<u64>,
    ) -> Result<(), ImError> {
        self.read_group_row(me, group_id, seq, false).await
    }

    /// `clearHistoryMessage` on a group: read to the end, and nothing up to there shown to me
    /// again (my row's `cleared_seq`; the history I am given starts after it).
    pub(super) async fn group_clear(&self, me: &UserId, group_id: &str) -> Result<(), ImError> {
        if group_id.contains(edgechat_proto::group::TOPIC_INFIX) {
            return Err(ImError::InvalidParameter(
                "clearHistoryMessage does not take a topic's conversation".into(),
            ));
        }
        if self.joined_group(group_id)?.is_none() {
            return Err(ImError::Coded(
                codes::NO_PERMISSION,
                format!("you are not a member of group {group_id}"),
            ));
        }
        self.read_group_row(me, group_id, None, true).await
    }

    /// Up to what SEQ group `group_id`'s messages are hidden from me (0: none).
    pub(super) fn group_cleared(&self, group_id: &str) -> Result<u64, ImError> {
        Ok(self.joined_group(group_id)?.map_or(0, |r| r.cleared_seq))
    }

    async fn read_group_row(
        &self,
        me: &UserId,
        group_id: &str,
        seq: Option<u64>,
        clear: bool,
    ) -> Result<(), ImError> {
        let mut body = json!({ "GroupId": group_id });
        if let Some(s) = seq {
            body["MsgSeq"] = json!(s);
        }
        let reply = self.group_call(me, "set_read", body).await?;
        let summary: Summary =
            serde_json::from_value(reply["Summary"].clone()).map_err(internal)?;
        if let Some(mut row) = self.joined_group(group_id)? {
            summary.apply_to(&mut row);
            if clear {
                row.cleared_seq = row.last_seq;
            }
            self.put_joined(&row)?;
            self.broadcast(
                &ServerFrame::GroupUpdate {
                    group_id: group_id.to_owned(),
                    group: Some(row),
                },
                None,
            );
        }
        Ok(())
    }
}
