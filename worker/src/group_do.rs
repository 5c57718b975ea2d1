//! GroupDo: one Durable Object per group. It owns the group's profile, members and message
//! log (the SEQ), runs the rules in `group`, and carries out their effects: telling members'
//! user objects who joined or left, and fanning messages, recalls and notices out through
//! the socket hubs, one call per hub with members (each frame encoded once). Messages and
//! recalls are answered as soon as they are stored; a pump delivers them after, in batches
//! (`group::fanout`, `group::pump`), to the hubs subscribed to the group (`hub::room`): the
//! hubs know which members are online on them, so the group's work per message is bounded by
//! hubs. Nothing is written per member per message: members' unread counts come from the log
//! when asked (`group::summary`).

use crate::config::AppConfig;
use crate::group::fanout::{resume_range, Delivery, FanOutQueue, MAX_RESUME};
use crate::group::model::GroupProfile;
use crate::group::pump::{self, HubLink};
use crate::group::rate::GroupRate;
use crate::group::rules::{Caller, Effects, Group};
use crate::group::service::{self, Context};
use crate::group::sql::SqlGroup;
use crate::group::store::GroupStore;
use crate::group::to_user::{self, GroupToUser};
use crate::hub::room::{HubToGroup, RoomMembers, RoomPush, GROUP_PATH};
use crate::hub::{hub_of, HubReply, HubRequest, MembersByHub, PushItem};
use crate::joined;
use crate::platform::{now_secs, GROUP as BINDING, USER as USER_BINDING};
use crate::stub;
use edgechat_proto::codes;
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::group::{GroupId, GroupType, MsgFlag};
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use worker::{
    console_error, durable_object, DurableObject, Env, Method, Request, Response, Result, State,
};
/// User objects called at once (joins, leaves).
const FAN_OUT_CHUNK: usize = 50;
/// Hub calls one invocation's pump makes before handing over (Workers allow 1,000 subrequests
/// per invocation on the paid plan).
const PUMP_CALLS: usize = 500;
/// A started fan-out checks, this long after, that it finished (or resumes it from the log).
const RESUME_AFTER: Duration = Duration::from_secs(10);

#[durable_object]
pub struct GroupDo {
    state: State,
    env: Env,
    config: std::result::Result<AppConfig, ImError>,
    store: std::result::Result<SqlGroup, ImError>,
    rate: RefCell<GroupRate>,
    /// Messages and recalls waiting to reach the members' sockets.
    fanout: Rc<RefCell<FanOutQueue<()>>>,
    /// What queued deliveries share (hubs hold who the members online are).
    epoch: Rc<()>,
}

/// The group's calls to hubs.
struct Hubs<'a>(&'a Env);

impl HubLink for Hubs<'_> {
    async fn room(&self, hub: u32, push: &RoomPush) -> std::result::Result<HubReply, ImError> {
        stub::hub_as(self.0, hub, &crate::hub::room::RoomCall::Room(push)).await
    }
}

/// A call on the group: who asks, the command and its REST-shaped body (with `GroupId`).
#[derive(Deserialize)]
struct Call {
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    admin: bool,
    op: String,
    #[serde(default)]
    body: Value,
}

fn reply(result: std::result::Result<Value, ImError>) -> Result<Response> {
    Response::from_json(&match result {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "code": e.code(), "message": e.to_string() }),
    })
}

impl GroupDo {
    fn config(&self) -> std::result::Result<&AppConfig, ImError> {
        self.config.as_ref().map_err(Clone::clone)
    }

    fn store(&self) -> std::result::Result<&SqlGroup, ImError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    fn caller(call: &Call) -> std::result::Result<Caller, ImError> {
        let user = match &call.user {
            Some(u) => Some(UserId::parse(u)?),
            None => None,
        };
        if user.is_none() && !call.admin {
            return Err(ImError::Internal("a group call without a caller".into()));
        }
        Ok(Caller {
            user,
            app_admin: call.admin,
        })
    }

    async fn run(&self, call: Call) -> std::result::Result<Value, ImError> {
        let caller = Self::caller(&call)?;
        let store = self.store()?;
        let now = now_secs();
        let id = call.body["GroupId"].as_str().unwrap_or_default().to_owned();
        if call.op == "create_group" || call.op == "import_group" {
            let gid = GroupId::parse(&id)?;
            let fx = if call.op == "import_group" {
                crate::group::requests::run_import(store, &caller, &call.body, gid, now)?
            } else {
                let fields = self.config()?.group_custom_fields.as_slice();
                crate::group::requests::run_create(store, &caller, &call.body, gid, now, fields)?
            };
            let profile = Group::load(store, &id)?.profile;
            return match self.carry_out(&profile, fx).await {
                Ok(v) => Ok(v),
                Err(e) => {
                    // A member could not join (unknown account, joined-group limit): the
                    // group is not created after all.
                    self.undo_create(&id).await?;
                    Err(e)
                }
            };
        }
        let mut group = Group::load(store, &id)?;
        group.history_before_join = self.config()?.history_before_join.contains(&group.ty());
        let cx = Context {
            caller: &caller,
            now,
            recall_window: self.config()?.recall_window_secs,
            admins: &self.config()?.admins,
            group_fields: &self.config()?.group_custom_fields,
            member_fields: &self.config()?.member_custom_fields,
        };
        let fx = {
            let mut rate = self.rate.borrow_mut();
            service::run(&mut group, &mut rate, &cx, &call.op, &call.body)?
        };
        let profile = group.profile.clone();
        self.carry_out(&profile, fx).await
    }

