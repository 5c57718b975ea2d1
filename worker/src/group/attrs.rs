//! Group attributes (`*_group_attr`: a versioned map of up to 16 string keys, with Tencent's
//! size rules and 10056 on a write made against an older version) and counters
//! (`*_group_counter`: up to 20 int64 keys, set, increased or decreased). Members and the app
//! admin read and write them; every change is a notice to every member.

use super::perm::Op;
use super::requests::{AttrEntry, CounterEntry};
use super::rules::{code, Caller, Effects, Group};
use super::service::reply;
use super::store::GroupStore;
use super::tips::{notice_to_everyone, NoticeKind};
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Most attribute keys a group holds.
pub const MAX_ATTR_KEYS: usize = 16;
/// Longest attribute key, in bytes.
pub const MAX_ATTR_KEY_BYTES: usize = 32;
/// Longest attribute value, in bytes.
pub const MAX_ATTR_VALUE_BYTES: usize = 4000;
/// Most bytes of all keys and values together.
pub const MAX_ATTR_TOTAL_BYTES: usize = 16 * 1024;
/// Most counters a group holds.
pub const MAX_COUNTER_KEYS: usize = 20;
/// Longest counter key, in bytes.
pub const MAX_COUNTER_KEY_BYTES: usize = 128;

/// What a group keeps of its attributes and counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttrState {
    /// Bumped by every change of the attributes.
    #[serde(default)]
    pub version: u64,
    #[serde(default)]
    pub attrs: BTreeMap<String, String>,
    #[serde(default)]
    pub counters: BTreeMap<String, i64>,
}

/// How an attribute write changes the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrWrite {
    /// `modify_group_attr`: the keys given are added or replaced.
    Modify,
    /// `set_group_attr` (`initGroupAttributes`): the map becomes the keys given.
    Reset,
    /// `delete_group_attr`: the keys given go; each must exist.
    Delete,
    /// `clear_group_attr`: every key goes.
    Clear,
}

/// How a counter update applies its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterMode {
    Set,
    Increase,
    Decrease,
}

impl CounterMode {
    /// `Mode` of `update_group_counter` (absent: `Set`).
    pub fn parse(mode: Option<&str>) -> Result<Self, ImError> {
        match mode.unwrap_or("Set") {
            "Set" => Ok(CounterMode::Set),
            "Increase" => Ok(CounterMode::Increase),
            "Decrease" => Ok(CounterMode::Decrease),
            other => Err(invalid(format!(
                "Mode must be Set, Increase or Decrease, not {other:?}"
            ))),
        }
    }
}

fn invalid(why: impl Into<String>) -> ImError {
    code(codes::INVALID_PARAMETER, why)
}

fn check_key(field: &str, key: &str, max: usize) -> Result<(), ImError> {
    if key.is_empty() || key.len() > max {
        return Err(invalid(format!(
            "{field} key {key:?} must be 1..={max} bytes, it is {}",
            key.len()
        )));
    }
    Ok(())
}

/// `[{key, value}]` as REST shows a map.
fn entries<V: Serialize>(map: &BTreeMap<String, V>) -> Value {
    let list: Vec<Value> = map
        .iter()
        .map(|(k, v)| json!({ "key": k, "value": v }))
        .collect();
    Value::Array(list)
}

/// The attributes within the group's limits.
fn check_attr_limits(attrs: &BTreeMap<String, String>) -> Result<(), ImError> {
    if attrs.len() > MAX_ATTR_KEYS {
        return Err(invalid(format!(
            "a group holds at most {MAX_ATTR_KEYS} attributes; this write would make {}",
            attrs.len()
        )));
    }
    let total: usize = attrs.iter().map(|(k, v)| k.len() + v.len()).sum();
    if total > MAX_ATTR_TOTAL_BYTES {
        return Err(invalid(format!(
            "a group's attributes hold at most {MAX_ATTR_TOTAL_BYTES} bytes; this write would make {total}"
        )));
    }
    Ok(())
}

impl<'s, S: GroupStore> Group<'s, S> {
    /// `get_group_attr`: every attribute, and the version a later write names.
    pub fn get_attrs(&self, caller: &Caller) -> Result<Effects, ImError> {
        self.require(caller, Op::Attributes)?;
        let st = self.store.attr_state()?;
        Ok(reply(json!({
            "GroupAttrAry": entries(&st.attrs),
            "AttrVersion": st.version,
        })))
    }

