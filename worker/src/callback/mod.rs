//! Callbacks to the app's back end (Tencent's 第三方回调, tests/support/TENCENT_CALLBACK_NOTES.md):
//! which commands are on, the request URL with its `Sign`, each command's body, and what a
//! before-callback's answer decides. Pure; `edge::callback` makes the HTTP call.

pub mod after_send;
pub mod before_send;

use edgechat_proto::ImError;
use sha2::{Digest, Sha256};

/// How long a before-callback may take before the event goes ahead unchanged (fail open).
pub const BEFORE_TIMEOUT_MS: u64 = 2_000;

/// Callback commands edgechat sends.
pub const C2C_BEFORE_SEND: &str = "C2C.CallbackBeforeSendMsg";
pub const C2C_AFTER_SEND: &str = "C2C.CallbackAfterSendMsg";
/// How long an after-callback may take before it counts as failed (and is sent again).
pub const AFTER_TIMEOUT_MS: u64 = 5_000;

/// `CALLBACK_URL`, `CALLBACK_TOKEN` and `CALLBACK_COMMANDS` (comma-separated; unset or empty:
/// every command is on).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallbackConfig {
    pub url: String,
    pub token: Option<String>,
    pub commands: Option<Vec<String>>,
}

impl CallbackConfig {
    /// The configuration from the three variables; `None` without a URL (callbacks off).
    pub fn parse(
        url: Option<String>,
        token: Option<String>,
        commands: Option<String>,
    ) -> Result<Option<CallbackConfig>, ImError> {
        let Some(url) = url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ImError::Internal(format!(
                "CALLBACK_URL must be an http(s) URL, not {url:?}"
            )));
        }
        let commands = commands
            .map(|c| {
                c.split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.is_empty());
        Ok(Some(CallbackConfig {
            url,
            token: token.filter(|t| !t.is_empty()),
            commands,
        }))
    }

    /// Whether `command` is on.
    pub fn enabled(&self, command: &str) -> bool {
        self.commands
            .as_ref()
            .is_none_or(|list| list.iter().any(|c| c == command))
    }

    /// `{URL}?SdkAppid=…&CallbackCommand=…&contenttype=json&ClientIP=…&OptPlatform=…`, and with
    /// a token `&Sign=…&RequestTime=…` (unix seconds `now`).
    pub fn request_url(
        &self,
        sdkappid: u64,
        command: &str,
        client_ip: &str,
        platform: &str,
        now: u64,
    ) -> String {
        let join = if self.url.contains('?') { '&' } else { '?' };
        let mut url = format!(
            "{}{join}SdkAppid={sdkappid}&CallbackCommand={}&contenttype=json&ClientIP={}&OptPlatform={}",
            self.url,
            query(command),
            query(client_ip),
            query(platform)
        );
        if let Some(token) = &self.token {
            url.push_str(&format!("&Sign={}&RequestTime={now}", sign(token, now)));
        }
        url
    }
}

/// Tencent's `Sign`: lowercase hex of SHA-256 over the token followed by `RequestTime`.
pub fn sign(token: &str, request_time: u64) -> String {
    let digest = Sha256::digest(format!("{token}{request_time}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `OptPlatform` for a session's platform name (Tencent's values; anything else `Unknown`).
pub fn opt_platform(platform: &str) -> &'static str {
    match platform {
        "Web" => "Web",
        "Android" => "Android",
        "iOS" | "IOS" => "iOS",
        "Windows" => "Windows",
        "Mac" | "macOS" => "Mac",
        "iPad" => "iPad",
        "RESTAPI" => "RESTAPI",
        _ => "Unknown",
    }
}

/// Percent-encodes a query value (IDs and platforms are printable ASCII already; this keeps
/// `&`, `=`, `#` and spaces from breaking the URL).
fn query(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_matches_tencents_example() {
        // TENCENT_CALLBACK_NOTES.md §1.5: the Chinese page's vector (token `xxxxyyyy`).
        assert_eq!(
            sign("xxxxyyyy", 1_669_872_112),
            "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
        );
    }

    #[test]
    fn the_url_carries_tencents_parameters_and_the_sign_with_a_token() {
        let c = CallbackConfig::parse(Some("http://127.0.0.1:9000/im".into()), None, None)
            .expect("config")
            .expect("on");
        assert_eq!(
            c.request_url(1_400_000_000, C2C_BEFORE_SEND, "1.2.3.4", "Web", 5),
            "http://127.0.0.1:9000/im?SdkAppid=1400000000&CallbackCommand=C2C.CallbackBeforeSendMsg&contenttype=json&ClientIP=1.2.3.4&OptPlatform=Web"
        );
        let c = CallbackConfig {
            url: "https://x.example/cb?app=1".into(),
            token: Some("t".into()),
            commands: None,
        };
        let url = c.request_url(1, C2C_BEFORE_SEND, "", "Unknown", 1_700_000_000);
        assert!(
            url.starts_with("https://x.example/cb?app=1&SdkAppid=1&"),
            "{url}"
        );
        assert!(
            url.ends_with(&format!(
                "&Sign={}&RequestTime=1700000000",
                sign("t", 1_700_000_000)
            )),
            "{url}"
        );
    }

    #[test]
    fn commands_are_all_on_unless_listed_and_a_bad_url_is_refused() {
        let on = |commands: Option<&str>| {
            CallbackConfig::parse(
                Some("http://h/".into()),
                Some(String::new()),
                commands.map(str::to_owned),
            )
            .expect("config")
            .expect("on")
        };
        assert!(on(None).enabled(C2C_BEFORE_SEND));
        assert!(on(Some(" ")).enabled(C2C_BEFORE_SEND), "empty: all on");
        assert!(on(Some("C2C.CallbackBeforeSendMsg, State.StateChange")).enabled(C2C_BEFORE_SEND));
        assert!(!on(Some("State.StateChange")).enabled(C2C_BEFORE_SEND));
        assert_eq!(on(None).token, None, "an empty token is none");
        assert_eq!(CallbackConfig::parse(None, None, None), Ok(None));
        assert_eq!(
            CallbackConfig::parse(Some(" ".into()), None, None),
            Ok(None)
        );
        assert!(CallbackConfig::parse(Some("ftp://h".into()), None, None).is_err());
    }

    #[test]
    fn platforms_and_query_values_are_tencents() {
        assert_eq!(opt_platform("macOS"), "Mac");
        assert_eq!(opt_platform("Switch"), "Unknown");
        assert_eq!(query("a b&c=d#"), "a%20b%26c%3Dd%23");
    }
}
