//! Message extensions: at most 300 keys per message, each with its own `Seq` (the message's
//! latest `Seq` when it was last written). A write names the `Seq` it last saw; a stale one is
//! refused per key with 23001 and the key's current value, as Tencent's servers do. A deleted
//! key keeps its `Seq` with an empty value until the next clear.

use crate::codes;
use crate::ImError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Keys set or deleted by one call.
pub const MAX_PER_CALL: usize = 20;
/// Keys one message holds.
pub const MAX_KEYS: usize = 300;
/// A key is 1..=100 bytes.
pub const MAX_KEY_BYTES: usize = 100;
/// A value is at most 1,000 bytes.
pub const MAX_VALUE_BYTES: usize = 1000;
/// Extensions returned by one read (`CompleteFlag` 0 when more remain).
pub const MAX_PAGE: usize = 200;

fn invalid(why: impl Into<String>) -> ImError {
    ImError::Coded(codes::INVALID_PARAMETER, why.into())
}

/// One extension as Tencent's REST shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Value", default)]
    pub value: String,
    #[serde(rename = "Seq", default)]
    pub seq: u64,
}

/// One key of a write: `Seq` is the version the writer last saw (0: never set). Without it
/// (an app admin over REST) the write overwrites whatever is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionItem {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Value", default)]
    pub value: String,
    #[serde(rename = "Seq", default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
}

/// One key's outcome (`ResultList`): 0, or 23001 with the key as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionResult {
    #[serde(rename = "ErrorCode")]
    pub code: u32,
    #[serde(rename = "Extension")]
    pub extension: Extension,
}

/// Tencent's `OperateType`: set keys, delete keys, or clear them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtOp {
    Set = 1,
    Delete = 2,
    Clear = 3,
}

impl ExtOp {
    pub fn parse(n: u64) -> Result<ExtOp, ImError> {
        match n {
            1 => Ok(ExtOp::Set),
            2 => Ok(ExtOp::Delete),
            3 => Ok(ExtOp::Clear),
            _ => Err(invalid(format!(
                "OperateType {n}: 1 sets, 2 deletes, 3 clears"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    value: String,
    seq: u64,
}

/// A message's extensions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extensions {
    /// The message's latest `Seq` (`LatestSeq`): one more per key written.
    #[serde(default)]
    latest: u64,
    /// The `Seq` of the last clear (`ClearSeq`): a device drops what it holds up to it.
    #[serde(default)]
    clear: u64,
    #[serde(default)]
    entries: BTreeMap<String, Entry>,
}

/// A page of a read (`get_key_values`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionPage {
    pub list: Vec<Extension>,
    pub complete: bool,
    pub latest: u64,
    pub clear: u64,
}

impl Extensions {
    pub fn latest(&self) -> u64 {
        self.latest
    }

    pub fn clear_seq(&self) -> u64 {
        self.clear
    }

    fn current(&self, key: &str) -> Extension {
        let (value, seq) = self
            .entries
            .get(key)
            .map_or((String::new(), 0), |e| (e.value.clone(), e.seq));
        Extension {
            key: key.to_owned(),
            value,
            seq,
        }
    }

    /// Checks a whole call before anything changes: a refusal stores nothing.
    fn check(&self, op: ExtOp, items: &[ExtensionItem]) -> Result<(), ImError> {
        if op == ExtOp::Clear {
            return Ok(());
        }
        if items.is_empty() || items.len() > MAX_PER_CALL {
            return Err(invalid(format!(
                "ExtensionList has {} keys; give 1..={MAX_PER_CALL}",
                items.len()
            )));
        }
        let mut seen = BTreeSet::new();
        for it in items {
            if it.key.is_empty() || it.key.len() > MAX_KEY_BYTES {
                return Err(invalid(format!(
                    "extension key {:?} is {} bytes; keys are 1..={MAX_KEY_BYTES}",
                    it.key,
                    it.key.len()
                )));
            }
            if op == ExtOp::Set && it.value.len() > MAX_VALUE_BYTES {
                return Err(invalid(format!(
                    "the value of {:?} is {} bytes; at most {MAX_VALUE_BYTES}",
                    it.key,
                    it.value.len()
                )));
            }
            if !seen.insert(it.key.as_str()) {
                return Err(invalid(format!(
                    "extension key {:?} is given twice",
                    it.key
                )));
            }
        }
        if op == ExtOp::Set {
            // Keys with a value count; an empty value is a deleted key.
            let mut live: BTreeSet<&str> = (self.entries.iter())
                .filter(|(_, e)| !e.value.is_empty())
                .map(|(k, _)| k.as_str())
                .collect();
            for it in items {
                if it.value.is_empty() {
                    live.remove(it.key.as_str());
                } else {
                    live.insert(it.key.as_str());
                }
            }
            if live.len() > MAX_KEYS {
                return Err(invalid(format!(
                    "a message holds at most {MAX_KEYS} extensions; this would make {}",
                    live.len()
                )));
            }
        }
        Ok(())
    }

    /// Runs one write. Returns each key's outcome and the extensions it changed (with their
    /// new `Seq`; a deleted or cleared key has an empty value), for the members' notice.
    pub fn apply(
        &mut self,
        op: ExtOp,
        items: &[ExtensionItem],
    ) -> Result<(Vec<ExtensionResult>, Vec<Extension>), ImError> {
        self.check(op, items)?;
        if op == ExtOp::Clear {
            let gone = std::mem::take(&mut self.entries)
                .into_iter()
                .filter(|(_, e)| !e.value.is_empty())
                .map(|(key, e)| Extension {
                    key,
                    value: String::new(),
                    seq: e.seq,
                })
                .collect();
            self.clear = self.latest;
            return Ok((vec![], gone));
        }
        let mut results = Vec::with_capacity(items.len());
        let mut changed = vec![];
        for it in items {
            let now = self.current(&it.key);
            if it.seq.is_some_and(|s| s != now.seq) {
                results.push(ExtensionResult {
                    code: codes::EXTENSION_CONFLICT,
                    extension: now,
                });
                continue;
            }
            if op == ExtOp::Delete && now.value.is_empty() {
                results.push(ExtensionResult {
                    code: 0,
                    extension: now,
                });
                continue;
            }
            self.latest += 1;
            let ext = Extension {
                key: it.key.clone(),
                value: if op == ExtOp::Set {
                    it.value.clone()
                } else {
                    String::new()
                },
                seq: self.latest,
            };
            // A deleted key stays with an empty value and its new `Seq`, so the versions the
            // members heard stay the ones a write must name.
            self.entries.insert(
                it.key.clone(),
                Entry {
                    value: ext.value.clone(),
                    seq: ext.seq,
                },
            );
            results.push(ExtensionResult {
                code: 0,
                extension: ext.clone(),
            });
            changed.push(ext);
        }
        Ok((results, changed))
    }

    /// The extensions written at `start` or later, oldest write first, at most 200; a deleted
    /// key shows with an empty value (as Tencent's SDK reads them).
    pub fn page(&self, start: u64) -> ExtensionPage {
        let mut all: Vec<Extension> = self
            .entries
            .iter()
            .filter(|(_, e)| e.seq >= start)
            .map(|(k, e)| Extension {
                key: k.clone(),
                value: e.value.clone(),
                seq: e.seq,
            })
            .collect();
        all.sort_by_key(|e| e.seq);
        let complete = all.len() <= MAX_PAGE;
        all.truncate(MAX_PAGE);
        ExtensionPage {
            list: all,
            complete,
            latest: self.latest,
            clear: self.clear,
        }
    }
}
