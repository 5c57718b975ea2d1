//! Carrying out a command's effects: joins recorded in (or refused by) the members' user
//! objects, row changes told to them, notices to their hubs, and messages queued for the pump.

use super::{GroupDo, Hubs};
use crate::edge::platform::{now_secs, USER as USER_BINDING};
use crate::edge::stub;
use crate::group::fanout::{Delivery, MAX_RESUME};
use crate::group::model::GroupProfile;
use crate::group::pump;
use crate::group::rules::Effects;
use crate::group::store::GroupStore;
use crate::group::to_user::{self, GroupToUser};
use crate::hub::{HubRequest, MembersByHub, PushItem};
use crate::joined;
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::group::MsgFlag;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};
use worker::Env;

/// User objects called at once (joins, leaves).
const FAN_OUT_CHUNK: usize = 50;

impl GroupDo {
    /// Tells each of `users`' objects the same change to their row for this group.
    pub(super) async fn tell_users(&self, users: &[String], call: &GroupToUser) {
        to_users(&self.env, users, call).await;
    }

    /// Carries out what an operation did; returns its REST answer.
    pub(super) async fn carry_out(
        &self,
        profile: &GroupProfile,
        mut fx: Effects,
    ) -> std::result::Result<Value, ImError> {
        let gid = profile.group_id.as_str();
        // Joins: each user's object records the group, or refuses (joined-group limit).
        if !fx.joined.is_empty() {
            let seq = self.store()?.max_seq()?;
            let mut refused = Vec::new();
            for user in &fx.joined {
                let mut row = joined::joined(gid, profile.ty, &profile.name, seq, now_secs());
                if let Some(m) = self.store()?.member(user)? {
                    row.join_time = m.join_time;
                    row.read_seq = m.join_seq;
                }
                row.activated = profile.activated || profile.owner.as_ref() == Some(user);
                let call = GroupToUser::Joined {
                    me: user.to_string(),
                    group: Box::new(row),
                };
                if let Err(e) = to_user(&self.env, user.as_str(), &call).await {
                    self.store()?.remove_member(user)?;
                    refused.push((user.clone(), e));
                }
            }
            let users: Vec<UserId> = refused.iter().map(|(u, _)| u.clone()).collect();
            if !refused.is_empty() && !fx.refuse_joins(&users) {
                if let Some((_, e)) = refused.into_iter().next() {
                    return Err(e);
                }
            }
        }
        if fx.dismissed {
            use crate::edge::group_index_do::NAME;
            use crate::edge::platform::GROUP_INDEX as INDEX;
            let body = json!({ "id": gid, "now": crate::edge::platform::now_secs() }).to_string();
            let _ = stub::call(&self.env, INDEX, NAME, "/remove", &body).await;
        }
        if !fx.left.is_empty() {
            let left: Vec<String> = fx.left.iter().map(ToString::to_string).collect();
            let call = GroupToUser::Left {
                group_id: gid.to_owned(),
            };
            to_users(&self.env, &left, &call).await;
        }
        for (user, flag) in &fx.flags {
            let call = GroupToUser::Flag {
                me: user.to_string(),
                group_id: gid.to_owned(),
                flag: *flag,
            };
            let _ = to_user(&self.env, user.as_str(), &call).await;
        }
        // The hubs of members who joined or changed their receive option hear it before the
        // notices; of those who left, after (the notices are for them too).
        if !fx.joined.is_empty() || !fx.flags.is_empty() {
            let quiet = |flag: MsgFlag| flag == MsgFlag::Discard;
            let mut set: Vec<(String, bool)> = (fx.flags.iter())
                .map(|(u, f)| (u.to_string(), quiet(*f)))
                .collect();
            for user in &fx.joined {
                let flag = self.store()?.member(user)?.map(|m| m.msg_flag);
                set.push((
                    user.to_string(),
                    quiet(flag.unwrap_or(profile.ty.default_msg_flag())),
                ));
            }
            self.rooms_changed(gid, &set, &[], false).await?;
        }
        for notice in &fx.notices {
            let mut n = notice.body.clone();
            let now = now_secs();
            n["Time"] = json!(now);
            n["NoticeId"] = json!(format!(
                "{gid}-{}-{now}-{:08x}",
                n["OpType"],
                (js_sys::Math::random() * 4_294_967_295.0) as u32
            ));
            let item = PushItem {
                from: String::new(),
                always: true,
                frame: ServerFrame::GroupNotice { notice: n }.to_text(),
            };
            // A notice for every member goes to the group's room; one for some, to their hubs.
            if notice.everyone || notice.to.len() as u32 >= self.store()?.member_count()? {
                pump::to_room(&Hubs(&self.env), self.store()?, gid, &[item]).await;
            } else {
                let to = MembersByHub::new(
                    notice.to.iter().map(|u| (u.as_str(), false)),
                    self.hub_count()?,
                );
                to_hubs(&self.env, &to, &[item]).await;
            }
        }
        if !fx.left.is_empty() || fx.dismissed {
            let left: Vec<String> = fx.left.iter().map(ToString::to_string).collect();
            self.rooms_changed(gid, &[], &left, fx.dismissed).await?;
        }
        if !fx.messages.is_empty() || !fx.recalled.is_empty() || !fx.modified.is_empty() {
            let store = self.store()?;
            let first = fx
                .messages
                .iter()
                .filter(|m| m.topic_id.is_none() && m.seq > 0)
                .map(|m| m.seq)
                .min();
            let mut backlog = Vec::new();
            match (first, store.delivered_upto()?) {
                // The group's first fan-out: the cursor starts just before it.
                (Some(seq), None) => store.set_delivered_upto(seq - 1)?,
                // A queue was lost (the object restarted): what it held goes out first.
                (Some(seq), Some(d)) if d + 1 < seq && !self.fanout.borrow().is_pumping() => {
                    backlog = store.range(d + 1, (seq - 1).min(d + MAX_RESUME))?;
                }
                _ => {}
            }
            let items = (backlog.into_iter().map(Delivery::Message))
                .chain(fx.messages.into_iter().map(Delivery::Message))
                .chain(fx.recalled.into_iter().map(Delivery::Recalled))
                .chain(fx.modified.into_iter().map(Delivery::Modified));
            if self.fanout.borrow_mut().push(&self.epoch, items) {
                self.state.wait_until(self.pumped(true));
            }
        }
        Ok(fx.reply)
    }
}

/// Tells one user's object of a change to its row for this group.
async fn to_user(env: &Env, user: &str, call: &GroupToUser) -> std::result::Result<Value, ImError> {
    stub::send(env, USER_BINDING, user, to_user::PATH, call).await
}

/// Tells each user's object the same thing, a chunk of calls at a time.
async fn to_users(env: &Env, users: &[String], call: &GroupToUser) {
    for chunk in users.chunks(FAN_OUT_CHUNK) {
        futures_util::future::join_all(chunk.iter().map(|u| to_user(env, u, call))).await;
    }
}

/// Sends `items` to every member in `members`, one call per hub that has any; a hub that does
/// not answer is asked once more (its members catch up by SEQ: their clients pull the gap at
/// the next message or group-list check). Answers how many calls it made.
async fn to_hubs(env: &Env, members: &MembersByHub, items: &[PushItem]) -> usize {
    let calls = members.pushes(items, None).into_iter().map(|(hub, push)| {
        let request = HubRequest::Group(push);
        async move {
            if stub::hub(env, hub, &request).await.is_ok() {
                return 1;
            }
            let _ = stub::hub(env, hub, &request).await;
            2
        }
    });
    futures_util::future::join_all(calls)
        .await
        .into_iter()
        .sum()
}
