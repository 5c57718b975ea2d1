//! Who may do what in a group: one table of operation × actor × group type (SPEC §6 and the
//! seed's 群组基础能力操作差异 / 成员管理能力差异 tables), checked before storage is touched.

use edgechat_proto::group::{GroupType, Role};
use edgechat_proto::ImError;

/// An operation on a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Read the group profile (a non-member: search by ID).
    ReadProfile,
    /// Change Name, Introduction, Notification or FaceUrl.
    EditBasicProfile,
    /// Change the other settings: ApplyJoinOption, MaxMemberNum, mute-all, custom fields.
    EditSettings,
    Dismiss,
    /// Add other users directly.
    Invite,
    /// Ask to join (joined at once or pending, as the group's option says).
    Apply,
    /// Approve or refuse an application.
    HandleApplication,
    Kick,
    Mute,
    /// Appoint or remove an admin.
    SetAdmin,
    Transfer,
    Quit,
    Send,
    ReadMembers,
    ReadHistory,
    /// Recall a message someone else sent.
    RecallOthers,
    /// Change another member's name card, receive option or custom fields.
    EditOtherMember,
    /// Create, change or delete Community topics.
    ManageTopic,
    /// Read or write the group's attributes (`*_group_attr`).
    Attributes,
    /// Read or write the group's counters (`*_group_counter`); Communities have none.
    Counters,
    /// Pin or unpin a message (`pin_message`); AVChatRoom has none.
    PinMessage,
    /// Read the pinned messages (`get_pinned_messages`).
    ReadPinned,
    /// Set or read a message's extensions and reactions; AVChatRoom has none.
    MessageExtras,
    /// Mark members, or list them by mark (AVChatRoom only).
    MarkMembers,
    /// Ban users, lift bans, list them (the app admin, every type).
    Ban,
}

impl Op {
    pub const ALL: [Op; 25] = [
        Op::ReadProfile,
        Op::EditBasicProfile,
        Op::EditSettings,
        Op::Dismiss,
        Op::Invite,
        Op::Apply,
        Op::HandleApplication,
        Op::Kick,
        Op::Mute,
        Op::SetAdmin,
        Op::Transfer,
        Op::Quit,
        Op::Send,
        Op::ReadMembers,
        Op::ReadHistory,
        Op::RecallOthers,
        Op::EditOtherMember,
        Op::ManageTopic,
        Op::Attributes,
        Op::Counters,
        Op::PinMessage,
        Op::ReadPinned,
        Op::MessageExtras,
        Op::MarkMembers,
        Op::Ban,
    ];
}

/// Who asks: an app admin (REST, or an admin account's client) or a user by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    AppAdmin,
    Owner,
    Admin,
    Member,
    NonMember,
}

impl Actor {
    pub const ALL: [Actor; 5] = [
        Actor::AppAdmin,
        Actor::Owner,
        Actor::Admin,
        Actor::Member,
        Actor::NonMember,
    ];

    /// The actor a user is, given their role (None: not a member).
    pub fn of(role: Option<Role>) -> Actor {
        match role {
            Some(Role::Owner) => Actor::Owner,
            Some(Role::Admin) => Actor::Admin,
            Some(Role::Member) => Actor::Member,
            None => Actor::NonMember,
        }
    }
}

use edgechat_proto::codes::{ALREADY_MEMBER, NO_PERMISSION, OWNER_CANNOT_QUIT};

