//! Who owns a group after its owner's account is deleted: the admin who joined first, else the
//! member who joined first; nobody left means the group is dismissed.

use serde_json::Value;

/// The successor among `admins` and `members` (`get_group_member_info` pages: entries with
/// `Member_Account` and `JoinTime`), never `leaving`.
pub fn successor(admins: &[Value], members: &[Value], leaving: &str) -> Option<String> {
    let first = |list: &[Value]| {
        list.iter()
            .filter_map(|m| {
                let id = m["Member_Account"].as_str()?;
                (id != leaving).then(|| (m["JoinTime"].as_u64().unwrap_or(u64::MAX), id))
            })
            .min()
            .map(|(_, id)| id.to_owned())
    };
    first(admins).or_else(|| first(members))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m(id: &str, joined: u64) -> Value {
        json!({ "Member_Account": id, "JoinTime": joined })
    }

    #[test]
    fn the_first_admin_then_the_first_member_takes_over() {
        let admins = [m("late-admin", 30), m("early-admin", 20)];
        let members = [m("old-member", 1)];
        assert_eq!(
            successor(&admins, &members, "owner").as_deref(),
            Some("early-admin")
        );
        assert_eq!(
            successor(&[], &members, "owner").as_deref(),
            Some("old-member")
        );
        let only_me = [m("owner", 0)];
        assert_eq!(
            successor(&only_me, &only_me, "owner"),
            None,
            "nobody left: dismissed"
        );
        let odd = [json!({ "JoinTime": 1 }), m("b", 9)];
        assert_eq!(
            successor(&[], &odd, "owner").as_deref(),
            Some("b"),
            "an entry without an ID is skipped"
        );
    }
}
