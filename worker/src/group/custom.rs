//! Custom group and member fields (`AppDefinedData`, `AppMemberDefinedData`): declared per app
//! with a minimum read and write level each (app admin > owner > admin > member > anyone),
//! checked on every read and write.

use super::perm::Actor;
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Most group-level keys, and the longest group value.
pub const MAX_GROUP_KEYS: usize = 10;
pub const MAX_GROUP_VALUE_BYTES: usize = 512;
/// Most member-level keys, and the longest member value.
pub const MAX_MEMBER_KEYS: usize = 5;
pub const MAX_MEMBER_VALUE_BYTES: usize = 64;
/// Longest key.
pub const MAX_KEY_BYTES: usize = 16;

/// Who may read or write a field, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Anyone,
    Member,
    Admin,
    Owner,
    AppAdmin,
}

impl Level {
    fn parse(raw: &str) -> Option<Level> {
        Some(match raw {
            "n" | "anyone" => Level::Anyone,
            "m" | "member" => Level::Member,
            "d" | "admin" => Level::Admin,
            "o" | "owner" => Level::Owner,
            "a" | "app" => Level::AppAdmin,
            _ => return None,
        })
    }

    /// The highest level an actor has.
    pub fn of(actor: Actor) -> Level {
        match actor {
            Actor::AppAdmin => Level::AppAdmin,
            Actor::Owner => Level::Owner,
            Actor::Admin => Level::Admin,
            Actor::Member => Level::Member,
            Actor::NonMember => Level::Anyone,
        }
    }
}

/// A declared key with its minimum read and write levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDecl {
    pub key: String,
    pub read: Level,
    pub write: Level,
}

/// Parses `Key:read:write,…` (levels `n` anyone, `m` member, `d` admin, `o` owner, `a` app
/// admin; both default to member).
pub fn parse_decls(raw: &str, max_keys: usize) -> Result<Vec<FieldDecl>, String> {
    let mut out: Vec<FieldDecl> = Vec::new();
    for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let mut parts = item.split(':');
        let key = parts.next().unwrap_or_default().to_owned();
        if key.is_empty()
            || key.len() > MAX_KEY_BYTES
            || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(format!(
                "custom field key {key:?} must be 1..={MAX_KEY_BYTES} letters, digits or _"
            ));
        }
        let level = |p: Option<&str>| match p {
            None => Ok(Level::Member),
            Some(l) => {
                Level::parse(l).ok_or_else(|| format!("{key}: level {l:?} is not n, m, d, o or a"))
            }
        };
        let read = level(parts.next())?;
        let write = level(parts.next())?;
        if out.iter().any(|d| d.key == key) {
            return Err(format!("custom field {key} is declared twice"));
        }
        out.push(FieldDecl { key, read, write });
    }
    if out.len() > max_keys {
        return Err(format!(
            "at most {max_keys} custom fields, got {}",
            out.len()
        ));
    }
    Ok(out)
}

fn code(c: u32, why: impl Into<String>) -> ImError {
    ImError::Coded(c, why.into())
}

/// Applies `[{Key, Value}]` writes by `actor` to `current` (an empty Value deletes the key).
/// All are checked before any is applied.
pub fn write(
    current: &mut BTreeMap<String, String>,
    items: &Value,
    decls: &[FieldDecl],
    actor: Actor,
    max_value: usize,
    field: &str,
) -> Result<(), ImError> {
    let list = items.as_array().ok_or_else(|| {
        code(
            codes::INVALID_PARAMETER,
            format!("{field} must be an array of {{Key, Value}}"),
        )
    })?;
    let mut changes = Vec::with_capacity(list.len());
    for item in list {
        let key = item["Key"].as_str().ok_or_else(|| {
            code(
                codes::INVALID_PARAMETER,
                format!("{field}: each item needs a Key"),
            )
        })?;
        let value = item["Value"].as_str().unwrap_or_default();
        let decl = decls.iter().find(|d| d.key == key).ok_or_else(|| {
            code(
                codes::INVALID_PARAMETER,
                format!("{field}: {key} is not a declared custom field"),
            )
        })?;
        if Level::of(actor) < decl.write {
            return Err(code(
                codes::NO_PERMISSION,
                format!("{actor:?} may not write the custom field {key}"),
            ));
        }
        if value.len() > max_value {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!(
                    "{field}: {key} is {} bytes; at most {max_value}",
                    value.len()
                ),
            ));
        }
        changes.push((key.to_owned(), value.to_owned()));
    }
    for (k, v) in changes {
        if v.is_empty() {
            current.remove(&k);
        } else {
            current.insert(k, v);
        }
    }
    Ok(())
}

