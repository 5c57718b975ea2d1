//! Login policies (SPEC §2): which existing sessions a new login kicks, and why.

use edgechat_proto::ImError;

/// The app's multi-device login policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginPolicy {
    /// One platform at a time, Web included.
    Single,
    /// One native platform (Android, iPhone, iPad, Windows, Mac) plus Web.
    Dual,
    /// One mobile (Android, iPhone, iPad) plus one desktop (Windows, Mac) plus Web.
    Triple,
    /// Every platform at once.
    Multi,
}

impl LoginPolicy {
    pub fn parse(raw: &str) -> Result<Self, ImError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "single" => Ok(LoginPolicy::Single),
            "dual" => Ok(LoginPolicy::Dual),
            "triple" => Ok(LoginPolicy::Triple),
            "multi" => Ok(LoginPolicy::Multi),
            other => Err(ImError::Internal(format!(
                "LOGIN_POLICY {other:?} is not one of single, dual, triple, multi"
            ))),
        }
    }
}

/// The engine's `KICKED_OUT` type for a session replaced on another platform.
pub const KICK_MULT_DEVICE: &str = "multipleDevice";
/// … for a session replaced by another instance on the same platform.
pub const KICK_MULT_ACCOUNT: &str = "multipleAccount";
/// … for a session whose UserSig expired.
pub const KICK_USERSIG_EXPIRED: &str = "userSigExpired";
/// … for a session ended by the REST API (kick, account delete).
pub const KICK_REST_API: &str = "REST_API_Kick";

fn is_mobile(p: &str) -> bool {
    matches!(p, "Android" | "iPhone" | "iPad")
}

fn is_desktop(p: &str) -> bool {
    matches!(p, "Windows" | "Mac")
}

/// Whether sessions on platforms `a` and `b` (different platforms) may not coexist.
pub fn conflicts(policy: LoginPolicy, a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    match policy {
        LoginPolicy::Single => true,
        LoginPolicy::Dual => a != "Web" && b != "Web",
        LoginPolicy::Triple => (is_mobile(a) && is_mobile(b)) || (is_desktop(a) && is_desktop(b)),
        LoginPolicy::Multi => false,
    }
}

/// An existing session, as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live<'a> {
    pub sid: &'a str,
    pub platform: &'a str,
    /// Order of login: larger is newer.
    pub connected_at: u64,
}

/// The sessions a new login on `platform` replaces, with the `KICKED_OUT` type for each.
pub fn sessions_to_kick<'a>(
    policy: LoginPolicy,
    max_per_platform: usize,
    existing: &[Live<'a>],
    platform: &str,
) -> Vec<(&'a str, &'static str)> {
    let mut kick: Vec<(&'a str, &'static str)> = existing
        .iter()
        .filter(|s| conflicts(policy, s.platform, platform))
        .map(|s| (s.sid, KICK_MULT_DEVICE))
        .collect();
    let mut same: Vec<&Live<'a>> = existing.iter().filter(|s| s.platform == platform).collect();
    same.sort_by_key(|s| s.connected_at);
    let keep = max_per_platform.max(1) - 1; // room for the new one
    let excess = same.len().saturating_sub(keep);
    kick.extend(same.iter().take(excess).map(|s| (s.sid, KICK_MULT_ACCOUNT)));
    kick
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [&str; 6] = ["Android", "iPhone", "iPad", "Windows", "Mac", "Web"];

    fn live(sid: &'static str, platform: &'static str, at: u64) -> Live<'static> {
        Live {
            sid,
            platform,
            connected_at: at,
        }
    }

    #[test]
    fn the_conflict_table_of_each_policy() {
        // Expected conflicts, as (policy, a, b) listed exhaustively for the pairs that clash.
        for a in ALL {
            for b in ALL {
                if a == b {
                    continue;
                }
                assert!(conflicts(LoginPolicy::Single, a, b), "single {a} {b}");
                assert!(!conflicts(LoginPolicy::Multi, a, b), "multi {a} {b}");
                let native = a != "Web" && b != "Web";
                assert_eq!(conflicts(LoginPolicy::Dual, a, b), native, "dual {a} {b}");
                let same_class = (is_mobile(a) && is_mobile(b)) || (is_desktop(a) && is_desktop(b));
                assert_eq!(
                    conflicts(LoginPolicy::Triple, a, b),
                    same_class,
                    "triple {a} {b}"
                );
            }
        }
        assert!(conflicts(LoginPolicy::Triple, "Android", "iPad"));
        assert!(!conflicts(LoginPolicy::Triple, "Android", "Mac"));
        assert!(!conflicts(LoginPolicy::Dual, "Android", "Web"));
    }

    #[test]
    fn a_second_instance_on_a_platform_kicks_the_oldest() {
        let s = [
            live("a1", "Android", 1),
            live("w1", "Web", 2),
            live("a2", "Android", 3),
        ];
        let k = sessions_to_kick(LoginPolicy::Multi, 2, &s, "Android");
        assert_eq!(k, vec![("a1", KICK_MULT_ACCOUNT)]);
        let k = sessions_to_kick(LoginPolicy::Multi, 1, &s, "Android");
        assert_eq!(
            k,
            vec![("a1", KICK_MULT_ACCOUNT), ("a2", KICK_MULT_ACCOUNT)]
        );
        assert!(sessions_to_kick(LoginPolicy::Multi, 1, &s, "Mac").is_empty());
        assert!(sessions_to_kick(LoginPolicy::Multi, 3, &s, "Android").is_empty());
    }

    #[test]
    fn policies_kick_other_platforms() {
        let s = [
            live("a", "Android", 1),
            live("w", "Web", 2),
            live("m", "Mac", 3),
        ];
        let mut k = sessions_to_kick(LoginPolicy::Single, 1, &s, "iPhone");
        k.sort();
        assert_eq!(
            k,
            vec![
                ("a", KICK_MULT_DEVICE),
                ("m", KICK_MULT_DEVICE),
                ("w", KICK_MULT_DEVICE)
            ]
        );
        let mut k = sessions_to_kick(LoginPolicy::Dual, 1, &s, "iPhone");
        k.sort();
        assert_eq!(k, vec![("a", KICK_MULT_DEVICE), ("m", KICK_MULT_DEVICE)]);
        assert_eq!(
            sessions_to_kick(LoginPolicy::Triple, 1, &s, "iPhone"),
            vec![("a", KICK_MULT_DEVICE)]
        );
        assert_eq!(
            sessions_to_kick(LoginPolicy::Triple, 1, &s, "Web"),
            vec![("w", KICK_MULT_ACCOUNT)]
        );
    }

    #[test]
    fn parses_policy_names() {
        assert_eq!(LoginPolicy::parse("Triple"), Ok(LoginPolicy::Triple));
        assert!(LoginPolicy::parse("quad").is_err());
    }
}
