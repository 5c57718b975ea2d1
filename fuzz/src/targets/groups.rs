//! In-memory groups as the group objects run them: a new group's ID (custom or generated, as
//! `create_group` picks it), creation or import as its caller, and one command on a stored
//! group. `MemGroups` serves the REST layer's [`Groups`] with these.

use super::config;
use edgechat_proto::codes;
use edgechat_proto::group::{GroupId, GroupType, JoinedGroup};
use edgechat_proto::{ImError, UserId};
use edgechat_worker::group::memory::MemoryGroup;
use edgechat_worker::group::msg_rate::GroupRate;
use edgechat_worker::group::rules::{Caller, Effects, Group};
use edgechat_worker::group::service::{run as run_op, Context};
use edgechat_worker::rest::group::Groups;
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The ID `create_group` gives a group: the body's `GroupId` if it has one, else one made from
/// `entropy`.
pub(super) fn new_group_id(body: &Value, entropy: u64) -> Result<GroupId, ImError> {
    let ty = GroupType::parse(body["Type"].as_str().unwrap_or_default())?;
    match body.get("GroupId") {
        None | Some(Value::Null) => Ok(GroupId::generate(ty, entropy)),
        Some(Value::String(s)) if s.is_empty() => Ok(GroupId::generate(ty, entropy)),
        Some(Value::String(s)) => GroupId::custom(s, ty),
        Some(_) => Err(ImError::Coded(
            codes::INVALID_PARAMETER,
            "GroupId must be a string".into(),
        )),
    }
}

/// `create_group` (or `import_group`) into an empty store.
pub(super) fn create(
    store: &MemoryGroup,
    caller: &Caller,
    op: &str,
    body: &Value,
    id: GroupId,
    now: u64,
) -> Result<Effects, ImError> {
    if op == "import_group" {
        edgechat_worker::group::import::run_import(store, caller, body, id, now)
    } else {
        let fields = &config().group_custom_fields;
        edgechat_worker::group::requests::run_create(store, caller, body, id, now, fields)
    }
}

/// One command on the group stored in `store`, loaded afresh as the group object does.
pub(super) fn command(
    store: &MemoryGroup,
    rate: &mut GroupRate,
    caller: &Caller,
    op: &str,
    body: &Value,
    now: u64,
) -> Result<Effects, ImError> {
    let cfg = config();
    let mut group = Group::load(store, "")?;
    group.history_before_join = cfg.history_before_join.contains(&group.ty());
    let cx = Context {
        caller,
        now,
        recall_window: cfg.recall_window_secs,
        admins: &cfg.admins,
        group_fields: &cfg.group_custom_fields,
        member_fields: &cfg.member_custom_fields,
    };
    run_op(&mut group, rate, &cx, op, body)
}

/// The app's groups in memory, reached as the app admin (the REST layer's view).
#[derive(Default)]
pub(super) struct MemGroups {
    groups: RefCell<BTreeMap<String, (Rc<MemoryGroup>, GroupRate)>>,
    made: Cell<u64>,
    pub now: Cell<u64>,
}

impl Groups for MemGroups {
    async fn op(&self, group: &GroupId, op: &str, body: Value) -> Result<Value, ImError> {
        let mut all = self.groups.borrow_mut();
        let Some((store, rate)) = all.get_mut(group.as_str()) else {
            return Err(ImError::Coded(
                codes::GROUP_NOT_FOUND,
                format!("group {:?} does not exist", group.as_str()),
            ));
        };
        let fx = command(store, rate, &Caller::admin(), op, &body, self.now.get())?;
        Ok(fx.reply)
    }

    async fn create(&self, op: &str, body: Value) -> Result<Value, ImError> {
        self.made.set(self.made.get() + 1);
        let id = new_group_id(&body, self.made.get())?;
        if self.groups.borrow().contains_key(id.as_str()) {
            return Err(ImError::Coded(
                codes::GROUP_ID_TAKEN,
                format!("{id} is taken"),
            ));
        }
        let store = Rc::new(MemoryGroup::default());
        create(
            &store,
            &Caller::admin(),
            op,
            &body,
            id.clone(),
            self.now.get(),
        )?;
        let entry = (store, GroupRate::default());
        self.groups.borrow_mut().insert(id.to_string(), entry);
        Ok(json!({ "GroupId": id }))
    }

    async fn app_groups(&self, _body: Value) -> Result<Value, ImError> {
        let ids: Vec<String> = self.groups.borrow().keys().cloned().collect();
        Ok(json!({ "TotalCount": ids.len(), "GroupIdList": ids, "Next": 0 }))
    }

    async fn joined(&self, _user: &UserId) -> Result<Vec<JoinedGroup>, ImError> {
        Ok(vec![])
    }
}
