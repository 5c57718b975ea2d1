//! Community permission groups and topics: each command is one rule in `pmg` or `topics`.

use super::Command;
use crate::group::rules::Effects;
use crate::group::store::GroupStore;
use edgechat_proto::ImError;

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let Command {
        g,
        rate: _,
        cx,
        op,
        body,
    } = c;
    let (caller, now) = (cx.caller, cx.now);
    let fx = match op {
        "create_permission_group" => g.create_pmg(caller, body, now),
        "destroy_permission_group" => g.destroy_pmgs(caller, body),
        "modify_permission_group" => g.modify_pmg(caller, body),
        "get_permission_group" => g.get_pmgs(caller, body),
        "add_permission_group_member" => g.pmg_members(caller, body, true),
        "delete_permission_group_member" => g.pmg_members(caller, body, false),
        "get_permission_group_member_list" => g.pmg_member_list(caller, body),
        "add_topic_permission_group" => g.set_topic_permissions(caller, body, true),
        "set_topic_permission_group" => g.set_topic_permissions(caller, body, false),
        "delete_topic_permission_group" => g.delete_topic_permissions(caller, body),
        "get_topic_permission_group" => g.get_topic_permissions(caller, body),
        "create_topic" => g.create_topic(caller, body, now),
        "get_topic" => g.get_topics(caller, body),
        "modify_topic" => g.modify_topic(caller, body),
        "destroy_topic" => g.destroy_topics(caller, body),
        _ => return Ok(None),
    };
    fx.map(Some)
}
