//! The blacklist: `black_list_add` (which ends a friendship and any application both ways),
//! `black_list_delete`, `black_list_get` and `black_list_check`.

use super::friend_list::{peer_relation, Check, GetPage};
use super::relations::{black_check_both, black_check_single, MAX_BLACKLIST};
use super::service::{bad, check_count, Changed, PeerCall, Peers, Sns, MAX_BATCH, MAX_PER_CALL};
use super::store::{Direction, List, SnsStore};
use super::views::{item, page, with_failures};
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

/// `black_list_add` and `black_list_delete`.
#[derive(Debug, Deserialize)]
pub struct Accounts {
    #[serde(rename = "To_Account")]
    pub to: Vec<String>,
}

async fn block_one<S: SnsStore, P: Peers>(sns: &Sns<'_, S, P>, u: &str) -> Result<(), ImError> {
    let store = sns.store;
    UserId::parse(u).map_err(|e| bad(e.to_string()))?;
    if u == sns.me.as_str() {
        return Err(bad("you cannot block yourself"));
    }
    if store.is_blocked(u)? {
        return Err(bad(format!("{u} is already on your blacklist")));
    }
    if store.blacklist_len()? >= MAX_BLACKLIST {
        return Err(ImError::Coded(
            codes::BLACKLIST_FULL,
            format!("the blacklist is full ({MAX_BLACKLIST})"),
        ));
    }
    store.block(u, sns.now)?;
    // Blocking ends the friendship both ways and any pending application.
    let was_friend = store.remove_friend(u)?;
    store.remove_pendency(u, Direction::In)?;
    store.remove_pendency(u, Direction::Out)?;
    if was_friend {
        let note = PeerCall::Unfriended {
            from: sns.me.to_string(),
        };
        let _ = sns.peers.call(u, &note).await;
    }
    Ok(())
}

pub async fn add<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: Accounts,
) -> Result<Value, ImError> {
    check_count("To_Account", req.to.len(), MAX_BATCH)?;
    let mut out = vec![];
    for u in &req.to {
        let r = block_one(sns, u).await;
        out.push(item(u, &r));
    }
    sns.changed(Changed::Blacklist);
    sns.changed(Changed::Friends);
    Ok(with_failures(json!({ "ResultItem": out }), &out))
}

pub fn delete<S: SnsStore, P: Peers>(sns: &Sns<'_, S, P>, req: Accounts) -> Result<Value, ImError> {
    check_count("To_Account", req.to.len(), MAX_BATCH)?;
    let out: Vec<Value> = req
        .to
        .iter()
        .map(|u| {
            let r = match sns.store.unblock(u) {
                Ok(true) => Ok(()),
                Ok(false) => Err(bad(format!("{u} is not on your blacklist"))),
                Err(e) => Err(e),
            };
            item(u, &r)
        })
        .collect();
    sns.changed(Changed::Blacklist);
    Ok(with_failures(json!({ "ResultItem": out }), &out))
}

pub fn get<S: SnsStore, P: Peers>(sns: &Sns<'_, S, P>, req: GetPage) -> Result<Value, ImError> {
    let all = sns.store.blacklist()?;
    let start = usize::try_from(req.start).unwrap_or(usize::MAX);
    let max = req.max.unwrap_or(MAX_PER_CALL as u64).clamp(1, 1000) as usize;
    let (page, next) = page(&all, start, max);
    let items: Vec<Value> = page
        .iter()
        .map(|(u, t)| json!({ "To_Account": u, "AddBlackTimeStamp": t }))
        .collect();
    // `CurruentSequence` is Tencent's spelling.
    Ok(json!({ "BlackListItem": items, "StartIndex": next,
               "CurruentSequence": sns.store.sequence(List::Blacklist)? }))
}

pub async fn check<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: Check,
) -> Result<Value, ImError> {
    check_count("To_Account", req.to.len(), MAX_BATCH)?;
    let both = match req.check_type.as_str() {
        "BlackCheckResult_Type_Both" => true,
        "BlackCheckResult_Type_Single" => false,
        other => {
            return Err(bad(format!(
                "CheckType {other:?} must be BlackCheckResult_Type_Single or _Both"
            )))
        }
    };
    let mut out = vec![];
    for u in &req.to {
        let mine = sns.store.is_blocked(u)?;
        let relation = if both {
            black_check_both(mine, peer_relation(sns, u).await?.1)
        } else {
            black_check_single(mine)
        };
        out.push(
            json!({ "To_Account": u, "Relation": relation, "ResultCode": 0, "ResultInfo": "" }),
        );
    }
    Ok(with_failures(json!({ "BlackListCheckItem": out }), &out))
}