    /// Forgets a group whose creation failed half-way.
    async fn undo_create(&self, id: &str) -> std::result::Result<(), ImError> {
        let store = self.store()?;
        let members: Vec<String> = (store.members(0, usize::MAX)?.into_iter())
            .map(|m| m.user.to_string())
            .collect();
        let call = GroupToUser::Left {
            group_id: id.to_owned(),
        };
        to_users(&self.env, &members, &call).await;
        self.rooms_changed(id, &[], &members, true).await?;
        store.wipe()?;
        store.clear_profile()?;
        Ok(())
    }

    fn hub_count(&self) -> std::result::Result<u32, ImError> {
        Ok(self.config()?.hubs)
    }

    /// Tells the hubs of members who joined (`set`: ID, receives only its own messages) or
    /// left (`remove`), one call per hub with any, so those online there get the group's
    /// pushes or stop; `clear` tells every subscribed hub the group is gone. The hubs'
    /// answers (members of the group online there) keep the subscriptions right.
    async fn rooms_changed(
        &self,
        gid: &str,
        set: &[(String, bool)],
        remove: &[String],
        clear: bool,
    ) -> std::result::Result<(), ImError> {
        let hubs = self.hub_count()?;
        let store = self.store()?;
        let mut subs = store.hubs()?;
        let mut calls: std::collections::BTreeMap<u32, RoomMembers> = Default::default();
        let change = || RoomMembers {
            group: gid.to_owned(),
            clear,
            ..RoomMembers::default()
        };
        for (user, quiet) in set {
            let hub = hub_of(user, hubs);
            (calls.entry(hub).or_insert_with(change).set).push((user.clone(), *quiet));
        }
        for user in remove {
            let hub = hub_of(user, hubs);
            (calls.entry(hub).or_insert_with(change).remove).push(user.clone());
        }
        if clear {
            for hub in &subs {
                calls.entry(*hub).or_insert_with(change);
            }
        }
        let answers = calls.into_iter().map(|(hub, change)| async move {
            let reply = stub::hub(&self.env, hub, &HubRequest::Members(change)).await;
            (hub, reply)
        });
        let before = subs.clone();
        for (hub, reply) in futures_util::future::join_all(answers).await {
            match reply {
                Ok(r) if r.online > 0 && !clear => subs.insert(hub),
                Ok(_) => subs.remove(&hub),
                // A hub that cannot be told keeps its subscription: a push it cannot use
                // costs one call and ends it.
                Err(_) => false,
            };
        }
        if subs != before {
            store.set_hubs(&subs)?;
        }
        Ok(())
    }

    /// A hub gained its first member of the group online, or lost its last.
    fn subscription(&self, call: HubToGroup) -> std::result::Result<Value, ImError> {
        let store = self.store()?;
        if store.profile()?.is_none() {
            return Err(ImError::Coded(
                codes::GROUP_NOT_FOUND,
                "the group does not exist".into(),
            ));
        }
        let mut subs = store.hubs()?;
        let changed = if call.subscribe {
            subs.insert(call.hub)
        } else {
            subs.remove(&call.hub)
        };
        if changed {
            store.set_hubs(&subs)?;
        }
        Ok(json!({ "hubs": subs.len() }))
    }

