//! Group attributes and counters: each body parsed once into its typed request
//! (`requests::attrs`), then one rule in `group::attrs`.

use super::Command;
use crate::group::attrs::{AttrWrite, CounterMode};
use crate::group::requests::{typed, ClearAttrs, CounterKeys, UpdateCounters, WriteAttrs};
use crate::group::rules::Effects;
use crate::group::store::GroupStore;
use edgechat_proto::ImError;

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, _, cx, op, body) = c.parts();
    let caller = cx.caller;
    let fx = match op {
        "get_group_attr" => g.get_attrs(caller),
        "modify_group_attr" | "set_group_attr" | "delete_group_attr" => {
            let req: WriteAttrs = typed(op, body)?;
            let how = match op {
                "modify_group_attr" => AttrWrite::Modify,
                "set_group_attr" => AttrWrite::Reset,
                _ => AttrWrite::Delete,
            };
            g.write_attrs(caller, how, req.attrs, req.version)
        }
        "clear_group_attr" => {
            let req: ClearAttrs = typed(op, body)?;
            g.write_attrs(caller, AttrWrite::Clear, Vec::new(), req.version)
        }
        "get_group_counter" => {
            let req: CounterKeys = typed(op, body)?;
            g.get_counters(caller, &req.keys.unwrap_or_default())
        }
        "update_group_counter" => {
            let req: UpdateCounters = typed(op, body)?;
            let mode = CounterMode::parse(req.mode.as_deref())?;
            g.update_counters(caller, mode, req.counters)
        }
        "delete_group_counter" => {
            let req: CounterKeys = typed(op, body)?;
            g.delete_counters(caller, &req.keys.unwrap_or_default())
        }
        _ => return Ok(None),
    };
    fx.map(Some)
}
