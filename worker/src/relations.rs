//! Who may send to whom one to one (SPEC §5): the app's friends-only option and the
//! receiver's blacklist. The relationship data arrives with the friends issue; this is the
//! rule it plugs into.

use edgechat_proto::ImError;

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
}
