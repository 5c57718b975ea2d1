//! Profile fields (`Tag_Profile_IM_*`, `Tag_Profile_Custom_*`) and friend fields
//! (`Tag_SNS_IM_*`, `Tag_SNS_Custom_*`): their types, limits and allowed values, as tables.

use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A string of at most this many bytes.
    Str(usize),
    /// An unsigned integer.
    Uint,
    /// One of these strings.
    OneOf(&'static [&'static str]),
}

const PROFILE: &[(&str, Kind)] = &[
    ("Tag_Profile_IM_Nick", Kind::Str(500)),
    (
        "Tag_Profile_IM_Gender",
        Kind::OneOf(&[
            "Gender_Type_Unknown",
            "Gender_Type_Female",
            "Gender_Type_Male",
        ]),
    ),
    ("Tag_Profile_IM_BirthDay", Kind::Uint),
    ("Tag_Profile_IM_Location", Kind::Str(16)),
    ("Tag_Profile_IM_SelfSignature", Kind::Str(500)),
    (
        "Tag_Profile_IM_AllowType",
        Kind::OneOf(&[
            "AllowType_Type_NeedConfirm",
            "AllowType_Type_AllowAny",
            "AllowType_Type_DenyAny",
        ]),
    ),
    ("Tag_Profile_IM_Language", Kind::Uint),
    ("Tag_Profile_IM_Image", Kind::Str(500)),
    ("Tag_Profile_IM_MsgSettings", Kind::Uint),
    (
        "Tag_Profile_IM_AdminForbidType",
        Kind::OneOf(&["AdminForbid_Type_None", "AdminForbid_Type_SendOut"]),
    ),
    ("Tag_Profile_IM_Level", Kind::Uint),
    ("Tag_Profile_IM_Role", Kind::Uint),
];

/// The prefix of custom profile fields; the key after it is letters only, ≤ 8 bytes.
pub const PROFILE_CUSTOM: &str = "Tag_Profile_Custom_";
/// The prefix of custom friend fields.
pub const SNS_CUSTOM: &str = "Tag_SNS_Custom_";
/// Longest custom field value, in bytes.
pub const MAX_CUSTOM_VALUE: usize = 500;
/// Most custom fields an app declares (profile, and friend).
pub const MAX_CUSTOM_FIELDS: usize = 20;
/// Longest friend remark, in bytes.
pub const MAX_REMARK: usize = 96;
/// Longest friend request wording, in bytes.
pub const MAX_WORDING: usize = 256;
/// Most friend groups per user, and the longest group name.
pub const MAX_FRIEND_GROUPS: usize = 32;
pub const MAX_GROUP_NAME: usize = 30;

/// Default of `Tag_Profile_IM_AllowType` when a user never set it.
pub const DEFAULT_ALLOW_TYPE: &str = "AllowType_Type_NeedConfirm";

/// Checks a standard field's value: a wrong JSON type is 40610, a value outside the field's
/// set or range 40605, a string over 500 bytes 40601 (Location's 16 bytes: 40605).
fn check(tag: &str, kind: Kind, v: &Value) -> Result<(), ImError> {
    match kind {
        Kind::Str(max) => {
            let s = v.as_str().ok_or_else(|| {
                ImError::Coded(codes::PROFILE_VALUE_TYPE, format!("{tag} must be a string"))
            })?;
            if s.len() > max {
                let code = if max < 500 {
                    codes::PROFILE_VALUE_INVALID
                } else {
                    codes::PROFILE_VALUE_TOO_LONG
                };
                return Err(ImError::Coded(
                    code,
                    format!("{tag} is {} bytes, at most {max}", s.len()),
                ));
            }
        }
        Kind::Uint => {
            if !v.is_number() {
                return Err(ImError::Coded(
                    codes::PROFILE_VALUE_TYPE,
                    format!("{tag} must be a number"),
                ));
            }
            if v.as_u64().is_none_or(|n| n > u64::from(u32::MAX)) {
                return Err(ImError::Coded(
                    codes::PROFILE_VALUE_INVALID,
                    format!("{tag} must be an unsigned 32-bit integer"),
                ));
            }
        }
        Kind::OneOf(values) => {
            let s = v.as_str().ok_or_else(|| {
                ImError::Coded(codes::PROFILE_VALUE_TYPE, format!("{tag} must be a string"))
            })?;
            if !values.contains(&s) {
                return Err(ImError::Coded(
                    codes::PROFILE_VALUE_INVALID,
                    format!("{tag} must be one of {}", values.join(", ")),
                ));
            }
        }
    }
    Ok(())
}

