//! Migrating groups from elsewhere (`import_group`, `import_group_member`,
//! `import_group_msg`) and clearing a sender's messages (`delete_group_msg_by_sender`).
//! Imports send no tips or notices; none of them is allowed for an AVChatRoom.

use super::model::Member;
use super::requests::{create_request, u64_of, ImportedMember, ImportedMessage};
use super::rules::{code, create, Caller, CreateRequest, Effects, Group};
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::{GroupId, GroupMessage, GroupType, Priority, Role};
use edgechat_proto::message::validate_body;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Most members of one `import_group_member`.
pub const MAX_IMPORT_MEMBERS: usize = 300;
/// Most messages of one `import_group_msg`.
pub const MAX_IMPORT_MSGS: usize = 20;

/// Runs `import_group` on an empty store (app admins only).
pub fn run_import<S: GroupStore>(
    store: &S,
    caller: &Caller,
    body: &Value,
    id: GroupId,
    now: u64,
) -> Result<Effects, ImError> {
    if !caller.app_admin {
        return Err(code(
            codes::NO_PERMISSION,
            "only an app admin imports groups",
        ));
    }
    let at = u64_of(body, "CreateTime")?;
    crate::group::import::import_group(store, create_request(body, id)?, at, now)
}

fn no_live_rooms(ty: GroupType, what: &str) -> Result<(), ImError> {
    if ty == GroupType::AvChatRoom {
        return Err(code(
            codes::NO_PERMISSION,
            format!("an AVChatRoom cannot be given {what} by import"),
        ));
    }
    Ok(())
}

/// `import_group`: a group as it was elsewhere, with its `CreateTime` (not after `now`).
pub fn import_group<S: GroupStore>(
    store: &S,
    mut req: CreateRequest,
    create_time: Option<u64>,
    now: u64,
) -> Result<Effects, ImError> {
    no_live_rooms(req.ty, "a history")?;
    let at = create_time.unwrap_or(now);
    if at > now {
        return Err(code(
            codes::INVALID_PARAMETER,
            format!("CreateTime {at} is in the future"),
        ));
    }
    req.members.clear();
    let mut fx = create(store, req, at)?;
    fx.notices.clear();
    if let Some(mut p) = store.profile()? {
        p.activated = true;
        store.put_profile(&p)?;
    }
    Ok(fx)
}

impl<S: GroupStore> Group<'_, S> {
    /// Whether `caller` may import `what` here: an app admin, a group that keeps history, and
    /// 1..=max entries in `field`.
    fn may_import(
        &self,
        caller: &Caller,
        what: &str,
        field: &str,
        len: usize,
        max: usize,
    ) -> Result<(), ImError> {
        if !caller.app_admin {
            return Err(code(
                codes::NO_PERMISSION,
                format!("only an app admin imports {what}"),
            ));
        }
        no_live_rooms(self.ty(), what)?;
        if len == 0 || len > max {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("{field} must hold 1..={max} {what}, got {len}"),
            ));
        }
        Ok(())
    }

    /// `import_group_member`: members with their roles and join times; per member
    /// `Result` 0 failed, 1 imported, 2 already a member.
    pub fn import_members(
        &mut self,
        caller: &Caller,
        list: &[ImportedMember],
        now: u64,
    ) -> Result<Effects, ImError> {
        self.may_import(
            caller,
            "members",
            "MemberList",
            list.len(),
            MAX_IMPORT_MEMBERS,
        )?;
        let mut parsed = Vec::with_capacity(list.len());
        for m in list {
            let user = m.user.clone();
            let role = match m.role.as_deref() {
                None | Some("Member") => Role::Member,
                Some("Admin") if self.ty() != GroupType::Work => Role::Admin,
                Some(other) => {
                    return Err(code(
                        codes::INVALID_PARAMETER,
                        format!("Role {other:?} cannot be imported here"),
                    ))
                }
            };
            let joined = m.join_time.unwrap_or(now);
            if joined > now || joined < self.profile.create_time {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    format!("JoinTime of {user} must be between the group's CreateTime and now"),
                ));
            }
            parsed.push((user, role, joined));
        }
        let mut count = self.store.member_count()?;
        let mut fx = Effects::default();
        let mut results = Vec::new();
        for (user, role, joined) in parsed {
            if self.store.member(&user)?.is_some() {
                results.push(json!({ "Member_Account": user, "Result": 2 }));
                continue;
            }
            if count >= self.profile.max_member_num {
                results.push(json!({ "Member_Account": user, "Result": 0 }));
                continue;
            }
            let mut m = Member::new(user.clone(), role, self.ty(), joined);
            m.join_seq = 0; // imported members see the imported history
            self.store.put_member(&m)?;
            count += 1;
            fx.joined.push(user.clone());
            results.push(json!({ "Member_Account": user, "Result": 1 }));
        }
        fx.reply = json!({ "MemberList": results });
        Ok(fx)
    }

    /// `import_group_msg`: up to 20 messages in increasing `SendTime`, each after the group's
    /// creation and not after `now`; stored with SEQs, delivered to nobody.
    pub fn import_messages(
        &mut self,
        caller: &Caller,
        list: &[ImportedMessage],
        now: u64,
    ) -> Result<Effects, ImError> {
        self.may_import(caller, "messages", "MsgList", list.len(), MAX_IMPORT_MSGS)?;
        let mut parsed = Vec::with_capacity(list.len());
        let mut last = self.profile.create_time;
        for (i, m) in list.iter().enumerate() {
            let time = m.send_time;
            if time < last || time > now {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    format!("MsgList[{i}].SendTime {time} must not be before the group's creation, the previous message, or after now"),
                ));
            }
            last = time;
            let body = m.body.clone();
            validate_body(&body, "").map_err(|e| match e {
                ImError::MessageTooLong { .. } => {
                    code(codes::GROUP_MESSAGE_TOO_LONG, e.to_string())
                }
                other => other,
            })?;
            let random = m.random.unwrap_or(0);
            parsed.push(GroupMessage {
                need_read_receipt: false,
                group_id: self.id().to_owned(),
                seq: 0,
                from: m.from.to_string(),
                random,
                time,
                priority: Priority::Normal,
                msg_body: body,
                cloud_custom_data: String::new(),
                at_list: Vec::new(),
                nick: String::new(),
                avatar: String::new(),
                name_card: String::new(),
                recalled: false,
                online_only: false,
                topic_id: None,
            });
        }
        let mut results = Vec::with_capacity(parsed.len());
        for msg in parsed {
            let stored = self.store.append(msg)?;
            results.push(json!({ "MsgSeq": stored.seq, "MsgTime": stored.time, "Result": 0 }));
        }
        self.profile.last_msg_time = self.profile.last_msg_time.max(last);
        self.store.put_profile(&self.profile)?;
        Ok(Effects {
            reply: json!({ "ImportMsgResult": results }),
            ..Effects::default()
        })
    }

    /// `delete_group_msg_by_sender`: removes every message `sender` sent (SEQs stay used:
    /// readers see holes).
    pub fn delete_by_sender(
        &mut self,
        caller: &Caller,
        sender: &UserId,
    ) -> Result<Effects, ImError> {
        if !caller.app_admin {
            return Err(code(
                codes::NO_PERMISSION,
                "only an app admin deletes a sender's messages",
            ));
        }
        let n = self.store.delete_by_sender(sender.as_str())?;
        Ok(Effects {
            reply: json!({ "Deleted": n }),
            ..Effects::default()
        })
    }
}
