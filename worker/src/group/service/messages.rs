//! Messages: sending (`send_group_msg`, system notifications), recalls, history pages
//! (`group_msg_get_simple`, the client's `history` and `sync`), imports, deletes, read
//! positions and receipts.

use super::{reply, Command, MAX_BATCH, MAX_GET_SIMPLE};
use crate::group::requests::{
    send_request, typed, DeleteBySender, GetSimple, History, ImportMessages, ModifyMessage,
    ReadMembers, Recall, SendAs, SetRead, SetUnread, Sync, SystemNotification,
};
use crate::group::rules::{code, Caller, Effects};
use crate::group::send::Sent;
use crate::group::store::GroupStore;
use crate::group::tips::{notice, NoticeKind};
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, rate, cx, op, body) = c.parts();
    let (caller, now) = (cx.caller, cx.now);
    let fx = match op {
        "send_group_msg" => {
            // An app admin sending as `From_Account` sends as that user: as a member, the
            // member's mute applies (unless that account is an app admin too); a user who is
            // not a member is delivered all the same (the seed: 即使发送者不是群成员，消息依然会被下发).
            let from_field = typed::<SendAs>(op, body)?.from;
            let (from, sender) = match (from_field, &caller.user) {
                (Some(from), _) if caller.app_admin => {
                    let admin = cx.admins.iter().any(|a| a == from.as_str())
                        || g.store.member(&from)?.is_none();
                    let sender = Caller {
                        user: Some(from.clone()),
                        app_admin: admin,
                    };
                    (from, sender)
                }
                (_, Some(u)) => (u.clone(), caller.clone()),
                (_, None) => (
                    UserId::parse(cx.admins.first().map_or("administrator", String::as_str))?,
                    caller.clone(),
                ),
            };
            let req = send_request(body, from)?;
            let (sent, fx) = g.send(&sender, req, rate, now)?;
            let m = sent.message();
            let mut fx = fx;
            // `Message` and `Dropped` are for the client adapter; REST answers drop them.
            fx.reply = json!({ "MsgTime": m.time, "MsgSeq": m.seq, "Message": m, "Dropped": matches!(sent, Sent::Dropped(_)) });
            Ok(fx)
        }
        "send_group_system_notification" => {
            if !caller.app_admin {
                return Err(code(
                    codes::NO_PERMISSION,
                    "only an app admin sends group system notifications",
                ));
            }
            let req: SystemNotification = typed(op, body)?;
            let content = req.content;
            if content.is_empty() || content.len() > 300 {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    "Content must be 1..=300 bytes",
                ));
            }
            let to = match req.to {
                Some(to) => to.within("ToMembers_Account", MAX_BATCH)?,
                None => g
                    .store
                    .members(0, usize::MAX)?
                    .into_iter()
                    .map(|m| m.user)
                    .collect(),
            };
            Ok(Effects {
                notices: vec![notice(
                    g.id(),
                    g.ty(),
                    NoticeKind::Custom,
                    &caller.name(),
                    to,
                    json!({ "UserDefinedField": content }),
                )],
                ..Effects::default()
            })
        }
        "set_unread_msg_num" => {
            let req: SetUnread = typed(op, body)?;
            g.set_unread(caller, &req.member, req.unread)
        }
        "modify_group_msg" => {
            let req: ModifyMessage = typed(op, body)?;
            let log = req.topic.unwrap_or_default();
            g.modify_message(caller, &log, req.seq, req.body, req.cloud_custom_data)
        }
        "group_msg_recall" => {
            let req: Recall = typed(op, body)?;
            let seqs: Vec<u64> = req.seqs.iter().map(|m| m.seq).collect();
            if seqs.is_empty() || seqs.len() > 20 {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    "MsgSeqList must hold 1..=20 entries",
                ));
            }
            let log = req.topic.unwrap_or_default();
            let (results, recalled) = g.recall_in(caller, &log, &seqs, cx.recall_window, now)?;
            let list: Vec<Value> = results
                .iter()
                .map(|(s, c)| json!({ "MsgSeq": s, "RetCode": c }))
                .collect();
            Ok(Effects {
                recalled,
                reply: json!({ "RecallRetList": list }),
                ..Effects::default()
            })
        }
        "group_msg_get_simple" => {
            let req: GetSimple = typed(op, body)?;
            let log = req.topic.unwrap_or_default();
            let max = g.store.log_max_seq(&log)?;
            let upto = req.upto.unwrap_or(max).min(max);
            let n = req.number;
            if n == 0 || n > MAX_GET_SIMPLE {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    format!("ReqMsgNumber must be 1..={MAX_GET_SIMPLE}"),
                ));
            }
            let from = upto.saturating_sub(n - 1).max(1);
            let page = g.sync_in(caller, &log, from - 1, n as usize)?;
            let visible_from = page.min_seq.max(from);
            let mut list = Vec::new();
            for seq in (visible_from..=upto).rev() {
                match page.messages.iter().find(|m| m.seq == seq) {
                    Some(m) => list.push(json!({
                        "From_Account": m.from, "IsPlaceMsg": if m.recalled { 1 } else { 0 },
                        "MsgBody": if m.recalled { json!([]) } else { json!(m.msg_body) },
                        "MsgPriority": m.priority, "MsgRandom": m.random, "MsgSeq": m.seq,
                        "MsgTimeStamp": m.time, "CloudCustomData": m.cloud_custom_data,
                        "IsSystemMsg": if m.is_tip() { 1 } else { 0 },
                        "MsgFlag": if m.recalled { 8 } else { 0 },
                    })),
                    None => list.push(
                        json!({ "MsgSeq": seq, "IsPlaceMsg": 1, "MsgBody": [], "MsgFlag": 2 }),
                    ),
                }
            }
            Ok(reply(
                json!({ "GroupId": g.id(), "IsFinished": if from <= page.min_seq { 1 } else { 0 }, "RspMsgList": list }),
            ))
        }
        "import_group_msg" => {
            let req: ImportMessages = typed(op, body)?;
            g.import_messages(caller, &req.messages, now)
        }
        "delete_group_msg_by_sender" => {
            let req: DeleteBySender = typed(op, body)?;
            g.delete_by_sender(caller, &req.sender)
        }
        "set_read" => {
            let me = caller
                .user
                .clone()
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "set_read needs a user"))?;
            let req: SetRead = typed(op, body)?;
            let old = g.member_of(&me)?.msg_seq;
            let m = g.read(&me, req.seq.unwrap_or(u64::MAX))?;
            let notices = g.receipts_for_read(&me, old, m.msg_seq)?;
            let summary = crate::group::summary::summarize(g.store, &g.profile, &m)?;
            Ok(Effects {
                notices,
                ..reply(json!({ "MsgSeq": m.msg_seq, "Summary": summary }))
            })
        }
        "summary" => {
            // My row for this group, from its log (unread, last message, read position).
            let me = caller
                .user
                .clone()
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "summary needs a user"))?;
            let m = g.member_of(&me)?;
            Ok(reply(json!(crate::group::summary::summarize(
                g.store, &g.profile, &m
            )?)))
        }
        "history" => {
            // A page before `before` (newest page first), messages oldest first.
            let req: History = typed(op, body)?;
            let log = req.topic.unwrap_or_default();
            let max = g.store.log_max_seq(&log)?;
            let before = req.before.unwrap_or(max + 1).min(max + 1);
            let count = req.count.unwrap_or(15).clamp(1, 100);
            let from = before.saturating_sub(count).max(1);
            let page = g.sync_in(caller, &log, from - 1, (before - from) as usize)?;
            let messages: Vec<_> = page
                .messages
                .into_iter()
                .filter(|m| m.seq < before)
                .collect();
            let complete = from <= page.min_seq;
            Ok(reply(
                json!({ "messages": messages, "complete": complete, "minSeq": page.min_seq }),
            ))
        }
        "sync" => {
            let req: Sync = typed(op, body)?;
            let log = req.topic.unwrap_or_default();
            let limit = req.limit.unwrap_or(100) as usize;
            let page = g.sync_in(caller, &log, req.since.unwrap_or(0), limit)?;
            Ok(reply(json!({
                "messages": page.messages, "complete": page.complete,
                "maxSeq": page.max_seq, "minSeq": page.min_seq,
            })))
        }
        "read_members" => {
            let req: ReadMembers = typed(op, body)?;
            let read = req.filter.unwrap_or(0) == 0;
            let offset = req.offset.unwrap_or(0) as usize;
            let count = req.count.unwrap_or(100) as usize;
            g.read_members(caller, req.seq, read, offset, count)
        }
        _ => return Ok(None),
    };
    fx.map(Some)
}