/// A valid custom key: letters only, 1..=8 bytes.
pub fn valid_custom_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 8 && key.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Parses the app's declared custom profile keys (`Hobby,Level`), checking each.
pub fn parse_custom_keys(raw: &str) -> Result<Vec<String>, ImError> {
    Ok(parse_custom_fields(raw)?
        .into_iter()
        .map(|f| f.key)
        .collect())
}

/// A declared custom profile field and who may read and write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomField {
    pub key: String,
    /// Only app admins (the REST API) read it; users read their own.
    pub admin_read: bool,
    /// Only app admins write it.
    pub admin_write: bool,
}

/// Parses declared custom fields: `Key` (anyone reads, the user writes) or `Key:RW` where R
/// and W are `u` (users) or `a` (app admins only), e.g. `Hobby,Level:ua,Note:aa`.
pub fn parse_custom_fields(raw: &str) -> Result<Vec<CustomField>, ImError> {
    let mut out = vec![];
    for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (key, access) = entry.split_once(':').unwrap_or((entry, "uu"));
        if !valid_custom_key(key) {
            return Err(ImError::Internal(format!(
                "custom field key {key:?}: letters only, at most 8"
            )));
        }
        let (admin_read, admin_write) = match access {
            "uu" => (false, false),
            "ua" => (false, true),
            "au" => (true, false),
            "aa" => (true, true),
            other => {
                return Err(ImError::Internal(format!(
                    "custom field {key:?}: access {other:?} is not uu, ua, au or aa"
                )))
            }
        };
        out.push(CustomField {
            key: key.to_owned(),
            admin_read,
            admin_write,
        });
    }
    if out.len() > MAX_CUSTOM_FIELDS {
        return Err(ImError::Internal(format!(
            "at most {MAX_CUSTOM_FIELDS} custom fields, not {}",
            out.len()
        )));
    }
    Ok(out)
}

/// Checks one profile field a user (or an admin) sets; `custom` are the declared custom keys.
pub fn validate_profile_item(tag: &str, value: &Value, custom: &[String]) -> Result<(), ImError> {
    if let Some((_, kind)) = PROFILE.iter().find(|(t, _)| *t == tag) {
        return check(tag, *kind, value);
    }
    if let Some(key) = tag.strip_prefix(PROFILE_CUSTOM) {
        if !custom.iter().any(|k| k == key) {
            return Err(ImError::Coded(
                codes::PROFILE_TAG_UNKNOWN,
                format!("{tag} is not a declared custom profile field"),
            ));
        }
        return match value {
            Value::String(s) if s.len() <= MAX_CUSTOM_VALUE => Ok(()),
            Value::String(s) => Err(ImError::Coded(
                codes::PROFILE_VALUE_TOO_LONG,
                format!("{tag} is {} bytes, at most {MAX_CUSTOM_VALUE}", s.len()),
            )),
            _ => Err(ImError::Coded(
                codes::PROFILE_VALUE_TYPE,
                format!("{tag} must be a string"),
            )),
        };
    }
    Err(ImError::Coded(
        codes::PROFILE_TAG_UNKNOWN,
        format!("{tag} is not a profile field"),
    ))
}

/// Whether `tag` names a profile field (standard or declared custom).
pub fn is_profile_tag(tag: &str, custom: &[String]) -> bool {
    PROFILE.iter().any(|(t, _)| *t == tag)
        || tag
            .strip_prefix(PROFILE_CUSTOM)
            .is_some_and(|k| custom.iter().any(|c| c == k))
}

/// `AddSource_Type_` + 1..=8 letters.
pub fn valid_add_source(s: &str) -> bool {
    s.strip_prefix("AddSource_Type_")
        .is_some_and(valid_custom_key)
}

/// Checks the fields of a friend request or an update.
pub fn validate_friend_fields(
    remark: &str,
    wording: &str,
    source: Option<&str>,
    groups: &[String],
) -> Result<(), ImError> {
    if remark.len() > MAX_REMARK {
        return Err(ImError::Coded(
            codes::SNS_INVALID_PARAMETER,
            format!("Remark is {} bytes, at most {MAX_REMARK}", remark.len()),
        ));
    }
    if wording.len() > MAX_WORDING {
        return Err(ImError::Coded(
            codes::SNS_INVALID_PARAMETER,
            format!(
                "AddWording is {} bytes, at most {MAX_WORDING}",
                wording.len()
            ),
        ));
    }
    if let Some(s) = source {
        if !valid_add_source(s) {
            return Err(ImError::Coded(
                codes::SNS_INVALID_PARAMETER,
                format!("AddSource {s:?} must be AddSource_Type_ and 1 to 8 letters"),
            ));
        }
    }
    for g in groups {
        validate_group_name(g)?;
    }
    Ok(())
}

