//! UserSig tokens: `usersig::verify` on raw tokens and on documents packed as tokens,
//! and a round trip: claims signed with `sign` decode to the same claims and verify exactly as
//! their times say. Input: the token, the document JSON or the claims JSON (`identifier`,
//! `sdkappid`, `time`, `expire`, `userbuf`) on the first line; the identifier to check on the
//! second; the server's clock (unix seconds) on the third.

use crate::check::{refusal, text, Outcome, Sig};
use edgechat_proto::usersig::{decode, pack, sign, verify, SigBounds, SigClaims};
use edgechat_proto::ImError;
use serde_json::Value;

const KEY: &str = "edgechat-fuzz-secret";
const APP: u64 = 1_400_000_000;
const NOW: u64 = 1_700_000_000;

pub fn run(data: &[u8]) -> Outcome {
    let text = text(data);
    let mut lines = text.split('\n');
    let payload = lines.next().unwrap_or_default();
    let identifier = lines.next().filter(|l| !l.trim().is_empty());
    let now = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(NOW);
    let doc = serde_json::from_str::<Value>(payload)
        .ok()
        .filter(Value::is_object);
    match doc {
        Some(d) if d.get("identifier").is_some() => round_trip(&d, identifier, now),
        Some(_) => raw(
            &pack(payload.as_bytes()),
            identifier.unwrap_or("alice"),
            now,
        ),
        None => raw(payload, identifier.unwrap_or("alice"), now),
    }
}

const CODES: [fn() -> ImError; 5] = [
    || ImError::UserSigExpired,
    || ImError::UserSigMalformed(String::new()),
    || ImError::SignatureMismatch,
    || ImError::UserIdMismatch {
        signed: String::new(),
        claimed: String::new(),
    },
    || ImError::SdkAppIdMismatch {
        signed: 0,
        expected: 0,
    },
];

/// Any token: verified, or refused with one of the UserSig codes.
fn raw(token: &str, identifier: &str, now: u64) -> Outcome {
    let _ = decode(token);
    match verify(token, KEY, APP, identifier, now, SigBounds::default()) {
        Ok(_) => Ok(Sig::new("verified").done()),
        Err(e) if CODES.iter().any(|c| c().code() == e.code()) => Ok(vec![refusal("usersig", &e)?]),
        Err(e) => Err(format!("a token refused with {}: {e}", e.code())),
    }
}

fn num(d: &Value, k: &str, default: u64) -> u64 {
    d.get(k).and_then(Value::as_u64).unwrap_or(default)
}

fn round_trip(d: &Value, other_id: Option<&str>, now: u64) -> Outcome {
    let claims = SigClaims {
        identifier: d["identifier"].as_str().unwrap_or("alice").to_owned(),
        sdkappid: num(d, "sdkappid", APP),
        time: num(d, "time", NOW),
        expire: num(d, "expire", 86_400),
        userbuf: d.get("userbuf").and_then(Value::as_str).map(str::to_owned),
    };
    let token = sign(KEY, &claims);
    match decode(&token) {
        Ok((back, _)) if back == claims => {}
        other => return Err(format!("signed {claims:?}, decoded {other:?}")),
    }
    let bounds = SigBounds::default();
    let got = verify(
        &token,
        KEY,
        claims.sdkappid,
        &claims.identifier,
        now,
        bounds,
    );
    let want = if now >= claims.time.saturating_add(claims.expire) {
        Err(ImError::UserSigExpired.code())
    } else if claims.time > now.saturating_add(bounds.max_skew)
        || claims.expire > bounds.max_lifetime
    {
        Err(ImError::UserSigMalformed(String::new()).code())
    } else {
        Ok(claims.clone())
    };
    if got.clone().map_err(|e| e.code()) != want {
        return Err(format!(
            "{claims:?} at {now}: verify says {got:?}, want {want:?}"
        ));
    }
    let wrong_key = verify(
        &token,
        "another key",
        claims.sdkappid,
        &claims.identifier,
        now,
        bounds,
    );
    if wrong_key.map_err(|e| e.code()) != Err(ImError::SignatureMismatch.code()) {
        return Err(format!("{claims:?} verified with another key"));
    }
    let mut sig = Sig::new("round trip");
    sig.add(&("verified", got.is_ok()));
    if let Some(id) = other_id.filter(|id| *id != claims.identifier) {
        match verify(&token, KEY, claims.sdkappid, id, now, bounds) {
            Err(ImError::UserIdMismatch { .. }) => {}
            other => return Err(format!("{claims:?} checked as {id:?}: {other:?}")),
        }
    }
    if let Err(e) = got {
        sig.add(&refusal("usersig", &e)?);
    }
    Ok(sig.done())
}
