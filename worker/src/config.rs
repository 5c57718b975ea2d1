//! App configuration: SDKAppID, secret key, admins, login policy and limits, read once from
//! Worker vars and secrets.

use crate::group::custom::{MAX_GROUP_KEYS, MAX_MEMBER_KEYS};
use crate::policy::LoginPolicy;
use edgechat_proto::ImError;

/// How the app is set up. Production reads it from Worker vars and secrets.
#[derive(Debug, Clone, PartialEq)]
pub struct AppConfig {
    pub sdkappid: u64,
    pub secret_key: String,
    /// App admin accounts; the first is the default `administrator`.
    pub admins: Vec<String>,
    /// Local development only: enables `/dev/usersig`.
    pub dev: bool,
    /// Log in unimported accounts by importing them (dev); otherwise 70107 (Tencent's rule).
    pub auto_import: bool,
    pub login_policy: LoginPolicy,
    /// Live sessions per platform per user.
    pub max_per_platform: usize,
    /// A session silent for this long is closed (the engine pings every 30 s).
    pub heartbeat_timeout_secs: u64,
    /// The longest life and the clock skew a UserSig may claim (`USERSIG_MAX_LIFETIME_SECS`,
    /// `USERSIG_MAX_SKEW_SECS`; one year and five minutes by default).
    pub sig_bounds: edgechat_proto::usersig::SigBounds,
    /// Multiplies the per-API REST rate limits (tests use a small scale).
    pub rate_scale: f64,
    /// Multiplies what one client may send per second (`client_rate`; benchmarks lift it).
    pub client_rate_scale: f64,
    /// Callbacks to the app's back end (`CALLBACK_URL`, `CALLBACK_TOKEN`, `CALLBACK_COMMANDS`).
    pub callback: Option<crate::callback::CallbackConfig>,
    /// Recent contacts kept per user (100 by default, at most 500).
    pub recent_contacts: usize,
    /// How long after sending a message may be recalled, in seconds.
    pub recall_window_secs: u64,
    /// How long messages are kept (roaming), in days.
    pub roaming_days: u64,
    /// Only friends may send each other one-to-one messages.
    pub friends_only: bool,
    /// Declared custom profile keys (`Tag_Profile_Custom_{key}`), from `PROFILE_CUSTOM_FIELDS`.
    pub profile_custom_fields: Vec<String>,
    /// Who may read and write each declared custom profile field.
    pub profile_custom_access: Vec<crate::sns::fields::CustomField>,
    /// Declared custom friend keys (`Tag_SNS_Custom_{key}`), from `SNS_CUSTOM_FIELDS`.
    pub sns_custom_fields: Vec<String>,
    /// Groups (not AVChatRoom) one user may be in: 500 by default, at most 3000.
    pub max_joined_groups: usize,
    /// Groups the app may have at once (0: no cap; Tencent's free plan has 100).
    pub max_groups: usize,
    /// AVChatRooms the app may have at once (`MAX_AVCHATROOMS`; 0: no cap).
    pub max_avchatrooms: u64,
    /// Net new groups a UTC day, Communities not counted (`MAX_NEW_GROUPS_PER_DAY`; 0: no cap).
    pub max_new_groups_per_day: u64,
    /// Group types whose new members read messages from before they joined, from
    /// `HISTORY_BEFORE_JOIN` (default `Meeting,Community`).
    pub history_before_join: Vec<edgechat_proto::group::GroupType>,
    /// Declared custom group fields with their levels, from `GROUP_CUSTOM_FIELDS`.
    pub group_custom_fields: Vec<crate::group::custom::FieldDecl>,
    /// Declared custom member fields, from `MEMBER_CUSTOM_FIELDS`.
    pub member_custom_fields: Vec<crate::group::custom::FieldDecl>,
    /// Socket hubs, from `HUBS` (1..=1024): a user's sockets end in hub `hub_of(user)`.
    /// Changing it moves users to other hubs; their clients catch up when they reconnect.
    pub hubs: u32,
    /// Dev only: faults injected into calls between objects (`FAULTS`, see `crate::faults`);
    /// a deploy that sets it refuses to start.
    pub faults: Option<crate::faults::FaultPlan>,
}

