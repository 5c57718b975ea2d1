//! UserSig (TLSSigAPIv2): make and verify the login tokens Tencent's SDKs and servers use.
//!
//! A token is the JSON document `{"TLS.ver":"2.0","TLS.identifier",…,"TLS.sig"}`, zlib-deflated
//! and base64-encoded with `+`→`*`, `/`→`-`, `=`→`_`. `TLS.sig` is HMAC-SHA256 with the app's
//! secret key over the fields in a fixed text form. Verification parses the JSON (key order and
//! zlib level vary between implementations) and compares the MAC in constant time.

use crate::error::ImError;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The largest token we try to inflate; real ones are a few hundred bytes.
const MAX_INFLATED_BYTES: usize = 8 * 1024;

/// What a verified UserSig says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigClaims {
    pub identifier: String,
    pub sdkappid: u64,
    /// Issue time, unix seconds.
    pub time: u64,
    /// Lifetime in seconds from `time`.
    pub expire: u64,
    /// The base64 userbuf, when present.
    pub userbuf: Option<String>,
}

impl SigClaims {
    /// Unix second at which the token stops being valid.
    pub fn expires_at(&self) -> u64 {
        self.time.saturating_add(self.expire)
    }
}

fn mac_input(c: &SigClaims) -> String {
    let mut s = format!(
        "TLS.identifier:{}\nTLS.sdkappid:{}\nTLS.time:{}\nTLS.expire:{}\n",
        c.identifier, c.sdkappid, c.time, c.expire
    );
    if let Some(buf) = &c.userbuf {
        s.push_str(&format!("TLS.userbuf:{buf}\n"));
    }
    s
}

fn mac(key: &str, claims: &SigClaims) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = HmacSha256::new_from_slice(key.as_bytes()).unwrap_or_else(|_| unreachable!());
    m.update(mac_input(claims).as_bytes());
    m
}

fn to_url_base64(bytes: &[u8]) -> String {
    STANDARD
        .encode(bytes)
        .chars()
        .map(|c| match c {
            '+' => '*',
            '/' => '-',
            '=' => '_',
            c => c,
        })
        .collect()
}

fn from_url_base64(token: &str) -> Option<Vec<u8>> {
    let std: String = token
        .trim()
        .chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            c => c,
        })
        .collect();
    STANDARD.decode(std).ok()
}

/// Makes a UserSig for `claims` with the app's secret `key`.
pub fn sign(key: &str, claims: &SigClaims) -> String {
    let sig = STANDARD.encode(mac(key, claims).finalize().into_bytes());
    let mut doc = json!({
        "TLS.ver": "2.0",
        "TLS.identifier": claims.identifier,
        "TLS.sdkappid": claims.sdkappid,
        "TLS.expire": claims.expire,
        "TLS.time": claims.time,
        "TLS.sig": sig,
    });
    if let Some(buf) = &claims.userbuf {
        doc["TLS.userbuf"] = Value::String(buf.clone());
    }
    pack(doc.to_string().as_bytes())
}

/// A token of a UserSig document as it is, unsigned (zlib, then base64 with `*-_`): how `sign`
/// packs its document, and how the fuzzer makes tokens of any document.
pub fn pack(doc: &[u8]) -> String {
    to_url_base64(&miniz_oxide::deflate::compress_to_vec_zlib(doc, 6))
}

/// A number that some implementations write as a JSON string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Num {
    N(u64),
    S(String),
}

impl Num {
    fn get(&self, field: &str) -> Result<u64, ImError> {
        match self {
            Num::N(n) => Ok(*n),
            Num::S(s) => s
                .parse()
                .map_err(|_| ImError::UserSigMalformed(format!("{field} is not a number"))),
        }
    }
}

#[derive(Deserialize)]
struct Doc {
    #[serde(rename = "TLS.ver")]
    ver: String,
    #[serde(rename = "TLS.identifier")]
    identifier: String,
    #[serde(rename = "TLS.sdkappid")]
    sdkappid: Num,
    #[serde(rename = "TLS.time")]
    time: Num,
    #[serde(rename = "TLS.expire")]
    expire: Num,
    #[serde(rename = "TLS.userbuf")]
    userbuf: Option<String>,
    #[serde(rename = "TLS.sig")]
    sig: String,
}

