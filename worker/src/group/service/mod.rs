//! One group's commands with Tencent's REST request and answer fields: parses the body,
//! runs the rules and returns their effects with the answer in `reply`. The same commands
//! serve the REST API (as the app admin) and clients (as a user).

mod attrs;
mod bans;
mod community;
mod extras;
mod marks;
mod members;
mod messages;
mod pins;
mod profile;

use super::custom::{self, FieldDecl};
use super::msg_rate::GroupRate;
use super::perm::Actor;
use super::rules::{Caller, Effects, Group};
use super::store::GroupStore;
use edgechat_proto::{ImError, UserId};
use serde_json::Value;

/// Most members added by one call.
pub const MAX_ADD: usize = 100;
/// Most members removed, muted or looked up by one call.
pub const MAX_BATCH: usize = 500;
/// Most messages of one `group_msg_get_simple`.
pub const MAX_GET_SIMPLE: u64 = 20;

/// What the commands need besides the store.
pub struct Context<'a> {
    pub caller: &'a Caller,
    pub now: u64,
    /// How long a member may recall their own message, in seconds.
    pub recall_window: u64,
    /// The app admin accounts.
    pub admins: &'a [String],
    /// Declared custom group and member fields.
    pub group_fields: &'a [FieldDecl],
    pub member_fields: &'a [FieldDecl],
}

/// A member as REST shows it to `actor`, with the custom fields `actor` may read.
pub(super) fn member_view(
    m: &super::model::Member,
    cx: &Context,
    actor: Actor,
    filter: Option<&[String]>,
) -> Value {
    let mut v = m.to_rest();
    v["AppMemberDefinedData"] = custom::visible(&m.custom, cx.member_fields, actor, filter);
    v
}

/// A join or quit a user made: its pushes (tip, notices) go out now only if the group's rate
/// admits them (`GroupRate::admit_churn`). The change and its stored tip stay either way; a
/// held-back tip goes out with the group's next message (the fan-out sends what lies behind
/// its delivered-up-to cursor first) or the resume alarm.
pub(super) fn churn(rate: &mut GroupRate, user: &UserId, now: u64, mut fx: Effects) -> Effects {
    if (fx.messages.is_empty() && fx.notices.is_empty()) || rate.admit_churn(user.as_str(), now) {
        return fx;
    }
    fx.messages.clear();
    fx.notices.clear();
    fx
}

/// A family's `run`: its answer, or `None` when the command is not one of its own.
type Family<S> = fn(Command<S>) -> Result<Option<Effects>, ImError>;

/// One command on a loaded group, as each family's `run` takes it.
pub(super) struct Command<'c, 's, S: GroupStore> {
    g: &'c mut Group<'s, S>,
    rate: &'c mut GroupRate,
    cx: &'c Context<'c>,
    op: &'c str,
    body: &'c Value,
}

impl<'c, 's, S: GroupStore> Command<'c, 's, S> {
    /// The group, its rate, the context, the command's name and its body.
    fn parts(
        self,
    ) -> (
        &'c mut Group<'s, S>,
        &'c mut GroupRate,
        &'c Context<'c>,
        &'c str,
        &'c Value,
    ) {
        (self.g, self.rate, self.cx, self.op, self.body)
    }
}

/// A command's answer with no other effect.
pub(super) fn reply(v: Value) -> Effects {
    Effects {
        reply: v,
        ..Effects::default()
    }
}

/// Runs one command on an existing group: each family of commands lives in its own file.
pub fn run<S: GroupStore>(
    g: &mut Group<S>,
    rate: &mut GroupRate,
    cx: &Context,
    op: &str,
    body: &Value,
) -> Result<Effects, ImError> {
    let families: [Family<S>; 9] = [
        profile::run,
        members::run,
        messages::run,
        community::run,
        attrs::run,
        pins::run,
        extras::run,
        marks::run,
        bans::run,
    ];
    for family in families {
        let c = Command {
            g: &mut *g,
            rate: &mut *rate,
            cx,
            op,
            body,
        };
        if let Some(fx) = family(c)? {
            return Ok(fx);
        }
    }
    Err(ImError::UnknownCommand(format!("group command {op}")))
}

#[cfg(test)]
mod tests;
