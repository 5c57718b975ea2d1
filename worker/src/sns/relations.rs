//! Relationship outcomes: what a friend request does, the result values of `friend_check`
//! and `black_list_check`, and who may send to whom one to one (SPEC §5: the app's
//! friends-only option and the receiver's blacklist).

use edgechat_proto::codes;
use edgechat_proto::ImError;

/// Most friends per user, and most blacklist entries.
pub const MAX_FRIENDS: usize = 3000;
pub const MAX_BLACKLIST: usize = 1000;
/// Most pending friend applications a user keeps.
pub const MAX_PENDING: usize = 3000;

/// What a friend request turns into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// The target allows anyone: friends at once (one round).
    Added,
    /// The target confirms requests: an application waits (two rounds).
    Pending,
}

/// What the requester's and the target's sides know when A asks to befriend B.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddFacts<'a> {
    /// B's `Tag_Profile_IM_AllowType`.
    pub allow_type: &'a str,
    /// A is on B's blacklist.
    pub blocked_by_target: bool,
    /// B is on A's blacklist.
    pub target_blocked: bool,
    /// A's `Tag_Profile_IM_AdminForbidType` is SendOut.
    pub forbidden: bool,
    /// An admin adds with `ForceAddFlags` (friend_import / REST add): no confirmation.
    pub force: bool,
}

/// Decides a friend request with Tencent's codes for refusals.
pub fn decide_add(f: AddFacts) -> Result<AddOutcome, ImError> {
    if f.forbidden {
        return Err(ImError::Coded(
            codes::SNS_ADD_FORBIDDEN,
            "this account may not send friend requests (AdminForbid_Type_SendOut)".into(),
        ));
    }
    if f.target_blocked {
        return Err(ImError::Coded(
            codes::FRIEND_ON_MY_BLACKLIST,
            "the target is on your blacklist".into(),
        ));
    }
    if f.blocked_by_target {
        return Err(ImError::Coded(
            codes::ON_PEER_BLACKLIST,
            "you are on the target's blacklist".into(),
        ));
    }
    if f.force {
        return Ok(AddOutcome::Added);
    }
    match f.allow_type {
        "AllowType_Type_AllowAny" => Ok(AddOutcome::Added),
        "AllowType_Type_DenyAny" => Err(ImError::Coded(
            codes::FRIEND_ADD_DENIED,
            "the target accepts no friend requests".into(),
        )),
        _ => Ok(AddOutcome::Pending),
    }
}

/// `friend_check` with `CheckResult_Type_Single`: is B on A's list?
pub fn check_single(a_has_b: bool) -> &'static str {
    if a_has_b {
        "CheckResult_Type_AWithB"
    } else {
        "CheckResult_Type_NoRelation"
    }
}

/// `friend_check` with `CheckResult_Type_Both`.
pub fn check_both(a_has_b: bool, b_has_a: bool) -> &'static str {
    match (a_has_b, b_has_a) {
        (true, true) => "CheckResult_Type_BothWay",
        (true, false) => "CheckResult_Type_AWithB",
        (false, true) => "CheckResult_Type_BWithA",
        (false, false) => "CheckResult_Type_NoRelation",
    }
}

/// `black_list_check` with `BlackCheckResult_Type_Single`: did A block B?
pub fn black_check_single(a_blocked_b: bool) -> &'static str {
    if a_blocked_b {
        "BlackCheckResult_Type_AWithB"
    } else {
        "BlackCheckResult_Type_NO"
    }
}

/// `black_list_check` with `BlackCheckResult_Type_Both`.
pub fn black_check_both(a_blocked_b: bool, b_blocked_a: bool) -> &'static str {
    match (a_blocked_b, b_blocked_a) {
        (true, true) => "BlackCheckResult_Type_BothWay",
        (true, false) => "BlackCheckResult_Type_AWithB",
        (false, true) => "BlackCheckResult_Type_BWithA",
        (false, false) => "BlackCheckResult_Type_NO",
    }
}

/// What the receiver's side knows about the sender.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    /// The receiver blocked the sender.
    pub blocked: bool,
    /// The sender is on the receiver's friend list.
    pub friend: bool,
}

/// Refuses a one-to-one message the receiver must not get, with Tencent's codes.
pub fn check_c2c(friends_only: bool, rel: Relation) -> Result<(), ImError> {
    if rel.blocked {
        return Err(ImError::Blocked);
    }
    if friends_only && !rel.friend {
        return Err(ImError::NotFriends);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blacklist_then_friends_only() {
        let code =
            |fo, blocked, friend| check_c2c(fo, Relation { blocked, friend }).map_err(|e| e.code());
        assert_eq!(code(false, false, false), Ok(()));
        assert_eq!(code(false, true, true), Err(20007));
        assert_eq!(code(true, false, false), Err(20009));
        assert_eq!(code(true, false, true), Ok(()));
        assert_eq!(
            code(true, true, false),
            Err(20007),
            "the blacklist decides first"
        );
    }

    fn facts(allow: &str) -> AddFacts<'_> {
        AddFacts {
            allow_type: allow,
            ..Default::default()
        }
    }

    #[test]
    fn each_allow_type_decides_the_rounds() {
        assert_eq!(
            decide_add(facts("AllowType_Type_AllowAny")),
            Ok(AddOutcome::Added)
        );
        assert_eq!(
            decide_add(facts("AllowType_Type_NeedConfirm")),
            Ok(AddOutcome::Pending)
        );
        assert_eq!(
            decide_add(facts("AllowType_Type_DenyAny")).map_err(|e| e.code()),
            Err(30516)
        );
        let forced = AddFacts {
            force: true,
            ..facts("AllowType_Type_DenyAny")
        };
        assert_eq!(decide_add(forced), Ok(AddOutcome::Added));
    }

    #[test]
    fn blocks_and_forbids_refuse_first() {
        let f = AddFacts {
            forbidden: true,
            ..facts("AllowType_Type_AllowAny")
        };
        assert_eq!(decide_add(f).map_err(|e| e.code()), Err(30009));
        let f = AddFacts {
            target_blocked: true,
            ..facts("AllowType_Type_AllowAny")
        };
        assert_eq!(decide_add(f).map_err(|e| e.code()), Err(30515));
        let f = AddFacts {
            blocked_by_target: true,
            force: true,
            ..facts("AllowType_Type_AllowAny")
        };
        assert_eq!(decide_add(f).map_err(|e| e.code()), Err(30525));
    }

    #[test]
    fn check_results_use_tencent_values() {
        assert_eq!(check_single(true), "CheckResult_Type_AWithB");
        assert_eq!(check_single(false), "CheckResult_Type_NoRelation");
        assert_eq!(check_both(true, true), "CheckResult_Type_BothWay");
        assert_eq!(check_both(false, true), "CheckResult_Type_BWithA");
        assert_eq!(black_check_single(true), "BlackCheckResult_Type_AWithB");
        assert_eq!(black_check_both(false, false), "BlackCheckResult_Type_NO");
        assert_eq!(
            black_check_both(true, true),
            "BlackCheckResult_Type_BothWay"
        );
        assert_eq!(
            black_check_both(false, true),
            "BlackCheckResult_Type_BWithA"
        );
    }
}