const DAY_SECS: u64 = 24 * 3600;

fn parse<T: std::str::FromStr>(name: &str, raw: Option<String>, default: T) -> Result<T, ImError> {
    match raw {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| ImError::Internal(format!("the {name} variable {v:?} is not valid"))),
    }
}

/// `parse`, then refused outside `min..=max` (a release build does not check overflow: a huge
/// value would wrap where it is multiplied).
fn bounded<T>(name: &str, raw: Option<String>, default: T, min: T, max: T) -> Result<T, ImError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let v = parse(name, raw, default)?;
    // `!(min <= v)` also refuses a NaN.
    if !(min <= v && v <= max) {
        return Err(ImError::Internal(format!(
            "{name} must be {min}..={max}, not {v}"
        )));
    }
    Ok(v)
}

/// The key `.dev.vars` gives every checkout (and the tests know): public, so only a local dev
/// worker (`EDGECHAT_DEV=1`) may run with it.
pub const PUBLIC_DEV_KEY: &str = "edgechat-local-dev-secret";

impl AppConfig {
    /// Builds the config from variables looked up by name with `get`, failing with a
    /// message that names the missing or bad variable.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, ImError> {
        let sdkappid = get("SDKAPPID")
            .ok_or_else(|| ImError::Internal("the SDKAPPID variable is not set".into()))?;
        let sdkappid = parse("SDKAPPID", Some(sdkappid), 0u64)?;
        let secret_key = get("SECRET_KEY").filter(|k| !k.is_empty()).ok_or_else(|| {
            ImError::Internal(
                "the SECRET_KEY secret is not set (wrangler secret put SECRET_KEY)".into(),
            )
        })?;
        let admins: Vec<String> = get("ADMINS")
            .unwrap_or_else(|| "administrator".into())
            .split(',')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        let login_policy = match get("LOGIN_POLICY") {
            None => LoginPolicy::Multi,
            Some(p) => LoginPolicy::parse(&p)?,
        };
        let custom_keys = |name: &str| {
            crate::sns::fields::parse_custom_keys(&get(name).unwrap_or_default())
                .map_err(|e| ImError::Internal(format!("{name}: {e}")))
        };
        let flag = |name| get(name).as_deref().map(str::trim) == Some("1");
        let group_fields = |name: &str, max| {
            use crate::group::custom::parse_decls;
            parse_decls(&get(name).unwrap_or_default(), max)
                .map_err(|e| ImError::Internal(format!("{name}: {e}")))
        };
        let max_per_platform = bounded(
            "MAX_INSTANCES_PER_PLATFORM",
            get("MAX_INSTANCES_PER_PLATFORM"),
            1usize,
            1,
            100,
        )?;
        if secret_key == PUBLIC_DEV_KEY && !flag("EDGECHAT_DEV") {
            return Err(ImError::Internal(
                "SECRET_KEY is the public development key: anyone could sign as any user. \
                 Set your own (wrangler secret put SECRET_KEY)"
                    .into(),
            ));
        }
        let faults = crate::faults::FaultPlan::parse(&get("FAULTS").unwrap_or_default())?;
        if faults.is_some() && !flag("EDGECHAT_DEV") {
            return Err(ImError::Internal(
                "FAULTS injects faults for tests: only a local dev worker (EDGECHAT_DEV=1) \
                 may set it"
                    .into(),
            ));
        }
        Ok(AppConfig {
            faults,
            sdkappid,
            secret_key,
            admins,
            dev: flag("EDGECHAT_DEV"),
            auto_import: flag("AUTO_IMPORT"),
            login_policy,
            max_per_platform,
            heartbeat_timeout_secs: bounded(
                "HEARTBEAT_TIMEOUT_SECS",
                get("HEARTBEAT_TIMEOUT_SECS"),
                45u64,
                1,
                DAY_SECS,
            )?,
            sig_bounds: {
                let d = edgechat_proto::usersig::SigBounds::default();
                edgechat_proto::usersig::SigBounds {
                    max_lifetime: bounded(
                        "USERSIG_MAX_LIFETIME_SECS",
                        get("USERSIG_MAX_LIFETIME_SECS"),
                        d.max_lifetime,
                        1,
                        10 * 365 * DAY_SECS,
                    )?,
                    max_skew: bounded(
                        "USERSIG_MAX_SKEW_SECS",
                        get("USERSIG_MAX_SKEW_SECS"),
                        d.max_skew,
                        0,
                        DAY_SECS,
                    )?,
                }
            },
            rate_scale: bounded(
                "REST_RATE_LIMIT_SCALE",
                get("REST_RATE_LIMIT_SCALE"),
                1.0f64,
                0.000_001,
                1000.0,
            )?,
            callback: crate::callback::CallbackConfig::parse(
                get("CALLBACK_URL"),
                get("CALLBACK_TOKEN"),
                get("CALLBACK_COMMANDS"),
            )?,
            client_rate_scale: bounded(
                "CLIENT_RATE_SCALE",
                get("CLIENT_RATE_SCALE"),
                1.0f64,
                0.000_001,
                1000.0,
            )?,
            recent_contacts: match parse(
                "RECENT_CONTACTS_MAX",
                get("RECENT_CONTACTS_MAX"),
                100usize,
            )? {
                n @ 1..=500 => n,
                n => {
                    return Err(ImError::Internal(format!(
                        "RECENT_CONTACTS_MAX must be 1..=500, not {n}"
                    )))
                }
            },
            recall_window_secs: bounded(
                "RECALL_WINDOW_SECS",
                get("RECALL_WINDOW_SECS"),
                120u64,
                0,
                365 * DAY_SECS,
            )?,
            roaming_days: bounded("ROAMING_DAYS", get("ROAMING_DAYS"), 7u64, 1, 3650)?,
            friends_only: flag("FRIENDS_ONLY"),
            profile_custom_fields: custom_keys("PROFILE_CUSTOM_FIELDS")?,
            profile_custom_access: crate::sns::fields::parse_custom_fields(
                &get("PROFILE_CUSTOM_FIELDS").unwrap_or_default(),
            )
            .map_err(|e| ImError::Internal(format!("PROFILE_CUSTOM_FIELDS: {e}")))?,
            sns_custom_fields: custom_keys("SNS_CUSTOM_FIELDS")?,
            max_joined_groups: match parse("MAX_JOINED_GROUPS", get("MAX_JOINED_GROUPS"), 500usize)?
            {
                n @ 1..=3000 => n,
                n => {
                    return Err(ImError::Internal(format!(
                        "MAX_JOINED_GROUPS must be 1..=3000, not {n}"
                    )))
                }
            },
            max_groups: bounded("MAX_GROUPS", get("MAX_GROUPS"), 0usize, 0, 1_000_000_000)?,
            max_avchatrooms: bounded(
                "MAX_AVCHATROOMS",
                get("MAX_AVCHATROOMS"),
                0u64,
                0,
                1_000_000_000,
            )?,
            max_new_groups_per_day: bounded(
                "MAX_NEW_GROUPS_PER_DAY",
                get("MAX_NEW_GROUPS_PER_DAY"),
                crate::group::app_caps::DEFAULT_NEW_PER_DAY,
                0,
                1_000_000_000,
            )?,
            history_before_join: get("HISTORY_BEFORE_JOIN")
                .unwrap_or_else(|| "Meeting,Community".into())
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(edgechat_proto::group::GroupType::parse)
                .collect::<Result<_, _>>()
                .map_err(|e| ImError::Internal(format!("HISTORY_BEFORE_JOIN: {e}")))?,
            group_custom_fields: group_fields("GROUP_CUSTOM_FIELDS", MAX_GROUP_KEYS)?,
            member_custom_fields: group_fields("MEMBER_CUSTOM_FIELDS", MAX_MEMBER_KEYS)?,
            hubs: match parse("HUBS", get("HUBS"), crate::hub::DEFAULT_HUBS)? {
                n @ 1..=crate::hub::MAX_HUBS => n,
                n => {
                    return Err(ImError::Internal(format!(
                        "HUBS must be 1..={}, not {n}",
                        crate::hub::MAX_HUBS
                    )))
                }
            },
        })
    }

    /// The app's caps on new groups.
    pub fn group_caps(&self) -> crate::group::app_caps::GroupCaps {
        crate::group::app_caps::GroupCaps {
            groups: self.max_groups as u64,
            rooms: self.max_avchatrooms,
            new_per_day: self.max_new_groups_per_day,
        }
    }

    /// The inbox limits this configuration sets.
    pub fn inbox_limits(&self) -> crate::inbox::InboxLimits {
        crate::inbox::InboxLimits {
            recent_contacts: self.recent_contacts,
            recall_window_secs: self.recall_window_secs,
        }
    }

    /// Messages older than this (unix seconds) are gone.
    pub fn roaming_cutoff(&self, now: u64) -> u64 {
        now.saturating_sub(self.roaming_days.saturating_mul(DAY_SECS))
    }

    pub fn is_admin(&self, user: &str) -> bool {
        self.admins.iter().any(|a| a == user)
    }

    /// A test config: app 1400000000, key `k`, admin `administrator`.
    #[cfg(test)]
    pub fn for_tests() -> Self {
        AppConfig::from_vars(|k| match k {
            "SDKAPPID" => Some("1400000000".into()),
            "SECRET_KEY" => Some("k".into()),
            _ => None,
        })
        .expect("test config")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<AppConfig, ImError> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        AppConfig::from_vars(|k| m.get(k).cloned())
    }

    #[test]
    fn hubs_default_to_sixteen_and_refuse_zero_or_too_many() {
        let base = [("SDKAPPID", "1"), ("SECRET_KEY", "k")];
        assert_eq!(from(&base).expect("config").hubs, crate::hub::DEFAULT_HUBS);
        let with = |n: &str| {
            let mut v = base.to_vec();
            v.push(("HUBS", n));
            from(&v)
        };
        assert_eq!(with("4").expect("4 hubs").hubs, 4);
        for bad in ["0", "1025", "many"] {
            let e = with(bad).expect_err(bad);
            assert!(e.to_string().contains("HUBS"), "{e}");
        }
    }

    #[test]
    fn a_deploy_with_the_public_dev_key_refuses_to_start() {
        let e = from(&[("SDKAPPID", "1"), ("SECRET_KEY", PUBLIC_DEV_KEY)]).expect_err("public key");
        assert!(e.to_string().contains("public development key"), "{e}");
        let dev = from(&[
            ("SDKAPPID", "1"),
            ("SECRET_KEY", PUBLIC_DEV_KEY),
            ("EDGECHAT_DEV", "1"),
        ]);
        assert!(dev.is_ok(), "a local dev worker may");
    }

    #[test]
    fn faults_are_honoured_only_in_a_dev_worker() {
        let base = [("SDKAPPID", "1"), ("SECRET_KEY", "k")];
        assert_eq!(from(&base).expect("config").faults, None);
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut v = base.to_vec();
            v.extend_from_slice(extra);
            from(&v)
        };
        let e = with(&[("FAULTS", "drop=0.1,seed=7")]).expect_err("a deploy with FAULTS");
        assert!(e.to_string().contains("EDGECHAT_DEV"), "{e}");
        let e = with(&[("FAULTS", "drop=0.1"), ("EDGECHAT_DEV", "0")]).expect_err("not dev");
        assert!(e.to_string().contains("FAULTS"), "{e}");
        let dev = with(&[("FAULTS", "drop=0.1,seed=7"), ("EDGECHAT_DEV", "1")]).expect("dev");
        let plan = dev.faults.expect("a plan");
        assert_eq!((plan.drop, plan.seed), (0.1, 7));
        let e = with(&[("FAULTS", "drop=2"), ("EDGECHAT_DEV", "1")]).expect_err("bad plan");
        assert!(e.to_string().contains("FAULTS"), "{e}");
        // Set but empty is no plan, in any deploy.
        assert_eq!(with(&[("FAULTS", "")]).expect("empty").faults, None);
    }

    #[test]
    fn reads_vars_with_defaults() {
        let c = from(&[
            ("SDKAPPID", "1400000000"),
            ("SECRET_KEY", "k"),
            ("ADMINS", "administrator, ops"),
        ])
        .expect("config");
        assert_eq!(c.sdkappid, 1_400_000_000);
        assert!(c.is_admin("ops") && c.is_admin("administrator") && !c.is_admin("alice"));
        assert!(!c.dev && !c.auto_import);
        assert_eq!(
            (c.login_policy, c.max_per_platform, c.heartbeat_timeout_secs),
            (LoginPolicy::Multi, 1, 45)
        );
        let c = from(&[
            ("SDKAPPID", "1"),
            ("SECRET_KEY", "k"),
            ("EDGECHAT_DEV", "1"),
            ("AUTO_IMPORT", "1"),
            ("LOGIN_POLICY", "dual"),
            ("MAX_INSTANCES_PER_PLATFORM", "3"),
            ("REST_RATE_LIMIT_SCALE", "0.5"),
        ])
        .expect("dev");
        assert!(c.dev && c.auto_import);
        assert_eq!(
            (
                c.recent_contacts,
                c.recall_window_secs,
                c.roaming_days,
                c.friends_only
            ),
            (100, 120, 7, false)
        );
        assert!(from(&[
            ("SDKAPPID", "1"),
            ("SECRET_KEY", "k"),
            ("RECENT_CONTACTS_MAX", "501")
        ])
        .is_err());
        assert_eq!(
            (c.login_policy, c.max_per_platform, c.rate_scale),
            (LoginPolicy::Dual, 3, 0.5)
        );
    }

    #[test]
    fn numbers_outside_their_bounds_are_refused_by_name() {
        let with = |name: &'static str, value: &'static str| {
            from(&[("SDKAPPID", "1"), ("SECRET_KEY", "k"), (name, value)])
        };
        for (name, bad, good) in [
            // 213503982334601 days would wrap to a small number of seconds.
            ("ROAMING_DAYS", "213503982334601", "3650"),
            ("ROAMING_DAYS", "0", "1"),
            ("HEARTBEAT_TIMEOUT_SECS", "0", "2"),
            ("HEARTBEAT_TIMEOUT_SECS", "86401", "3600"),
            ("USERSIG_MAX_LIFETIME_SECS", "3153600000", "31536000"),
            ("USERSIG_MAX_SKEW_SECS", "86401", "0"),
            ("REST_RATE_LIMIT_SCALE", "NaN", "0.05"),
            ("REST_RATE_LIMIT_SCALE", "0", "1000"),
            ("REST_RATE_LIMIT_SCALE", "inf", "1"),
            ("CLIENT_RATE_SCALE", "0", "1000"),
            ("CLIENT_RATE_SCALE", "1001", "0.5"),
            ("MAX_AVCHATROOMS", "-1", "10"),
            ("MAX_NEW_GROUPS_PER_DAY", "1000000001", "0"),
            ("RECALL_WINDOW_SECS", "31536001", "0"),
            ("MAX_INSTANCES_PER_PLATFORM", "101", "2"),
            ("MAX_GROUPS", "1000000001", "3"),
        ] {
            let e = with(name, bad).expect_err(bad);
            assert!(e.to_string().contains(name), "{e} should name {name}");
            assert!(with(name, good).is_ok(), "{name}={good} is allowed");
        }
        let c = with("ROAMING_DAYS", "3650").expect("ten years");
        assert_eq!(c.roaming_cutoff(u64::MAX), u64::MAX - 3650 * DAY_SECS);
    }

    #[test]
    fn names_the_missing_or_bad_variable() {
        for (pairs, name) in [
            (&[("SECRET_KEY", "k")][..], "SDKAPPID"),
            (&[("SDKAPPID", "x"), ("SECRET_KEY", "k")][..], "SDKAPPID"),
            (&[("SDKAPPID", "1"), ("SECRET_KEY", "")][..], "SECRET_KEY"),
            (
                &[
                    ("SDKAPPID", "1"),
                    ("SECRET_KEY", "k"),
                    ("LOGIN_POLICY", "quad"),
                ][..],
                "LOGIN_POLICY",
            ),
            (
                &[
                    ("SDKAPPID", "1"),
                    ("SECRET_KEY", "k"),
                    ("MAX_INSTANCES_PER_PLATFORM", "0"),
                ][..],
                "MAX_INSTANCES_PER_PLATFORM",
            ),
        ] {
            let e = from(pairs).expect_err(name);
            assert!(e.to_string().contains(name), "{e} should name {name}");
        }
    }
}