/// Decodes a token without checking its MAC: only for inspecting what it claims.
pub fn decode(token: &str) -> Result<(SigClaims, Vec<u8>), ImError> {
    let bad = |why: &str| ImError::UserSigMalformed(why.to_owned());
    let compressed = from_url_base64(token).ok_or_else(|| bad("not base64"))?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&compressed, MAX_INFLATED_BYTES)
            .map_err(|_| bad("not zlib data (truncated?)"))?;
    let doc: Doc =
        serde_json::from_slice(&json).map_err(|e| bad(&format!("JSON document: {e}")))?;
    if doc.ver != "2.0" {
        return Err(bad("TLS.ver is not 2.0"));
    }
    let sig = STANDARD
        .decode(doc.sig.as_bytes())
        .map_err(|_| bad("TLS.sig is not base64"))?;
    let claims = SigClaims {
        identifier: doc.identifier,
        sdkappid: doc.sdkappid.get("TLS.sdkappid")?,
        time: doc.time.get("TLS.time")?,
        expire: doc.expire.get("TLS.expire")?,
        userbuf: doc.userbuf,
    };
    Ok((claims, sig))
}

/// Verifies `token` for `identifier` in app `sdkappid` at unix time `now`.
///
/// Checks in order: well-formed (70003), SDKAppID (70014), identifier (70013),
/// MAC (70009, constant time), expiry (70001).
/// What a valid UserSig may claim besides its signature: at most `max_lifetime` seconds of
/// life, and a signing time at most `max_skew` seconds ahead of the server's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigBounds {
    pub max_lifetime: u64,
    pub max_skew: u64,
}

impl Default for SigBounds {
    /// One year of life (Tencent recommends 180 days), five minutes of clock skew.
    fn default() -> Self {
        SigBounds {
            max_lifetime: 366 * 24 * 3600,
            max_skew: 300,
        }
    }
}