/// The fields `actor` may read, as `[{Key, Value}]`, optionally only the `filter` keys.
pub fn visible(
    current: &BTreeMap<String, String>,
    decls: &[FieldDecl],
    actor: Actor,
    filter: Option<&[String]>,
) -> Value {
    let level = Level::of(actor);
    json!(current
        .iter()
        .filter(|(k, _)| decls.iter().any(|d| &d.key == *k && level >= d.read))
        .filter(|(k, _)| filter.is_none_or(|f| f.iter().any(|x| x == *k)))
        .map(|(k, v)| json!({ "Key": k, "Value": v }))
        .collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decls() -> Vec<FieldDecl> {
        parse_decls("Level:n:a, Topic:m:d", MAX_GROUP_KEYS).expect("decls")
    }

    #[test]
    fn declarations_parse_and_check() {
        let d = decls();
        assert_eq!(
            d[0],
            FieldDecl {
                key: "Level".into(),
                read: Level::Anyone,
                write: Level::AppAdmin
            }
        );
        assert_eq!(d[1].write, Level::Admin);
        assert!(parse_decls("bad-key", 10).is_err());
        assert!(parse_decls("K:x", 10).is_err());
        assert!(parse_decls("A,A", 10).is_err());
        assert!(parse_decls("A,B,C,D,E,F", MAX_MEMBER_KEYS).is_err());
        assert_eq!(parse_decls("", 10), Ok(vec![]));
    }

    #[test]
    fn writes_need_the_level_and_a_declared_key() {
        let d = decls();
        let mut cur = BTreeMap::new();
        let set = |k: &str, v: &str| json!([{ "Key": k, "Value": v }]);
        let e = write(
            &mut cur,
            &set("Level", "9"),
            &d,
            Actor::Owner,
            512,
            "AppDefinedData",
        )
        .expect_err("owner");
        assert_eq!(e.code(), codes::NO_PERMISSION);
        write(
            &mut cur,
            &set("Level", "9"),
            &d,
            Actor::AppAdmin,
            512,
            "AppDefinedData",
        )
        .expect("app admin");
        write(
            &mut cur,
            &set("Topic", "rust"),
            &d,
            Actor::Admin,
            512,
            "AppDefinedData",
        )
        .expect("admin");
        let e = write(
            &mut cur,
            &set("Nope", "x"),
            &d,
            Actor::AppAdmin,
            512,
            "AppDefinedData",
        )
        .expect_err("undeclared");
        assert_eq!(e.code(), codes::INVALID_PARAMETER);
        let e = write(
            &mut cur,
            &set("Topic", &"x".repeat(513)),
            &d,
            Actor::Owner,
            512,
            "AppDefinedData",
        )
        .expect_err("long");
        assert_eq!(e.code(), codes::INVALID_PARAMETER);
        // A batch with one refused item changes nothing.
        let batch = json!([{ "Key": "Topic", "Value": "go" }, { "Key": "Level", "Value": "1" }]);
        assert!(write(&mut cur, &batch, &d, Actor::Owner, 512, "AppDefinedData").is_err());
        assert_eq!(cur.get("Topic").map(String::as_str), Some("rust"));
        write(
            &mut cur,
            &set("Topic", ""),
            &d,
            Actor::Owner,
            512,
            "AppDefinedData",
        )
        .expect("delete");
        assert!(!cur.contains_key("Topic"));
    }

    #[test]
    fn reads_show_only_what_the_level_allows() {
        let d = decls();
        let cur: BTreeMap<String, String> = [
            ("Level".to_owned(), "9".to_owned()),
            ("Topic".to_owned(), "rust".to_owned()),
        ]
        .into();
        assert_eq!(
            visible(&cur, &d, Actor::NonMember, None),
            json!([{ "Key": "Level", "Value": "9" }])
        );
        assert_eq!(
            visible(&cur, &d, Actor::Member, None)
                .as_array()
                .map(Vec::len),
            Some(2)
        );
        let only = ["Topic".to_owned()];
        assert_eq!(
            visible(&cur, &d, Actor::AppAdmin, Some(&only)),
            json!([{ "Key": "Topic", "Value": "rust" }])
        );
    }
}
