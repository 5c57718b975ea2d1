//! Community topic notices as `TOPIC_CREATED`, `TOPIC_DELETED` and `TOPIC_UPDATED` (the JS
//! adapter shapes the updated topic as a Topic object).

use super::{emit, event, Action, ChatCore};
use serde_json::{json, Value};

/// The group notice types (`OpType`) of topic changes.
const TOPIC_CREATED: u64 = 105;
const TOPIC_DELETED: u64 = 106;
const TOPIC_UPDATED: u64 = 107;

impl ChatCore {
    /// A topic notice becomes its event; false for other notices.
    pub(super) fn on_topic_notice(&mut self, notice: &Value, out: &mut Vec<Action>) -> bool {
        let group = notice["GroupId"].clone();
        let (name, data) = match notice["OpType"].as_u64() {
            Some(TOPIC_CREATED) => (
                event::TOPIC_CREATED,
                json!({ "groupID": group, "topicID": notice["TopicId"] }),
            ),
            Some(TOPIC_DELETED) => (
                event::TOPIC_DELETED,
                json!({ "groupID": group, "topicIDList": notice["TopicIdList"] }),
            ),
            Some(TOPIC_UPDATED) => (
                event::TOPIC_UPDATED,
                json!({ "groupID": group, "topic": notice["TopicInfo"] }),
            ),
            _ => return false,
        };
        out.push(emit(name, data));
        true
    }
}
