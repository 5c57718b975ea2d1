//! The app's caps on new groups (the seed's 群组限制差异): groups at once (`MAX_GROUPS`),
//! AVChatRooms at once (`MAX_AVCHATROOMS`; Tencent's plans allow 10 or 50; 10036) and net new groups
//! a day, created minus dismissed, Communities not counted (`MAX_NEW_GROUPS_PER_DAY`, 10,000).
//! The app's group index counts; this module decides.

use edgechat_proto::group::GroupType;
use edgechat_proto::{codes, ImError};
use serde::{Deserialize, Serialize};

/// Net new groups a day when `MAX_NEW_GROUPS_PER_DAY` is not set (the seed: 1万个).
pub const DEFAULT_NEW_PER_DAY: u64 = 10_000;

/// The caps (0: none), as the reserving object is told them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupCaps {
    #[serde(rename = "max")]
    pub groups: u64,
    #[serde(default)]
    pub rooms: u64,
    #[serde(default)]
    pub new_per_day: u64,
}

/// What the app has now: groups, AVChatRooms, and today's created minus dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AppCounts {
    pub groups: u64,
    pub rooms: u64,
    pub net_today: i64,
}

/// The UTC day of a unix second (the daily cap's key).
pub fn day_of(now_secs: u64) -> u64 {
    now_secs / 86_400
}

/// Whether a group of `ty` counts toward the daily net (Communities do not).
pub fn counts_daily(ty: GroupType) -> bool {
    ty != GroupType::Community
}

/// Admits one more group of `ty`, or says which cap it would pass (10006; 10036 for rooms).
pub fn admit(ty: GroupType, now: AppCounts, caps: GroupCaps) -> Result<(), ImError> {
    let over = |what: String| Err(ImError::Coded(codes::GROUP_LIMIT, what));
    if caps.groups > 0 && now.groups >= caps.groups {
        return over(format!(
            "the app already has {} groups, its limit (MAX_GROUPS)",
            caps.groups
        ));
    }
    if ty == GroupType::AvChatRoom && caps.rooms > 0 && now.rooms >= caps.rooms {
        return Err(ImError::Coded(
            codes::AVCHATROOMS_FULL,
            format!(
                "the app already has {} AVChatRooms, its limit (MAX_AVCHATROOMS); dismiss one first",
                caps.rooms
            ),
        ));
    }
    let daily = i64::try_from(caps.new_per_day).unwrap_or(i64::MAX);
    if counts_daily(ty) && caps.new_per_day > 0 && now.net_today >= daily {
        return over(format!(
            "the app created {daily} more groups than it dismissed today (UTC), its daily limit (MAX_NEW_GROUPS_PER_DAY)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(groups: u64, rooms: u64, new_per_day: u64) -> GroupCaps {
        GroupCaps {
            groups,
            rooms,
            new_per_day,
        }
    }

    fn counts(groups: u64, rooms: u64, net_today: i64) -> AppCounts {
        AppCounts {
            groups,
            rooms,
            net_today,
        }
    }

    #[test]
    fn each_cap_refuses_with_its_code_and_names_its_variable() {
        let refuse = |ty, now, caps| {
            let e = admit(ty, now, caps).expect_err("over a cap");
            (e.code(), e.to_string())
        };
        let (code, text) = refuse(GroupType::Public, counts(3, 0, 0), caps(3, 0, 0));
        assert!(
            code == codes::GROUP_LIMIT && text.contains("MAX_GROUPS"),
            "{text}"
        );
        let (code, text) = refuse(GroupType::AvChatRoom, counts(9, 2, 0), caps(0, 2, 0));
        assert!(
            code == codes::AVCHATROOMS_FULL && text.contains("MAX_AVCHATROOMS"),
            "{text}"
        );
        let (code, text) = refuse(GroupType::Work, counts(9, 0, 5), caps(0, 0, 5));
        assert!(
            code == codes::GROUP_LIMIT && text.contains("MAX_NEW_GROUPS_PER_DAY"),
            "{text}"
        );
    }

    #[test]
    fn what_is_under_or_outside_a_cap_is_admitted() {
        assert!(admit(GroupType::Public, counts(2, 0, 0), caps(3, 0, 0)).is_ok());
        assert!(
            admit(GroupType::Public, counts(9, 2, 0), caps(0, 2, 0)).is_ok(),
            "the room cap is for rooms"
        );
        assert!(
            admit(GroupType::Community, counts(9, 0, 5), caps(0, 0, 5)).is_ok(),
            "Communities are outside the daily net"
        );
        assert!(
            admit(GroupType::Work, counts(9, 0, 4), caps(0, 0, 5)).is_ok(),
            "dismissals today make room"
        );
        assert!(admit(
            GroupType::AvChatRoom,
            counts(u64::MAX, u64::MAX, i64::MAX),
            caps(0, 0, 0)
        )
        .is_ok());
    }

    #[test]
    fn caps_read_the_old_reserve_body_too() {
        let old: GroupCaps = serde_json::from_str(r#"{"max": 7}"#).expect("old form");
        assert_eq!(old, caps(7, 0, 0));
        let new: GroupCaps =
            serde_json::from_value(serde_json::to_value(caps(1, 2, 3)).expect("json"))
                .expect("round trip");
        assert_eq!(new, caps(1, 2, 3));
        assert_eq!(day_of(86_399), 0);
        assert_eq!(day_of(86_400), 1);
    }
}
