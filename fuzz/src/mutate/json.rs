//! JSON edits: pick a node of the value and replace it (boundary numbers, odd strings, other
//! types, a donor's node), add or drop a field or an element, repeat an element up to the
//! limits (100, 300, 500, 1000 items), or wrap it.

use super::Mutator;
use serde_json::{Map, Value};

/// Numbers at the edges of the types the code reads (u32, u64, i64, f64, JSON's safe integers).
pub const BOUNDARY_TEXT: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "7",
    "255",
    "256",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "1e308",
    "-1e308",
    "1.5",
    "-0",
    "1e-320",
    "604801",
    "31622401",
];

/// Item counts at the limits of Tencent's lists.
const COUNTS: &[usize] = &[2, 20, 21, 99, 100, 101, 300, 301, 500, 501, 1000, 1001];

/// Strings that trip up checks: empty, blank, long, control and non-ASCII characters, lookalikes.
const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "a b",
    "\n",
    "\u{0}",
    "é中😀",
    "@TGS#1",
    "@TGS#_x",
    "C2Calice",
    "GROUPg1",
    "1_2_3",
    "_",
    "-",
    "null",
    "0",
    "-1",
    "true",
    "\\",
    "\"",
];

/// Every object key and short string of `v` (the corpus's vocabulary).
pub fn words(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.len() <= 64 => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| words(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                out.push(k.clone());
                words(x, out);
            }
        }
        _ => {}
    }
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// The `n`-th node of `v` in pre-order (counting `v` as 0).
fn nth<'v>(v: &'v mut Value, n: &mut usize) -> Option<&'v mut Value> {
    if *n == 0 {
        return Some(v);
    }
    *n -= 1;
    match v {
        Value::Array(a) => a.iter_mut().find_map(|x| nth(x, n)),
        Value::Object(o) => o.values_mut().find_map(|x| nth(x, n)),
        _ => None,
    }
}

fn nth_ref(v: &Value, n: &mut usize) -> Option<Value> {
    if *n == 0 {
        return Some(v.clone());
    }
    *n -= 1;
    match v {
        Value::Array(a) => a.iter().find_map(|x| nth_ref(x, n)),
        Value::Object(o) => o.values().find_map(|x| nth_ref(x, n)),
        _ => None,
    }
}

impl Mutator {
    pub(super) fn edit_value(&mut self, v: &mut Value) {
        let mut at = self.below(count(v));
        let Some(node) = nth(v, &mut at) else { return };
        match self.below(10) {
            0 | 1 => *node = self.odd_value(),
            2 | 3 => self.tweak(node),
            4 => self.grow(node),
            5 => self.shrink(node),
            6 => self.repeat(node),
            7 => {
                if let Some(d) = self.donor_node() {
                    *node = d;
                }
            }
            8 => {
                let inner = node.take();
                *node = if self.chance(5) {
                    Value::Array(vec![inner])
                } else {
                    let mut m = Map::new();
                    m.insert(self.word(), inner);
                    Value::Object(m)
                };
            }
            _ => {
                let w = self.word();
                *node = Value::String(w);
            }
        }
    }

    fn donor_node(&mut self) -> Option<Value> {
        let i = self.below(self.donors.len());
        let nodes = count(self.donors.get(i)?);
        let mut at = self.below(nodes);
        nth_ref(self.donors.get(i)?, &mut at)
    }

    fn number(&mut self) -> Value {
        let t = BOUNDARY_TEXT[self.below(BOUNDARY_TEXT.len())];
        serde_json::from_str(t).unwrap_or(Value::Null)
    }

    /// Any kind of value, odd for most fields.
    fn odd_value(&mut self) -> Value {
        match self.below(8) {
            0 => Value::Null,
            1 => Value::Bool(self.chance(5)),
            2 | 3 => self.number(),
            4 => Value::String(ODD_STRINGS[self.below(ODD_STRINGS.len())].to_owned()),
            5 => Value::String(self.long_string()),
            6 => Value::Array(vec![]),
            _ => Value::Object(Map::new()),
        }
    }

    fn long_string(&mut self) -> String {
        let n = [
            32,
            33,
            64,
            65,
            100,
            101,
            128,
            257,
            1024,
            4097,
            12 * 1024 + 1,
        ][self.below(11)];
        let unit = if self.chance(3) { "é" } else { "x" };
        unit.repeat(n / unit.len())
    }

    /// A change that keeps the node's kind.
    fn tweak(&mut self, node: &mut Value) {
        match node {
            Value::Bool(b) => *b = !*b,
            Value::Number(_) => *node = self.number(),
            Value::String(s) => match self.below(5) {
                0 => s.push_str(&self.word()),
                1 => *s = s.chars().take(self.below(s.len() + 1)).collect(),
                2 => {
                    let c = ODD_STRINGS[self.below(ODD_STRINGS.len())];
                    s.push_str(c);
                }
                3 => *s = s.repeat(2 + self.below(40)),
                _ => *s = s.to_uppercase(),
            },
            Value::Array(_) | Value::Object(_) => self.grow(node),
            Value::Null => *node = self.odd_value(),
        }
    }

    /// A field or an element more.
    fn grow(&mut self, node: &mut Value) {
        let extra = if self.chance(5) {
            self.donor_node().unwrap_or(Value::Null)
        } else {
            self.odd_value()
        };
        match node {
            Value::Object(o) => {
                o.insert(self.word(), extra);
            }
            Value::Array(a) => {
                let at = self.below(a.len() + 1);
                let item = match a.first() {
                    Some(first) if self.chance(5) => first.clone(),
                    _ => extra,
                };
                a.insert(at, item);
            }
            _ => *node = extra,
        }
    }

    /// A field or an element less.
    fn shrink(&mut self, node: &mut Value) {
        match node {
            Value::Object(o) if !o.is_empty() => {
                let i = self.below(o.len());
                if let Some(k) = o.keys().nth(i).cloned() {
                    o.remove(&k);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                let i = self.below(a.len());
                a.remove(i);
            }
            _ => *node = Value::Null,
        }
    }

    /// An array's element repeated up to one of the list limits (small elements only).
    fn repeat(&mut self, node: &mut Value) {
        let Value::Array(a) = node else {
            return self.grow(node);
        };
        let Some(item) = a.get(self.below(a.len())).cloned() else {
            a.push(self.odd_value());
            return;
        };
        let n = COUNTS[self.below(COUNTS.len())];
        if item.to_string().len() * n > 64 * 1024 {
            return;
        }
        match &item {
            Value::String(s) if self.chance(5) => {
                *a = (0..n).map(|i| Value::String(format!("{s}{i}"))).collect();
            }
            _ => a.resize(n, item),
        }
    }
}
