//! GroupDo: one Durable Object per group. It owns the group's profile, members and message
//! log (the SEQ), runs the rules in `group`, and carries out their effects: telling members'
//! user objects who joined or left, and fanning messages, recalls and notices out through
//! the socket hubs, one call per hub with members (each frame encoded once). Messages and
//! recalls are answered as soon as they are stored; a pump delivers them after, in batches
//! (`group::fanout`, `group::pump`), to the hubs subscribed to the group (`hub::room`): the
//! hubs know which members are online on them, so the group's work per message is bounded by
//! hubs. Nothing is written per member per message: members' unread counts come from the log
//! when asked (`group::summary`).

mod carry_out;
mod create;

pub use create::create_group;

use crate::config::AppConfig;
use crate::edge::platform::now_secs;
use crate::edge::stub;
use crate::group::fanout::{resume_range, Delivery, FanOutQueue};
use crate::group::msg_rate::GroupRate;
use crate::group::perm::Op;
use crate::group::pump::{self, HubLink};
use crate::group::rules::{Caller, Group};
use crate::group::service::{self, Context};
use crate::group::sql::SqlGroup;
use crate::group::store::GroupStore;
use crate::group::to_user::GroupToUser;
use crate::hub::room::{HubToGroup, RoomMembers, RoomPush, GROUP_PATH};
use crate::hub::{hub_of, HubReply, HubRequest};
use edgechat_proto::codes;
use edgechat_proto::group::GroupId;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use worker::{
    console_error, durable_object, DurableObject, Env, Method, Request, Response, Result, State,
};
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
                crate::group::import::run_import(store, &caller, &call.body, gid, now)?
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
        if call.op == "get_online_member_num" {
            group.require(&caller, Op::ReadMembers)?;
            return Ok(json!({ "OnlineMemberNum": self.online_members(&id).await? }));
        }
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
        self.tell_users(&members, &call).await;
        self.rooms_changed(id, &[], &members, true).await?;
        store.wipe()?;
        store.clear_profile()?;
        Ok(())
    }

    /// Members online now: the sum of what each subscribed hub holds of the group (asked with
    /// an empty change; a hub that does not answer counts none).
    async fn online_members(&self, gid: &str) -> std::result::Result<u32, ImError> {
        let asks = self.store()?.hubs()?.into_iter().map(|hub| async move {
            let ask = HubRequest::Members(RoomMembers {
                group: gid.to_owned(),
                ..RoomMembers::default()
            });
            stub::hub(&self.env, hub, &ask)
                .await
                .map_or(0, |r| r.online)
        });
        Ok(futures_util::future::join_all(asks).await.into_iter().sum())
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
}

impl DurableObject for GroupDo {
    fn new(state: State, env: Env) -> Self {
        let store = SqlGroup::open(state.storage().sql());
        let config = crate::edge::platform::config(&env);
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