/// Whether `actor` may do `op` in a group of type `ty`; refusals carry Tencent's code.
/// Work groups have no admins: an admin there is treated as a member.
pub fn allowed(op: Op, actor: Actor, ty: GroupType) -> Result<(), u32> {
    use Actor::*;
    use GroupType::*;
    let actor = match (ty, actor) {
        (Work, Admin) => Member,
        (_, a) => a,
    };
    let member = matches!(actor, Owner | Admin | Member);
    let manager = matches!(actor, AppAdmin | Owner | Admin);
    let owner_or_app = matches!(actor, AppAdmin | Owner);
    let yes = match op {
        Op::ReadProfile => member || actor == AppAdmin || ty != Work,
        Op::ReadMembers | Op::Send => member || actor == AppAdmin,
        Op::ReadHistory => ty != AvChatRoom && (member || actor == AppAdmin),
        Op::EditBasicProfile => match ty {
            Work => member || actor == AppAdmin,
            Public | Community => manager,
            Meeting | AvChatRoom => owner_or_app,
        },
        Op::EditSettings => match ty {
            Work => owner_or_app,
            Public | Community => manager,
            Meeting | AvChatRoom => owner_or_app,
        },
        Op::Dismiss => match ty {
            Work => actor == AppAdmin,
            _ => owner_or_app,
        },
        Op::Invite => match ty {
            Work | Community => member || actor == AppAdmin,
            Public | Meeting => actor == AppAdmin,
            AvChatRoom => false,
        },
        Op::Apply => {
            if member {
                return Err(ALREADY_MEMBER);
            }
            actor == NonMember && ty != Work
        }
        Op::HandleApplication => ty != Work && manager,
        Op::Kick => match ty {
            Work => owner_or_app,
            AvChatRoom => false,
            _ => manager,
        },
        Op::Mute => match ty {
            Work => false,
            AvChatRoom => owner_or_app,
            _ => manager,
        },
        Op::SetAdmin => ty != Work && owner_or_app,
        Op::Transfer => ty != AvChatRoom && owner_or_app,
        Op::Quit => match actor {
            Owner if ty != Work => return Err(OWNER_CANNOT_QUIT),
            _ => member,
        },
        Op::RecallOthers => manager,
        Op::ManageTopic => ty == Community && manager,
        Op::Attributes => member || actor == AppAdmin,
        Op::Counters => ty != Community && (member || actor == AppAdmin),
        Op::PinMessage => ty != AvChatRoom && manager,
        Op::ReadPinned | Op::MessageExtras => ty != AvChatRoom && (member || actor == AppAdmin),
        Op::MarkMembers => ty == AvChatRoom && owner_or_app,
        Op::Ban => actor == AppAdmin,
        Op::EditOtherMember => match ty {
            Work => owner_or_app,
            AvChatRoom => false,
            _ => manager,
        },
    };
    if yes {
        Ok(())
    } else {
        Err(NO_PERMISSION)
    }
}

/// For operations on another member (kick, mute, edit): an admin acts on plain members
/// only, the owner on admins and members; nobody but an app admin acts on the owner, and
/// the owner is never kicked or muted.
pub fn over(actor: Actor, target: Role, op: Op) -> Result<(), u32> {
    let ok = match (actor, target) {
        (_, Role::Owner) => actor == Actor::AppAdmin && op == Op::EditOtherMember,
        (Actor::AppAdmin | Actor::Owner, _) => true,
        (Actor::Admin, Role::Member) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(NO_PERMISSION)
    }
}