pub fn validate_group_name(name: &str) -> Result<(), ImError> {
    if name.is_empty() || name.len() > MAX_GROUP_NAME {
        return Err(ImError::Coded(
            codes::SNS_INVALID_PARAMETER,
            format!(
                "a friend group name is 1..={MAX_GROUP_NAME} bytes, {name:?} is {}",
                name.len()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(tag: &str, v: Value) -> Result<(), u32> {
        validate_profile_item(tag, &v, &["Hobby".to_owned()]).map_err(|e| e.code())
    }

    #[test]
    fn standard_profile_fields_have_their_types_and_limits() {
        assert_eq!(code("Tag_Profile_IM_Nick", json!("n".repeat(500))), Ok(()));
        assert_eq!(
            code("Tag_Profile_IM_Nick", json!("n".repeat(501))),
            Err(40601)
        );
        assert_eq!(code("Tag_Profile_IM_Nick", json!(5)), Err(40610));
        assert_eq!(
            code("Tag_Profile_IM_Location", json!("x".repeat(17))),
            Err(40605)
        );
        assert_eq!(
            code("Tag_Profile_IM_Gender", json!("Gender_Type_Male")),
            Ok(())
        );
        assert_eq!(code("Tag_Profile_IM_Gender", json!("Male")), Err(40605));
        assert_eq!(code("Tag_Profile_IM_BirthDay", json!(-1)), Err(40605));
        assert_eq!(code("Tag_Profile_IM_BirthDay", json!(20190419)), Ok(()));
        assert_eq!(
            code("Tag_Profile_IM_BirthDay", json!("20190419")),
            Err(40610)
        );
        assert_eq!(
            code("Tag_Profile_IM_AllowType", json!("AllowType_Type_DenyAny")),
            Ok(())
        );
        assert_eq!(
            code(
                "Tag_Profile_IM_AdminForbidType",
                json!("AdminForbid_Type_SendOut")
            ),
            Ok(())
        );
        assert_eq!(code("Tag_Profile_IM_Unknown", json!("x")), Err(40009));
    }

    #[test]
    fn custom_field_access_is_declared_with_the_key() {
        let f = parse_custom_fields("Hobby, Level:ua,Note:aa").expect("fields");
        assert_eq!(
            f[0],
            CustomField {
                key: "Hobby".into(),
                admin_read: false,
                admin_write: false
            }
        );
        assert_eq!((f[1].admin_read, f[1].admin_write), (false, true));
        assert_eq!((f[2].admin_read, f[2].admin_write), (true, true));
        assert!(parse_custom_fields("Hobby:rw").is_err());
        assert_eq!(
            parse_custom_keys("Hobby,Level:ua"),
            Ok(vec!["Hobby".to_owned(), "Level".to_owned()])
        );
    }

    #[test]
    fn custom_fields_must_be_declared() {
        assert_eq!(code("Tag_Profile_Custom_Hobby", json!("chess")), Ok(()));
        assert_eq!(
            code("Tag_Profile_Custom_Hobby", json!("c".repeat(501))),
            Err(40601)
        );
        assert_eq!(code("Tag_Profile_Custom_Other", json!("x")), Err(40009));
        assert_eq!(code("Tag_Profile_Custom_Hobby", json!(5)), Err(40610));
        assert_eq!(
            parse_custom_keys("Hobby, Level"),
            Ok(vec!["Hobby".to_owned(), "Level".to_owned()])
        );
        assert!(parse_custom_keys("TooLongKey").is_err());
        assert!(parse_custom_keys("Bad1").is_err());
        let many: Vec<String> = (0..21)
            .map(|i| format!("K{}", "a".repeat(i % 7 + 1)))
            .collect();
        assert!(parse_custom_keys(&many.join(",")).is_err());
    }

    #[test]
    fn friend_fields_at_their_edges() {
        assert!(validate_friend_fields(&"r".repeat(96), "", None, &[]).is_ok());
        assert_eq!(
            validate_friend_fields(&"r".repeat(97), "", None, &[]).map_err(|e| e.code()),
            Err(30001)
        );
        assert!(validate_friend_fields("", &"w".repeat(256), None, &[]).is_ok());
        assert!(validate_friend_fields("", &"w".repeat(257), None, &[]).is_err());
        assert!(validate_friend_fields("", "", Some("AddSource_Type_Web"), &[]).is_ok());
        assert!(validate_friend_fields("", "", Some("AddSource_Type_TooLongSrc"), &[]).is_err());
        assert!(validate_friend_fields("", "", Some("Web"), &[]).is_err());
        assert!(validate_friend_fields("", "", None, &["g".repeat(30)]).is_ok());
        assert!(validate_friend_fields("", "", None, &["g".repeat(31)]).is_err());
        assert!(validate_friend_fields("", "", None, &[String::new()]).is_err());
    }
}
