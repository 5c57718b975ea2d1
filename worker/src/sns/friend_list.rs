//! The friend list: `friend_update`, `friend_delete(_all)`, `friend_check`, `friend_get` and
//! `friend_get_list`, and the other side of a two-way delete.

use super::fields::{validate_friend_fields, SNS_CUSTOM};
use super::friend_groups::add_groups;
use super::friends::custom_items;
use super::relations::{check_both, check_single};
use super::service::{
    bad, check_count, Changed, PeerCall, Peers, Sns, TagValue, MAX_BATCH, MAX_PER_CALL,
};
use super::store::{Friend, List, SnsStore};
use super::views::{item, page, sns_items, with_failures};
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

/// `friend_update`.
#[derive(Debug, Deserialize)]
pub struct FriendUpdate {
    #[serde(rename = "UpdateItem")]
    pub items: Vec<UpdateItem>,
}

/// One friend of `UpdateItem`.
#[derive(Debug, Deserialize)]
pub struct UpdateItem {
    #[serde(rename = "To_Account", default)]
    pub to: String,
    #[serde(rename = "SnsItem", default)]
    pub sns: Vec<TagValue>,
}

/// `friend_delete`.
#[derive(Debug, Deserialize)]
pub struct FriendDelete {
    #[serde(rename = "To_Account")]
    pub to: Vec<String>,
    #[serde(rename = "DeleteType", default)]
    pub delete_type: Option<String>,
}

/// `friend_delete_all`.
#[derive(Debug, Deserialize)]
pub struct FriendDeleteAll {
    #[serde(rename = "DeleteType", default)]
    pub delete_type: String,
}

/// `friend_check` (and `black_list_check`).
#[derive(Debug, Deserialize)]
pub struct Check {
    #[serde(rename = "To_Account")]
    pub to: Vec<String>,
    #[serde(rename = "CheckType", default)]
    pub check_type: String,
}

/// `friend_get` (and `black_list_get`).
#[derive(Debug, Deserialize)]
pub struct GetPage {
    #[serde(rename = "StartIndex", default)]
    pub start: u64,
    /// `black_list_get` only.
    #[serde(rename = "MaxLimited", default)]
    pub max: Option<u64>,
}

/// `friend_get_list`.
#[derive(Debug, Deserialize)]
pub struct FriendGetList {
    #[serde(rename = "To_Account")]
    pub to: Vec<String>,
    #[serde(rename = "TagList", default)]
    pub tags: Vec<String>,
}

/// Applies one `SnsItem` to the friend.
fn apply(f: &mut Friend, sns: &TagValue, declared: &[String]) -> Result<(), ImError> {
    let TagValue { tag, value } = sns;
    match tag.as_str() {
        "Tag_SNS_IM_Remark" => {
            f.remark = value
                .as_str()
                .ok_or_else(|| bad("Remark must be a string"))?
                .to_owned()
        }
        "Tag_SNS_IM_Group" => {
            f.groups = value
                .as_array()
                .ok_or_else(|| bad("Tag_SNS_IM_Group must be an array"))?
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        }
        "Tag_SNS_IM_AddWording" => f.add_wording = value.as_str().unwrap_or("").to_owned(),
        t if t.starts_with(SNS_CUSTOM) => {
            f.custom
                .extend(custom_items(std::slice::from_ref(sns), declared)?);
        }
        t => return Err(bad(format!("{t} is not a friend field you can update"))),
    }
    Ok(())
}

/// Updates friends' fields; an undeclared custom tag fails the whole call, anything else
/// fails only its friend.
pub fn friend_update<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: FriendUpdate,
) -> Result<Value, ImError> {
    check_count("UpdateItem", req.items.len(), MAX_PER_CALL)?;
    let declared = &sns.config.sns_custom_fields;
    for it in &req.items {
        for TagValue { tag, .. } in &it.sns {
            if let Some(key) = tag.strip_prefix(SNS_CUSTOM) {
                if !declared.iter().any(|d| d == key) {
                    return Err(bad(format!(
                        "Invalid field: {tag} is not a declared custom friend field"
                    )));
                }
            }
        }
    }
    let mut out = vec![];
    for it in &req.items {
        let r = update_one(sns, it);
        out.push(item(&it.to, &r));
    }
    sns.changed(Changed::Groups);
    sns.changed(Changed::Friends);
    Ok(with_failures(json!({ "ResultItem": out }), &out))
}

fn update_one<S: SnsStore, P: Peers>(sns: &Sns<'_, S, P>, it: &UpdateItem) -> Result<(), ImError> {
    let mut f = sns
        .store
        .friend(&it.to)?
        .ok_or_else(|| bad(format!("{} is not your friend", it.to)))?;
    for item in &it.sns {
        apply(&mut f, item, &sns.config.sns_custom_fields)?;
    }
    validate_friend_fields(&f.remark, &f.add_wording, None, &f.groups)?;
    add_groups(sns, &f.groups)?;
    sns.store.put_friend(&f)
}

/// Whether a delete type means both lists (`Delete_Type_Both`, the default).
fn both_ways(delete_type: &str) -> Result<bool, ImError> {
    match delete_type {
        "Delete_Type_Both" => Ok(true),
        "Delete_Type_Single" => Ok(false),
        other => Err(bad(format!(
            "DeleteType {other:?} must be Delete_Type_Single or Delete_Type_Both"
        ))),
    }
}

