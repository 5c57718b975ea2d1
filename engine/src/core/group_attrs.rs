//! Group attributes and counters on the client: the attribute version each group was last
//! seen at (from a read, my own write or an update notice) goes with every attribute write,
//! so a write made against older attributes fails with 10056 as Tencent's does; the update
//! notices become `GROUP_ATTRIBUTES_UPDATED` and `GROUP_COUNTER_UPDATED`.

use super::{emit, event, Action, ChatCore};
use serde_json::{json, Map, Value};

/// The group notice types (`OpType`) of attribute and counter updates.
const ATTRIBUTES_UPDATED: u64 = 101;
const COUNTERS_UPDATED: u64 = 102;

/// The attribute commands that carry the version last seen.
const ATTR_WRITES: [&str; 4] = [
    "modify_group_attr",
    "set_group_attr",
    "delete_group_attr",
    "clear_group_attr",
];

/// Whether `op` reads or writes group attributes (its answer carries the version).
pub(super) fn is_attr_op(op: &str) -> bool {
    op == "get_group_attr" || ATTR_WRITES.contains(&op)
}

/// `[{key, value}]` as an object `{key: value}`.
fn to_map(list: &Value) -> Map<String, Value> {
    (list.as_array().into_iter().flatten())
        .filter_map(|e| Some((e["key"].as_str()?.to_owned(), e["value"].clone())))
        .collect()
}

impl ChatCore {
    /// Puts the version last seen of `group`'s attributes into a write's body (unless the
    /// app gave one, or none was seen yet).
    pub(super) fn with_attr_version(&self, op: &str, group: &str, body: &mut Value) {
        if !ATTR_WRITES.contains(&op) || body.get("AttrVersion").is_some() {
            return;
        }
        if let Some(v) = self.groups.attr_versions.get(group) {
            body["AttrVersion"] = json!(v);
        }
    }

    /// An attribute command's answer: its version is the one seen now.
    pub(super) fn on_attr_result(
        &mut self,
        key: String,
        group: &str,
        result: Value,
        out: &mut Vec<Action>,
    ) {
        if let Some(v) = result.get("AttrVersion").and_then(Value::as_u64) {
            self.note_attr_version(group, v);
        }
        out.push(Action::Resolve { key, data: result });
    }

    /// Versions only go forward: an answer overtaken by a notice does not take it back.
    fn note_attr_version(&mut self, group: &str, v: u64) {
        let seen = self
            .groups
            .attr_versions
            .entry(group.to_owned())
            .or_default();
        *seen = (*seen).max(v);
    }

    /// An attribute or counter notice becomes its event; false for other notices.
    pub(super) fn on_attr_notice(&mut self, notice: &Value, out: &mut Vec<Action>) -> bool {
        let group = notice["GroupId"].as_str().unwrap_or_default().to_owned();
        match notice["OpType"].as_u64() {
            Some(ATTRIBUTES_UPDATED) => {
                if let Some(v) = notice["AttrVersion"].as_u64() {
                    self.note_attr_version(&group, v);
                }
                out.push(emit(
                    event::GROUP_ATTRIBUTES_UPDATED,
                    json!({ "groupID": group, "groupAttributes": to_map(&notice["GroupAttr"]) }),
                ));
                true
            }
            Some(COUNTERS_UPDATED) => {
                for (key, value) in to_map(&notice["GroupCounter"]) {
                    out.push(emit(
                        event::GROUP_COUNTER_UPDATED,
                        json!({ "groupID": group, "key": key, "value": value }),
                    ));
                }
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_entries_becomes_an_object() {
        let list = json!([{"key": "a", "value": "1"}, {"key": "b", "value": 2}, {"nokey": 1}]);
        assert_eq!(Value::Object(to_map(&list)), json!({"a": "1", "b": 2}));
        assert!(to_map(&json!("x")).is_empty());
    }

    #[test]
    fn only_writes_carry_a_version() {
        assert!(is_attr_op("get_group_attr") && is_attr_op("clear_group_attr"));
        assert!(!is_attr_op("update_group_counter"));
    }
}