    /// The attribute writes. Nothing is stored unless every entry is valid, the result fits
    /// the limits and `version` (when given) is the group's; bad input is refused before a
    /// stale version. A write that changes nothing keeps the version and tells no one.
    pub fn write_attrs(
        &mut self,
        caller: &Caller,
        how: AttrWrite,
        given: Vec<AttrEntry>,
        version: Option<u64>,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::Attributes)?;
        let mut st = self.store.attr_state()?;
        if how != AttrWrite::Clear && how != AttrWrite::Reset && given.is_empty() {
            return Err(invalid("GroupAttr must hold at least one entry"));
        }
        if given.len() > MAX_ATTR_KEYS {
            return Err(invalid(format!(
                "GroupAttr holds at most {MAX_ATTR_KEYS} entries, got {}",
                given.len()
            )));
        }
        let before = st.attrs.clone();
        match how {
            AttrWrite::Modify | AttrWrite::Reset => {
                if how == AttrWrite::Reset {
                    st.attrs.clear();
                }
                for e in given {
                    check_key("GroupAttr", &e.key, MAX_ATTR_KEY_BYTES)?;
                    let value = e.value.ok_or_else(|| {
                        invalid(format!("GroupAttr key {:?} has no value", e.key))
                    })?;
                    if value.len() > MAX_ATTR_VALUE_BYTES {
                        return Err(invalid(format!(
                            "the value of {:?} is {} bytes; at most {MAX_ATTR_VALUE_BYTES}",
                            e.key,
                            value.len()
                        )));
                    }
                    st.attrs.insert(e.key, value);
                }
            }
            AttrWrite::Delete => {
                for e in given {
                    if st.attrs.remove(&e.key).is_none() {
                        return Err(code(
                            codes::GROUP_ATTR_NOT_FOUND,
                            format!("the group has no attribute {:?}", e.key),
                        ));
                    }
                }
            }
            AttrWrite::Clear => st.attrs.clear(),
        }
        check_attr_limits(&st.attrs)?;
        // The input is good: whether it was written against the latest attributes.
        if let Some(seen) = version {
            if seen != st.version {
                return Err(code(
                    codes::GROUP_ATTR_CONFLICT,
                    format!(
                        "the attributes changed since version {seen} (now {}): read them again, then write",
                        st.version
                    ),
                ));
            }
        }
        if st.attrs == before {
            return Ok(reply(json!({ "AttrVersion": st.version })));
        }
        st.version += 1;
        self.store.put_attr_state(&st)?;
        let n = notice_to_everyone(
            self.id(),
            self.ty(),
            NoticeKind::AttributesUpdated,
            &caller.name(),
            json!({ "GroupAttr": entries(&st.attrs), "AttrVersion": st.version }),
        );
        Ok(Effects {
            notices: vec![n],
            reply: json!({ "AttrVersion": st.version }),
            ..Effects::default()
        })
    }

    /// `get_group_counter`: the counters named (all when `keys` is empty); an unknown key is
    /// 0, as an increase would start it.
    pub fn get_counters(&self, caller: &Caller, keys: &[String]) -> Result<Effects, ImError> {
        self.require(caller, Op::Counters)?;
        let st = self.store.attr_state()?;
        let picked: BTreeMap<String, i64> = if keys.is_empty() {
            st.counters
        } else {
            keys.iter()
                .map(|k| (k.clone(), st.counters.get(k).copied().unwrap_or(0)))
                .collect()
        };
        Ok(reply(json!({ "GroupCounter": entries(&picked) })))
    }

    /// `update_group_counter`: each counter set, increased or decreased by its value; the
    /// answer and the notice carry the new values of the counters named.
    pub fn update_counters(
        &mut self,
        caller: &Caller,
        mode: CounterMode,
        given: Vec<CounterEntry>,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::Counters)?;
        if given.is_empty() || given.len() > MAX_COUNTER_KEYS {
            return Err(invalid(format!(
                "GroupCounter must hold 1..={MAX_COUNTER_KEYS} entries, got {}",
                given.len()
            )));
        }
        let mut st = self.store.attr_state()?;
        let mut changed = BTreeMap::new();
        for e in given {
            check_key("GroupCounter", &e.key, MAX_COUNTER_KEY_BYTES)?;
            let old = st.counters.get(&e.key).copied().unwrap_or(0);
            let new = match mode {
                CounterMode::Set => Some(e.value),
                CounterMode::Increase => old.checked_add(e.value),
                CounterMode::Decrease => old.checked_sub(e.value),
            }
            .ok_or_else(|| {
                invalid(format!(
                    "counter {:?} would leave the int64 range ({old} and {})",
                    e.key, e.value
                ))
            })?;
            st.counters.insert(e.key.clone(), new);
            changed.insert(e.key, new);
        }
        if st.counters.len() > MAX_COUNTER_KEYS {
            return Err(invalid(format!(
                "a group holds at most {MAX_COUNTER_KEYS} counters; this update would make {}",
                st.counters.len()
            )));
        }
        self.store.put_attr_state(&st)?;
        let n = notice_to_everyone(
            self.id(),
            self.ty(),
            NoticeKind::CountersUpdated,
            &caller.name(),
            json!({ "GroupCounter": entries(&changed) }),
        );
        Ok(Effects {
            notices: vec![n],
            reply: json!({ "GroupCounter": entries(&changed) }),
            ..Effects::default()
        })
    }

    /// `delete_group_counter`: the counters named go (an unknown key is no error).
    pub fn delete_counters(
        &mut self,
        caller: &Caller,
        keys: &[String],
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::Counters)?;
        if keys.is_empty() || keys.len() > MAX_COUNTER_KEYS {
            return Err(invalid(format!(
                "GroupCounterKeys must hold 1..={MAX_COUNTER_KEYS} keys, got {}",
                keys.len()
            )));
        }
        let mut st = self.store.attr_state()?;
        let before = st.counters.len();
        for k in keys {
            st.counters.remove(k);
        }
        if st.counters.len() != before {
            self.store.put_attr_state(&st)?;
        }
        Ok(reply(json!({})))
    }
}