/// `allowed` as an [`ImError`] with a message naming the operation.
pub fn check(op: Op, actor: Actor, ty: GroupType) -> Result<(), ImError> {
    allowed(op, actor, ty).map_err(|code| {
        let why = match code {
            OWNER_CANNOT_QUIT => {
                format!("the owner of a {ty} group cannot quit; transfer the group first")
            }
            ALREADY_MEMBER => "already a member of this group".to_owned(),
            _ => format!("{actor:?} may not {op:?} in a {ty} group"),
        };
        ImError::Coded(code, why)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use GroupType::*;

    /// The expected outcome of every operation for every actor in every type, written out
    /// from SPEC §6 and the seed, independently of `allowed`. Each cell lists the actors
    /// AppAdmin, Owner, Admin, Member, NonMember: `y` allowed, `-` refused with 10007,
    /// `9` refused with 10009, `3` refused with 10013. (Work has no admins: its Admin
    /// column reads as a member.)
    #[rustfmt::skip]
    const TABLE: &[(Op, [&str; 5])] = &[
        //                       Work     Public   Meeting  AVChat   Community
        (Op::ReadProfile,       ["yyyy-", "yyyyy", "yyyyy", "yyyyy", "yyyyy"]),
        (Op::EditBasicProfile,  ["yyyy-", "yyy--", "yy---", "yy---", "yyy--"]),
        (Op::EditSettings,      ["yy---", "yyy--", "yy---", "yy---", "yyy--"]),
        (Op::Dismiss,           ["y----", "yy---", "yy---", "yy---", "yy---"]),
        (Op::Invite,            ["yyyy-", "y----", "y----", "-----", "yyyy-"]),
        (Op::Apply,             ["-333-", "-333y", "-333y", "-333y", "-333y"]),
        (Op::HandleApplication, ["-----", "yyy--", "yyy--", "yyy--", "yyy--"]),
        (Op::Kick,              ["yy---", "yyy--", "yyy--", "-----", "yyy--"]),
        (Op::Mute,              ["-----", "yyy--", "yyy--", "yy---", "yyy--"]),
        (Op::SetAdmin,          ["-----", "yy---", "yy---", "yy---", "yy---"]),
        (Op::Transfer,          ["yy---", "yy---", "yy---", "-----", "yy---"]),
        (Op::Quit,              ["-yyy-", "-9yy-", "-9yy-", "-9yy-", "-9yy-"]),
        (Op::Send,              ["yyyy-", "yyyy-", "yyyy-", "yyyy-", "yyyy-"]),
        (Op::ReadMembers,       ["yyyy-", "yyyy-", "yyyy-", "yyyy-", "yyyy-"]),
        (Op::ReadHistory,       ["yyyy-", "yyyy-", "yyyy-", "-----", "yyyy-"]),
        (Op::RecallOthers,      ["yy---", "yyy--", "yyy--", "yyy--", "yyy--"]),
        (Op::EditOtherMember,   ["yy---", "yyy--", "yyy--", "-----", "yyy--"]),
        (Op::ManageTopic,       ["-----", "-----", "-----", "-----", "yyy--"]),
        (Op::Attributes,        ["yyyy-", "yyyy-", "yyyy-", "yyyy-", "yyyy-"]),
        (Op::Counters,          ["yyyy-", "yyyy-", "yyyy-", "yyyy-", "-----"]),
        (Op::PinMessage,        ["yy---", "yyy--", "yyy--", "-----", "yyy--"]),
        (Op::ReadPinned,        ["yyyy-", "yyyy-", "yyyy-", "-----", "yyyy-"]),
        (Op::MessageExtras,     ["yyyy-", "yyyy-", "yyyy-", "-----", "yyyy-"]),
        (Op::MarkMembers,       ["-----", "-----", "-----", "yy---", "-----"]),
        (Op::Ban,               ["y----", "y----", "y----", "y----", "y----"]),
    ];

    fn expected(cell: u8) -> Result<(), u32> {
        match cell {
            b'y' => Ok(()),
            b'-' => Err(NO_PERMISSION),
            b'9' => Err(OWNER_CANNOT_QUIT),
            b'3' => Err(ALREADY_MEMBER),
            other => panic!("bad cell {}", other as char),
        }
    }

    #[test]
    fn every_operation_role_and_type_has_the_documented_outcome() {
        assert_eq!(
            TABLE.len(),
            Op::ALL.len(),
            "the table lists every operation"
        );
        let mut checked = 0;
        for op in Op::ALL {
            let (_, row) = TABLE
                .iter()
                .find(|(o, _)| *o == op)
                .unwrap_or_else(|| panic!("{op:?} missing from the table"));
            for (t, ty) in GroupType::ALL.into_iter().enumerate() {
                for (a, actor) in Actor::ALL.into_iter().enumerate() {
                    let want = expected(row[t].as_bytes()[a]);
                    assert_eq!(allowed(op, actor, ty), want, "{op:?} by {actor:?} in {ty}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, Op::ALL.len() * 5 * 5);
    }

    #[test]
    fn admins_act_on_members_only_and_nobody_on_the_owner() {
        for op in [Op::Kick, Op::Mute] {
            assert_eq!(over(Actor::Admin, Role::Member, op), Ok(()));
            assert_eq!(over(Actor::Admin, Role::Admin, op), Err(NO_PERMISSION));
            assert_eq!(over(Actor::Owner, Role::Admin, op), Ok(()));
            assert_eq!(over(Actor::AppAdmin, Role::Owner, op), Err(NO_PERMISSION));
            assert_eq!(over(Actor::Member, Role::Member, op), Err(NO_PERMISSION));
        }
        assert_eq!(
            over(Actor::AppAdmin, Role::Owner, Op::EditOtherMember),
            Ok(())
        );
        assert_eq!(
            over(Actor::Owner, Role::Owner, Op::EditOtherMember),
            Err(NO_PERMISSION)
        );
    }

    #[test]
    fn refusals_carry_their_code_and_say_why() {
        let e = check(Op::Quit, Actor::Owner, Public).expect_err("owner quit");
        assert_eq!(e.code(), edgechat_proto::codes::OWNER_CANNOT_QUIT);
        assert!(e.to_string().contains("transfer"));
        let e = check(Op::Dismiss, Actor::Owner, Work).expect_err("work dismiss");
        assert_eq!(e.code(), edgechat_proto::codes::NO_PERMISSION);
        assert!(e.to_string().contains("Work"));
    }
}
