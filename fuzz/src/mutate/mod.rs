//! New inputs from old ones, deterministically from a seed: byte edits (bit flips, boundary
//! bytes, inserted and deleted runs, words, splices with other inputs), line edits (a step
//! repeated, dropped, swapped or taken from another input) and JSON edits on a line that parses
//! (`json`). The words and donor values are harvested from the corpus: its keys, short strings,
//! non-JSON lines (API paths, IDs, tokens) and whole values.

mod json;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde_json::Value;

/// Most donor values and words kept (the corpus's first, then those of kept inputs).
const MAX_DONORS: usize = 4096;
const MAX_WORDS: usize = 4096;

/// Bytes that change how text and JSON are read.
const SPECIAL: &[u8] = b"\"\\{}[]:,\n\r\t 0-_.e+*/=#@%\x00\x7f\xff\xc3";

pub struct Mutator {
    rng: ChaCha8Rng,
    words: Vec<String>,
    donors: Vec<Value>,
}

impl Mutator {
    /// A mutator for one target: `seed` fixes every choice it makes.
    pub fn new(seed: u64, corpus: &[Vec<u8>]) -> Self {
        let mut m = Mutator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            words: vec![],
            donors: vec![],
        };
        for input in corpus {
            m.learn(input);
        }
        m.words.sort();
        m.words.dedup();
        m
    }

    /// Takes words and donor values from an input the driver kept.
    pub fn learn(&mut self, input: &[u8]) {
        for line in String::from_utf8_lossy(input).lines() {
            match serde_json::from_str::<Value>(line) {
                Ok(v) => {
                    json::words(&v, &mut self.words);
                    self.keep_donor(v);
                }
                Err(_) if line.len() <= 200 => self.words.push(line.to_owned()),
                Err(_) => {}
            }
        }
        if self.words.len() > MAX_WORDS {
            let at = self.below(self.words.len());
            self.words.swap_remove(at);
            self.words.truncate(MAX_WORDS);
        }
    }

    fn keep_donor(&mut self, v: Value) {
        if self.donors.len() < MAX_DONORS {
            self.donors.push(v);
        } else {
            let at = self.below(MAX_DONORS);
            self.donors[at] = v;
        }
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.rng.random_range(0..n)
        }
    }

    fn chance(&mut self, in_ten: usize) -> bool {
        self.below(10) < in_ten
    }

    fn word(&mut self) -> String {
        let i = self.below(self.words.len());
        self.words.get(i).cloned().unwrap_or_default()
    }

    /// A child of `input`: one to four edits, at most `max_len` bytes.
    pub fn mutate(&mut self, input: &[u8], pool: &[Vec<u8>], max_len: usize) -> Vec<u8> {
        let mut out = input.to_vec();
        for _ in 0..1 + self.below(4) {
            out = match self.below(10) {
                0..=4 => self
                    .json_edit(&out)
                    .unwrap_or_else(|| self.bytes(out, pool)),
                5 => self.lines(out, pool),
                _ => self.bytes(out, pool),
            };
        }
        out.truncate(max_len);
        out
    }

    /// Edits the JSON of one line that parses; `None` when none does.
    fn json_edit(&mut self, input: &[u8]) -> Option<Vec<u8>> {
        let text = String::from_utf8_lossy(input);
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let start = self.below(lines.len());
        for k in 0..lines.len() {
            let i = (start + k) % lines.len();
            if let Ok(mut v) = serde_json::from_str::<Value>(&lines[i]) {
                self.edit_value(&mut v);
                lines[i] = v.to_string();
                return Some(lines.join("\n").into_bytes());
            }
        }
        None
    }

    /// Line edits: repeat, drop, swap, or bring in a line of another input.
    fn lines(&mut self, input: Vec<u8>, pool: &[Vec<u8>]) -> Vec<u8> {
        let text = String::from_utf8_lossy(&input);
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let i = self.below(lines.len());
        match self.below(5) {
            0 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            1 if lines.len() > 1 => {
                lines.remove(i);
            }
            2 => {
                let j = self.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                let w = self.word();
                lines[i] = w;
            }
            _ => {
                let other = &pool[self.below(pool.len())];
                let other = String::from_utf8_lossy(other);
                let theirs: Vec<&str> = other.split('\n').collect();
                let l = theirs[self.below(theirs.len())].to_owned();
                let at = self.below(lines.len() + 1);
                lines.insert(at, l);
            }
        }
        lines.join("\n").into_bytes()
    }

    /// Byte edits.
    fn bytes(&mut self, mut out: Vec<u8>, pool: &[Vec<u8>]) -> Vec<u8> {
        let len = out.len();
        let at = self.below(len + 1);
        match self.below(9) {
            0 if len > 0 => {
                let i = self.below(len);
                out[i] ^= 1 << self.below(8);
            }
            1 if len > 0 => {
                let i = self.below(len);
                out[i] = SPECIAL[self.below(SPECIAL.len())];
            }
            2 => {
                let b = SPECIAL[self.below(SPECIAL.len())];
                out.insert(at, b);
            }
            3 if len > 0 => {
                let n = 1 + self.below(16.min(len));
                let from = self.below(len - n + 1);
                out.drain(from..from + n);
            }
            4 if len > 0 => {
                let n = 1 + self.below(64.min(len));
                let from = self.below(len - n + 1);
                let run = out[from..from + n].to_vec();
                out.splice(at..at, run);
            }
            5 => {
                let w = self.word();
                out.splice(at..at, w.into_bytes());
            }
            6 => {
                let other = &pool[self.below(pool.len())];
                let cut = self.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(&other[cut..]);
            }
            7 => {
                let n = 1 + self.below(8);
                let junk: Vec<u8> = (0..n).map(|_| self.rng.random::<u8>()).collect();
                out.splice(at..at, junk);
            }
            _ => return self.number_text(out),
        }
        out
    }

    /// Replaces a run of digits with a boundary number.
    fn number_text(&mut self, mut out: Vec<u8>) -> Vec<u8> {
        let digits: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].is_ascii_digit())
            .collect();
        if digits.is_empty() {
            return out;
        }
        let start = digits[self.below(digits.len())];
        let mut end = start;
        while end < out.len() && out[end].is_ascii_digit() {
            end += 1;
        }
        let n = json::BOUNDARY_TEXT[self.below(json::BOUNDARY_TEXT.len())];
        out.splice(start..end, n.bytes());
        out
    }
}
