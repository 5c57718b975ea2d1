//! The attribute and counter commands' request bodies with Tencent's field names
//! (`GroupAttr: [{key, value}]`, `GroupCounter: [{key, value}]`, `GroupCounterKeys`, `Mode`),
//! parsed once at the edge; the rules in `attrs` take these typed values.

use serde::Deserialize;

/// One entry of `GroupAttr`: `value` is required by the writes, absent in a delete.
#[derive(Debug, Clone, Deserialize)]
pub struct AttrEntry {
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// `modify_group_attr`, `set_group_attr` and `delete_group_attr`. `AttrVersion` is
/// edgechat's own field: the version the writer last saw (from a read, a write or an
/// update notice); a write made against an older one fails with 10056. Without it (REST as
/// Tencent documents it) the write is not checked.
#[derive(Debug, Deserialize)]
pub struct WriteAttrs {
    #[serde(rename = "GroupAttr")]
    pub attrs: Vec<AttrEntry>,
    #[serde(rename = "AttrVersion", default)]
    pub version: Option<u64>,
}

/// `clear_group_attr`.
#[derive(Debug, Deserialize)]
pub struct ClearAttrs {
    #[serde(rename = "AttrVersion", default)]
    pub version: Option<u64>,
}

/// One entry of `GroupCounter`.
#[derive(Debug, Clone, Deserialize)]
pub struct CounterEntry {
    pub key: String,
    pub value: i64,
}

/// `update_group_counter`: `Mode` is `Set` (the default), `Increase` or `Decrease`.
#[derive(Debug, Deserialize)]
pub struct UpdateCounters {
    #[serde(rename = "GroupCounter")]
    pub counters: Vec<CounterEntry>,
    #[serde(rename = "Mode", default)]
    pub mode: Option<String>,
}

/// `get_group_counter` (absent or empty: all) and `delete_group_counter` (required).
#[derive(Debug, Deserialize)]
pub struct CounterKeys {
    #[serde(rename = "GroupCounterKeys", default)]
    pub keys: Option<Vec<String>>,
}
