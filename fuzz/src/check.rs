//! The rules every target checks, and the events an input reached: a refusal must carry a
//! clear Tencent code (not 0, not the internal-error code) and say why; its event is the code
//! and the shape of its message, a success's what it touched. An input that reaches an event no
//! earlier input did is kept to mutate further (events play the part coverage plays elsewhere).

use edgechat_proto::ImError;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// What one input did: the events it reached (as hashes), or the rule it broke.
pub type Outcome = Result<Vec<u64>, String>;

/// Collects the events of an outcome: a set, so neither their order nor how often one happened
/// makes an input new (hashed deterministically: no random keys).
#[derive(Default)]
pub struct Sig(std::collections::BTreeSet<u64>);

fn hash_of<T: Hash + ?Sized>(part: &T) -> u64 {
    let mut h = DefaultHasher::new();
    part.hash(&mut h);
    h.finish()
}

impl Sig {
    pub fn new(tag: &str) -> Self {
        let mut s = Sig::default();
        s.add(tag);
        s
    }

    pub fn add<T: Hash + ?Sized>(&mut self, part: &T) -> &mut Self {
        self.0.insert(hash_of(part));
        self
    }

    pub fn done(&self) -> Vec<u64> {
        self.0.iter().copied().collect()
    }
}

/// A message with its variable parts (digits, quoted text) taken out: two refusals for the
/// same reason at different places or values have the same shape.
pub fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(120));
    // The quote that opened the text being skipped, and whether the last char was a `\`.
    let (mut open, mut escaped) = (None, false);
    for c in message.chars() {
        if out.len() >= 120 {
            break;
        }
        match open {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => open = None,
            Some(_) => {}
            None if c == '"' || c == '`' => open = Some(c),
            None if c.is_ascii_digit() => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            None => out.push(c),
        }
    }
    out
}

/// Checks a refusal: a Tencent code that is neither 0 nor the internal-error code, and a
/// message. Returns its event.
pub fn refusal(what: &str, e: &ImError) -> Result<u64, String> {
    refusal_code(what, e.code(), &e.to_string())
}

/// [`refusal`] for a code and message carried as data (an error frame, a REST envelope).
pub fn refusal_code(what: &str, code: u32, message: &str) -> Result<u64, String> {
    let internal = ImError::Internal(String::new()).code();
    if code == 0 || code == internal {
        return Err(format!(
            "{what}: refused without a clear code ({code}): {message}"
        ));
    }
    if message.trim().is_empty() {
        return Err(format!("{what}: refusal {code} says nothing"));
    }
    let shape = shape(message);
    trace(|| format!("refused: {what} {code} {shape}"));
    Ok(hash_of(&(what, code, shape)))
}

/// Whether steps are printed (`EDGECHAT_FUZZ_TRACE=1`, for `replay`): what each step of an
/// input did, to see how far a seed or a crash gets.
pub fn tracing() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var("EDGECHAT_FUZZ_TRACE").is_ok_and(|v| v == "1"))
}

/// Prints a step when tracing.
pub fn trace(step: impl FnOnce() -> String) {
    if tracing() {
        println!("    {}", step());
    }
}

/// An input as text, as a socket or HTTP body would hand it over (invalid UTF-8 replaced).
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_drop_values_and_keep_reasons() {
        assert_eq!(
            shape(r#"MsgBody[12]: "TIMX" is 300 long"#),
            "MsgBody[#]:  is # long"
        );
        assert_eq!(shape("a `x` b"), shape("a `yy` b"));
        assert_eq!(shape(r#"user "a\"b", not "c""#), "user , not ");
        assert_eq!(
            shape(r#"MsgType "x`y" is not known"#),
            "MsgType  is not known"
        );
    }

    #[test]
    fn refusals_need_a_clear_code() {
        assert!(refusal("t", &ImError::JsonParse("eof".into())).is_ok());
        assert!(refusal("t", &ImError::Internal("boom".into())).is_err());
        assert!(refusal("t", &ImError::Coded(0, "zero".into())).is_err());
        assert!(refusal_code("t", 10004, " ").is_err());
    }
}