pub async fn friend_delete<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: FriendDelete,
) -> Result<Value, ImError> {
    check_count("To_Account", req.to.len(), MAX_BATCH)?;
    let both = both_ways(req.delete_type.as_deref().unwrap_or("Delete_Type_Both"))?;
    let note = PeerCall::Unfriended {
        from: sns.me.to_string(),
    };
    let mut out = vec![];
    for u in &req.to {
        let r = match sns.store.remove_friend(u) {
            Ok(true) => Ok(()),
            Ok(false) => Err(ImError::Coded(
                codes::NOT_A_FRIEND,
                format!("{u} is not your friend"),
            )),
            Err(e) => Err(e),
        };
        if both && r.is_ok() {
            // The peer that misses it keeps me on its list; nothing of mine is lost.
            let _ = sns.peers.call(u, &note).await;
        }
        out.push(item(u, &r));
    }
    sns.changed(Changed::Friends);
    Ok(with_failures(json!({ "ResultItem": out }), &out))
}

pub async fn friend_delete_all<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: FriendDeleteAll,
) -> Result<Value, ImError> {
    let both = req.delete_type == "Delete_Type_Both";
    let note = PeerCall::Unfriended {
        from: sns.me.to_string(),
    };
    for f in sns.store.friends()? {
        sns.store.remove_friend(&f.user)?;
        if both {
            let _ = sns.peers.call(&f.user, &note).await;
        }
    }
    sns.changed(Changed::Friends);
    Ok(json!({}))
}

/// The peer deleted us both ways (or blocked us).
pub fn on_unfriended<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    from: &str,
) -> Result<Value, ImError> {
    if sns.store.remove_friend(from)? {
        sns.changed(Changed::Friends);
    }
    Ok(json!({}))
}

/// Whether `peer` has me on its friend list and blacklist.
pub async fn peer_relation<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    peer: &str,
) -> Result<(bool, bool), ImError> {
    let v = sns
        .peers
        .call(
            peer,
            &PeerCall::Relation {
                of: sns.me.to_string(),
            },
        )
        .await?;
    Ok((
        v["friend"].as_bool().unwrap_or(false),
        v["blocked"].as_bool().unwrap_or(false),
    ))
}

pub async fn friend_check<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: Check,
) -> Result<Value, ImError> {
    check_count("To_Account", req.to.len(), MAX_BATCH)?;
    let both = match req.check_type.as_str() {
        "CheckResult_Type_Both" => true,
        "CheckResult_Type_Single" => false,
        other => {
            return Err(bad(format!(
                "CheckType {other:?} must be CheckResult_Type_Single or _Both"
            )))
        }
    };
    let mut out = vec![];
    for u in &req.to {
        let a_has_b = sns.store.friend(u)?.is_some();
        let relation = if both {
            if let Err(e) = UserId::parse(u) {
                out.push(item(u, &Err(bad(e.to_string()))));
                continue;
            }
            check_both(a_has_b, peer_relation(sns, u).await?.0)
        } else {
            check_single(a_has_b)
        };
        out.push(
            json!({ "To_Account": u, "Relation": relation, "ResultCode": 0, "ResultInfo": "" }),
        );
    }
    Ok(with_failures(json!({ "InfoItem": out }), &out))
}

pub fn friend_get<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: GetPage,
) -> Result<Value, ImError> {
    let all = sns.store.friends()?;
    let start = usize::try_from(req.start).unwrap_or(usize::MAX);
    let (page, next) = page(&all, start, MAX_PER_CALL);
    let items: Vec<Value> = page
        .iter()
        .map(|f| json!({ "To_Account": f.user, "ValueItem": sns_items(f) }))
        .collect();
    let seq = sns.store.sequence(List::Friends)?;
    Ok(json!({
        "UserDataItem": items, "StandardSequence": seq, "CustomSequence": seq,
        "FriendNum": all.len(), "CompleteFlag": u8::from(next == 0), "NextStartIndex": next,
    }))
}

/// The `TagList` fields of each friend, friend tags from my list and profile tags from the
/// friend's profile (defaults for unset ones), in `TagList` order.
pub async fn friend_get_list<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: FriendGetList,
) -> Result<Value, ImError> {
    check_count("To_Account", req.to.len(), MAX_PER_CALL)?;
    let profile_tags: Vec<String> = req
        .tags
        .iter()
        .filter(|t| t.starts_with("Tag_Profile_"))
        .cloned()
        .collect();
    let mut out = vec![];
    for u in &req.to {
        let Some(f) = sns.store.friend(u)? else {
            out.push(item(u, &Err(bad(format!("{u} is not your friend")))));
            continue;
        };
        let mine = sns_items(&f);
        let theirs = if profile_tags.is_empty() {
            json!({ "ProfileItem": [] })
        } else {
            let ask = PeerCall::Profile {
                tags: profile_tags.clone(),
            };
            sns.peers.call(u, &ask).await?
        };
        let all: Vec<&Value> = mine
            .iter()
            .chain(theirs["ProfileItem"].as_array().into_iter().flatten())
            .collect();
        let items: Vec<Value> = if req.tags.is_empty() {
            mine.clone()
        } else {
            req.tags
                .iter()
                .filter_map(|t| {
                    all.iter()
                        .find(|i| i["Tag"] == t.as_str())
                        .map(|i| (*i).clone())
                })
                .collect()
        };
        out.push(
            json!({ "To_Account": u, "SnsProfileItem": items, "ResultCode": 0, "ResultInfo": "" }),
        );
    }
    Ok(with_failures(json!({ "InfoItem": out }), &out))
}