    /// Runs a pump over the queue; with `arm`, first sets the alarm that checks it finished.
    fn pumped(&self, arm: bool) -> impl std::future::Future<Output = ()> + 'static {
        let (env, queue) = (self.env.clone(), Rc::clone(&self.fanout));
        let store = self.store().ok().cloned();
        let storage = self.state.storage();
        async move {
            if arm {
                let _ = storage.set_alarm(RESUME_AFTER).await;
            }
            let Some(store) = store else { return };
            let Some(gid) = store.profile().ok().flatten().map(|p| p.group_id) else {
                return;
            };
            let done = pump::pump(&Hubs(&env), &store, gid.as_str(), &queue, PUMP_CALLS).await;
            if done.handed_over {
                // The rest goes out from an alarm, in a fresh invocation.
                let _ = storage.set_alarm(Duration::from_millis(1)).await;
            }
        }
    }

    /// The alarm: if a fan-out was lost (the object restarted with messages queued), the
    /// stored messages after the delivered-up-to cursor go out again, from the log.
    async fn resume(&self) -> std::result::Result<(), ImError> {
        if self.fanout.borrow_mut().restart() {
            // A pump that spent its budget left deliveries queued: this invocation goes on.
            self.pumped(false).await;
            return Ok(());
        }
        if self.fanout.borrow().is_pumping() {
            let _ = self.state.storage().set_alarm(RESUME_AFTER).await;
            return Ok(());
        }
        let store = self.store()?;
        let Some((from, to)) = resume_range(store.delivered_upto()?, store.max_seq()?) else {
            return Ok(());
        };
        let messages = store.range(from, to)?;
        if messages.is_empty() {
            store.set_delivered_upto(to)?;
        }
        if self
            .fanout
            .borrow_mut()
            .push(&self.epoch, messages.into_iter().map(Delivery::Message))
        {
            self.pumped(false).await;
        }
        let max = store.max_seq()?;
        if store.delivered_upto()?.is_some_and(|d| d < max) {
            // More was behind than one resume takes, or more arrived: look again soon.
            let _ = self.state.storage().set_alarm(RESUME_AFTER).await;
        }
        Ok(())
    }

    /// Carries out what an operation did; returns its REST answer.
    async fn carry_out(
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
            if !refused.is_empty() {
                fx.joined.retain(|u| !refused.iter().any(|(r, _)| r == u));
                if let Some(list) = fx.reply.get_mut("MemberList").and_then(Value::as_array_mut) {
                    for entry in list.iter_mut() {
                        if refused
                            .iter()
                            .any(|(u, _)| entry["Member_Account"] == u.as_str())
                        {
                            entry["Result"] = json!(0);
                        }
                    }
                } else if let Some((_, e)) = refused.into_iter().next() {
                    return Err(e);
                }
            }
        }
        if fx.dismissed {
            use crate::group_index_do::NAME;
            use crate::platform::GROUP_INDEX as INDEX;
            let body = json!({ "id": gid }).to_string();
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
            if notice.to.len() as u32 >= self.store()?.member_count()? {
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
        if !fx.messages.is_empty() || !fx.recalled.is_empty() {
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
                .chain(fx.recalled.into_iter().map(Delivery::Recalled));
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

/// Creates (`op` = `create_group`) or imports (`import_group`) a group: the given
/// `GroupId` (checked as a custom ID) or a generated one, retried if taken. The app's index
/// reserves it first (refusing past `MAX_GROUPS`). Used by clients (`me` owns it) and REST.
pub async fn create_group(
    env: &Env,
    op: &str,
    me: Option<&UserId>,
    admin: bool,
    mut body: Value,
    max_groups: usize,
) -> std::result::Result<Value, ImError> {
    use crate::group_index_do::NAME;
    use crate::platform::GROUP_INDEX as INDEX;
    let ty = GroupType::parse(body["Type"].as_str().unwrap_or_default())?;
    let custom = match body.get("GroupId") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(GroupId::custom(s, ty)?),
        Some(_) => {
            return Err(ImError::Coded(
                codes::INVALID_PARAMETER,
                "GroupId must be a string".into(),
            ))
        }
    };
    let tries = if custom.is_some() { 1 } else { 4 };
    let mut last = None;
    for _ in 0..tries {
        let id = match &custom {
            Some(id) => id.clone(),
            None => GroupId::generate(ty, entropy()),
        };
        let reserve = json!({ "id": id, "type": ty, "max": max_groups, "now": now_secs() });
        let reserved = stub::call(env, INDEX, NAME, "/reserve", &reserve.to_string()).await?;
        body["GroupId"] = json!(id);
        let call = json!({ "user": me, "admin": admin || me.is_none(), "op": op, "body": body });
        let result = stub::call(env, BINDING, id.as_str(), "/op", &call.to_string()).await;
        if result.is_err() && reserved["inserted"] == true {
            let _ = stub::call(
                env,
                INDEX,
                NAME,
                "/remove",
                &json!({ "id": id }).to_string(),
            )
            .await;
        }
        match result {
            Err(e) if e.code() == codes::GROUP_ID_TAKEN && custom.is_none() => last = Some(e),
            other => return other,
        }
    }
    Err(last.unwrap_or_else(|| ImError::Internal("could not create the group".into())))
}

/// 64 random bits for a generated group ID.
fn entropy() -> u64 {
    let hi = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let lo = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (hi << 32) ^ lo ^ now_secs()
}

impl DurableObject for GroupDo {
    fn new(state: State, env: Env) -> Self {
        let store = SqlGroup::open(state.storage().sql());
        let config = crate::platform::config(&env);
        GroupDo {
            state,
            env,
            config,
            store,
            rate: RefCell::new(GroupRate::default()),
            fanout: Rc::default(),
            epoch: Rc::new(()),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match (req.method(), req.path().as_str()) {
            (Method::Post, "/op") => match stub::body::<Call>(&mut req).await {
                Ok(call) => reply(self.run(call).await),
                Err(e) => reply(Err(e)),
            },
            (Method::Post, GROUP_PATH) => match stub::body::<HubToGroup>(&mut req).await {
                Ok(call) => reply(self.subscription(call)),
                Err(e) => reply(Err(e)),
            },
            _ => Response::error("not found", 404),
        }
    }

    async fn alarm(&self) -> Result<Response> {
        if let Err(e) = self.resume().await {
            console_error!("group fan-out resume failed: {e}");
        }
        Response::ok("")
    }
}
