//! Community permission groups and topics: each body parsed once into its typed request
//! (`requests::community`), then one rule in `pmg` or `topics`.

use super::Command;
use crate::group::requests::typed;
use crate::group::requests::PermissionGroupIds;
use crate::group::rules::Effects;
use crate::group::store::GroupStore;
use edgechat_proto::ImError;

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, _, cx, op, body) = c.parts();
    let (caller, now) = (cx.caller, cx.now);
    let fx = match op {
        "create_permission_group" => g.create_pmg(caller, typed(op, body)?, now),
        "destroy_permission_group" => {
            let req: PermissionGroupIds = typed(op, body)?;
            g.destroy_pmgs(caller, req.ids.unwrap_or_default())
        }
        "modify_permission_group" => g.modify_pmg(caller, typed(op, body)?),
        "get_permission_group" => {
            let req: PermissionGroupIds = typed(op, body)?;
            g.get_pmgs(caller, &req.ids.unwrap_or_default())
        }
        "add_permission_group_member" => g.pmg_members(caller, typed(op, body)?, true),
        "delete_permission_group_member" => g.pmg_members(caller, typed(op, body)?, false),
        "get_permission_group_member_list" => g.pmg_member_list(caller, typed(op, body)?),
        "add_topic_permission_group" => g.set_topic_permissions(caller, typed(op, body)?, true),
        "set_topic_permission_group" => g.set_topic_permissions(caller, typed(op, body)?, false),
        "delete_topic_permission_group" => g.delete_topic_permissions(caller, typed(op, body)?),
        "get_topic_permission_group" => g.get_topic_permissions(caller, typed(op, body)?),
        "create_topic" => g.create_topic(caller, typed(op, body)?, now),
        "get_topic" => g.get_topics(caller, typed(op, body)?),
        "modify_topic" => g.modify_topic(caller, typed(op, body)?),
        "destroy_topic" => g.destroy_topics(caller, typed(op, body)?),
        _ => return Ok(None),
    };
    fx.map(Some)
}