pub fn verify(
    token: &str,
    key: &str,
    sdkappid: u64,
    identifier: &str,
    now: u64,
    bounds: SigBounds,
) -> Result<SigClaims, ImError> {
    let (claims, sig) = decode(token)?;
    if claims.sdkappid != sdkappid {
        return Err(ImError::SdkAppIdMismatch {
            signed: claims.sdkappid,
            expected: sdkappid,
        });
    }
    if claims.identifier != identifier {
        return Err(ImError::UserIdMismatch {
            signed: claims.identifier,
            claimed: identifier.to_owned(),
        });
    }
    mac(key, &claims)
        .verify_slice(&sig)
        .map_err(|_| ImError::SignatureMismatch)?;
    if now >= claims.expires_at() {
        return Err(ImError::UserSigExpired);
    }
    if claims.time > now.saturating_add(bounds.max_skew) {
        return Err(ImError::UserSigMalformed(format!(
            "TLS.time {} is ahead of the server's clock ({now}) by more than {} s",
            claims.time, bounds.max_skew
        )));
    }
    if claims.expire > bounds.max_lifetime {
        return Err(ImError::UserSigMalformed(format!(
            "TLS.expire {} s is longer than this app allows ({} s)",
            claims.expire, bounds.max_lifetime
        )));
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "edgechat-local-dev-secret";

    /// `verify` with the default bounds.
    fn check(t: &str, key: &str, app: u64, id: &str, now: u64) -> Result<SigClaims, ImError> {
        verify(t, key, app, id, now, SigBounds::default())
    }
    const APP: u64 = 1_400_000_000;

    fn claims(id: &str, time: u64, expire: u64) -> SigClaims {
        SigClaims {
            identifier: id.into(),
            sdkappid: APP,
            time,
            expire,
            userbuf: None,
        }
    }

    #[test]
    fn round_trip() {
        let c = claims("alice", 1_700_000_000, 86_400);
        let t = sign(KEY, &c);
        assert!(!t.contains(['+', '/', '=']));
        assert_eq!(check(&t, KEY, APP, "alice", 1_700_000_001), Ok(c));
    }

    #[test]
    fn round_trip_with_userbuf() {
        let mut c = claims("bob", 1_700_000_000, 60);
        c.userbuf = Some(STANDARD.encode(b"room 7"));
        let t = sign(KEY, &c);
        assert_eq!(check(&t, KEY, APP, "bob", 1_700_000_010), Ok(c));
    }

    /// Made by the public `tls-sig-api-v2` npm package 1.0.2:
    /// `new Api(1400000000, 'edgechat-local-dev-secret').genSig('alice', 86400)`, which stamped
    /// `TLS.time` 1795661775 (and key order ver, identifier, sdkappid, time, expire, sig).
    const FROM_NPM: &str = "eJw1ir0OgjAURt-lzgYp6Q82cTAOOjgYsepauRVvqoiUGMT47iaA33bO*T6w32TRy9WgIYlimPRM6MqGLtRre6PcjSGgt1VFCJrxeNxQGro70EzNhJRMKTFY11ZUO9Cp5P9joAI0YOpxgWbNzXLbTU9qlx-Fu7XdYXUNxSPxT*lLE85SZWYO3x*ZQjEa";

    #[test]
    fn token_from_the_npm_package_verifies() {
        let c = check(FROM_NPM, KEY, APP, "alice", 1_795_661_776).expect("npm token");
        assert_eq!(c, claims("alice", 1_795_661_775, 86_400));
        let e = check(FROM_NPM, "other-key", APP, "alice", 1_795_661_776);
        assert_eq!(e.map_err(|e| e.code()), Err(70009));
        let late = check(FROM_NPM, KEY, APP, "alice", 1_795_661_775 + 86_400);
        assert_eq!(late.map_err(|e| e.code()), Err(70001));
    }

    #[test]
    fn accepts_numbers_written_as_strings_and_any_key_order() {
        let c = claims("carol", 1_700_000_000, 100);
        let sig = STANDARD.encode(mac(KEY, &c).finalize().into_bytes());
        let doc = format!(
            r#"{{"TLS.sig":"{sig}","TLS.expire":"100","TLS.time":"1700000000","TLS.identifier":"carol","TLS.sdkappid":"{APP}","TLS.ver":"2.0"}}"#
        );
        let t = to_url_base64(&miniz_oxide::deflate::compress_to_vec_zlib(
            doc.as_bytes(),
            9,
        ));
        assert_eq!(check(&t, KEY, APP, "carol", 1_700_000_050), Ok(c));
    }

    #[test]
    fn expired_is_70001() {
        let t = sign(KEY, &claims("alice", 1_000, 10));
        let e = check(&t, KEY, APP, "alice", 1_010).expect_err("expired");
        assert_eq!(e.code(), 70001);
        assert!(check(&t, KEY, APP, "alice", 1_009).is_ok());
    }

    #[test]
    fn malformed_and_truncated_are_70003() {
        let t = sign(KEY, &claims("alice", 1_000, 10));
        for bad in ["", "garbage!!", &t[..t.len() / 2], "eJw_"] {
            let e = check(bad, KEY, APP, "alice", 1_001).expect_err(bad);
            assert_eq!(e.code(), 70003, "{bad}");
        }
        let not_json = to_url_base64(&miniz_oxide::deflate::compress_to_vec_zlib(b"nope", 6));
        assert_eq!(
            check(&not_json, KEY, APP, "a", 0).map_err(|e| e.code()),
            Err(70003)
        );
    }

    #[test]
    fn wrong_key_is_70009() {
        let t = sign("another-key", &claims("alice", 1_000, 10));
        assert_eq!(
            check(&t, KEY, APP, "alice", 1_001).map_err(|e| e.code()),
            Err(70009)
        );
    }

    #[test]
    fn other_user_is_70013() {
        let t = sign(KEY, &claims("alice", 1_000, 10));
        assert_eq!(
            check(&t, KEY, APP, "mallory", 1_001).map_err(|e| e.code()),
            Err(70013)
        );
    }

    #[test]
    fn other_app_is_70014() {
        let t = sign(KEY, &claims("alice", 1_000, 10));
        assert_eq!(
            check(&t, KEY, 1_400_000_001, "alice", 1_001).map_err(|e| e.code()),
            Err(70014)
        );
    }

    #[test]
    fn tampered_signature_is_70009() {
        let c = claims("alice", 1_000, 10);
        // Re-sign the longer lifetime with the original MAC: must fail.
        let sig = STANDARD.encode(mac(KEY, &c).finalize().into_bytes());
        let doc = json!({"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":APP,
            "TLS.time":1000,"TLS.expire":1_000_000,"TLS.sig":sig});
        let t = to_url_base64(&miniz_oxide::deflate::compress_to_vec_zlib(
            doc.to_string().as_bytes(),
            6,
        ));
        assert_eq!(
            check(&t, KEY, APP, "alice", 2_000).map_err(|e| e.code()),
            Err(70009)
        );
    }

    #[test]
    fn lifetimes_and_clock_skew_are_bounded() {
        let b = SigBounds {
            max_lifetime: 1_000,
            max_skew: 60,
        };
        let long = sign(KEY, &claims("alice", 5_000, 1_001));
        let e = verify(&long, KEY, APP, "alice", 5_000, b).expect_err("too long");
        assert_eq!(e.code(), 70003);
        assert!(verify(
            &sign(KEY, &claims("alice", 5_000, 1_000)),
            KEY,
            APP,
            "alice",
            5_000,
            b
        )
        .is_ok());
        let ahead = sign(KEY, &claims("alice", 5_061, 100));
        let e = verify(&ahead, KEY, APP, "alice", 5_000, b).expect_err("from the future");
        assert_eq!(e.code(), 70003);
        assert!(verify(
            &sign(KEY, &claims("alice", 5_060, 100)),
            KEY,
            APP,
            "alice",
            5_000,
            b
        )
        .is_ok());
    }
}
