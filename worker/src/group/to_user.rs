//! What a group object tells a member's user object (`POST /group`, JSON): one typed request
//! per change of the user's row for the group. Messages never come this way (they go to the
//! hubs); only joins, leaves and receive options, which are rare.

use edgechat_proto::group::{JoinedGroup, MsgFlag};
use serde::{Deserialize, Serialize};

/// The path the user object answers these on.
pub const PATH: &str = "/group";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "call")]
pub enum GroupToUser {
    /// `me` joined: record the row, or refuse (unknown account, joined-group limit).
    Joined { me: String, group: Box<JoinedGroup> },
    /// The user is no longer a member (left, kicked, dismissed, or the create was undone).
    Left {
        #[serde(rename = "groupId")]
        group_id: String,
    },
    /// `me`'s receive option for the group changed.
    Flag {
        me: String,
        #[serde(rename = "groupId")]
        group_id: String,
        flag: MsgFlag,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgechat_proto::group::GroupType;

    #[test]
    fn calls_round_trip_with_their_tag() {
        let calls = [
            GroupToUser::Joined {
                me: "a".into(),
                group: Box::new(crate::joined::joined(
                    "@TGS#1",
                    GroupType::Public,
                    "n",
                    3,
                    9,
                )),
            },
            GroupToUser::Left {
                group_id: "@TGS#1".into(),
            },
            GroupToUser::Flag {
                me: "a".into(),
                group_id: "@TGS#1".into(),
                flag: MsgFlag::Discard,
            },
        ];
        for c in calls {
            let v = serde_json::to_value(&c).expect("json");
            assert!(v["call"].is_string());
            let back: GroupToUser = serde_json::from_value(v).expect("parse");
            assert_eq!(back, c);
        }
        let left: GroupToUser =
            serde_json::from_str(r#"{"call":"left","groupId":"@TGS#2"}"#).expect("left");
        assert_eq!(
            left,
            GroupToUser::Left {
                group_id: "@TGS#2".into()
            }
        );
    }
}
