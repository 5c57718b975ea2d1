//! Becoming friends: `friend_add` / `friend_import`, the target's side of a request, and the
//! applications that wait for an answer (`pendency_*`).

use super::fields::{validate_friend_fields, SNS_CUSTOM};
use super::friend_groups::add_groups;
use super::profile::{add_forbidden, allow_type};
use super::relations::{decide_add, AddFacts, AddOutcome, MAX_FRIENDS};
use super::service::{
    bad, check_count, Changed, FriendAsk, OneOrMany, PeerCall, Peers, Sns, TagValue, MAX_BATCH,
    MAX_PER_CALL,
};
use super::store::{Direction, Friend, Pendency, SnsStore};
use super::views::{item, pendency, with_failures};
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// `friend_add` and `friend_import`.
#[derive(Debug, Deserialize)]
pub struct FriendAdd {
    #[serde(rename = "AddFriendItem")]
    pub items: Vec<AddFriendItem>,
    #[serde(rename = "AddType", default)]
    pub add_type: Option<String>,
    #[serde(rename = "ForceAddFlags", default)]
    pub force: Option<u64>,
}

/// One account of `AddFriendItem`.
#[derive(Debug, Deserialize)]
pub struct AddFriendItem {
    #[serde(rename = "To_Account", default)]
    pub to: String,
    #[serde(rename = "Remark", default)]
    pub remark: String,
    /// One group (`friend_add`) or a list (`friend_import`).
    #[serde(rename = "GroupName", default)]
    pub groups: OneOrMany,
    #[serde(rename = "AddSource", default)]
    pub source: Option<String>,
    #[serde(rename = "AddWording", default)]
    pub wording: String,
    /// `friend_import` only.
    #[serde(rename = "AddTime", default)]
    pub add_time: Option<u64>,
    #[serde(rename = "CustomItem", default)]
    pub custom: Vec<TagValue>,
}

/// `pendency_response`.
#[derive(Debug, Deserialize)]
pub struct PendencyResponse {
    #[serde(rename = "To_Account")]
    pub to: String,
    /// `Response_Action_Agree`, `Response_Action_AgreeAndAdd`, or `Refuse`.
    #[serde(rename = "ResponseAction", default)]
    pub action: String,
    #[serde(rename = "Remark", default)]
    pub remark: String,
}

/// `pendency_delete`.
#[derive(Debug, Deserialize)]
pub struct PendencyDelete {
    #[serde(rename = "To_Account")]
    pub to: Vec<String>,
    #[serde(rename = "PendencyType", default)]
    pub kind: String,
}

/// `CustomItem` entries as a map, each a declared `Tag_SNS_Custom_*` string of ≤ 500 bytes.
pub fn custom_items(
    items: &[TagValue],
    declared: &[String],
) -> Result<Map<String, Value>, ImError> {
    let mut out = Map::new();
    for TagValue { tag, value } in items {
        let key = tag
            .strip_prefix(SNS_CUSTOM)
            .ok_or_else(|| bad(format!("{tag} is not a custom friend field")))?;
        if !declared.iter().any(|d| d == key) {
            return Err(bad(format!("{tag} is not a declared custom friend field")));
        }
        if value.as_str().is_none_or(|s| s.len() > 500) {
            return Err(bad(format!("{tag} must be a string of at most 500 bytes")));
        }
        out.insert(tag.clone(), value.clone());
    }
    Ok(out)
}

/// Adds each account: at once (import, force, or a target that allows anyone) or as an
/// application (30539 in its result item).
pub async fn friend_add<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: FriendAdd,
    import: bool,
) -> Result<Value, ImError> {
    let max = if import { MAX_BATCH } else { MAX_PER_CALL };
    check_count("AddFriendItem", req.items.len(), max)?;
    let add_type = req.add_type.as_deref().unwrap_or("Add_Type_Both");
    if !matches!(add_type, "Add_Type_Both" | "Add_Type_Single") {
        return Err(bad(format!(
            "AddType {add_type:?} must be Add_Type_Single or Add_Type_Both"
        )));
    }
    let both = !import && add_type == "Add_Type_Both";
    // Only an app admin skips the target's confirmation (Tencent: ForceAddFlags is admin-only).
    if req.force == Some(1) && !sns.by_admin {
        return Err(ImError::Coded(
            codes::SNS_ADMIN_REQUIRED,
            "ForceAddFlags is for app admins (REST); a user's add follows the target's AllowType"
                .into(),
        ));
    }
    let force = import || req.force == Some(1);
    let mut out = vec![];
    for it in req.items {
        let to = it.to.clone();
        out.push(match add_one(sns, it, both, force, import).await {
            Ok(AddOutcome::Added) => item(&to, &Ok(())),
            Ok(AddOutcome::Pending) => json!({ "To_Account": to, "ResultCode": codes::FRIEND_ADD_PENDING, "ResultInfo": "Err_SNS_FriendAdd_Friend_Exist_Pendency" }),
            Err(e) => item(&to, &Err(e)),
        });
    }
    sns.changed(Changed::Friends);
    Ok(with_failures(json!({ "ResultItem": out }), &out))
}

async fn add_one<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    it: AddFriendItem,
    both: bool,
    force: bool,
    import: bool,
) -> Result<AddOutcome, ImError> {
    let target = UserId::parse(&it.to).map_err(|e| bad(format!("To_Account: {e}")))?;
    if &target == sns.me {
        return Err(bad("you cannot add yourself"));
    }
    let groups = it.groups.into_vec();
    let source = it
        .source
        .as_deref()
        .ok_or_else(|| bad("AddSource is required"))?;
    validate_friend_fields(&it.remark, &it.wording, Some(source), &groups)?;
    let store = sns.store;
    if store.friend(&it.to)?.is_some() {
        return Err(bad(format!("{} is already your friend", it.to)));
    }
    if store.friend_count()? >= MAX_FRIENDS {
        return Err(ImError::Coded(
            codes::FRIEND_LIST_FULL,
            format!("your friend list is full ({MAX_FRIENDS})"),
        ));
    }
    let target_blocked = store.is_blocked(&it.to)?;
    let friend = Friend {
        user: it.to.clone(),
        remark: it.remark.clone(),
        groups: groups.clone(),
        add_source: source.to_owned(),
        add_wording: it.wording.clone(),
        add_time: it.add_time.unwrap_or(sns.now),
        custom: custom_items(&it.custom, &sns.config.sns_custom_fields)?,
    };
    if import {
        // One-way, no confirmation; only my own blacklist stops it.
        decide_add(AddFacts {
            target_blocked,
            force: true,
            ..AddFacts::default()
        })?;
        add_groups(sns, &groups)?;
        store.put_friend(&friend)?;
        return Ok(AddOutcome::Added);
    }
    let ask = FriendAsk {
        from: sns.me.to_string(),
        wording: it.wording.clone(),
        source: source.to_owned(),
        both,
        force,
        forbidden: add_forbidden(store)?,
        target_blocked,
    };
    let answer = sns.peers.call(&it.to, &PeerCall::Request(ask)).await?;
    if answer["outcome"] == "added" {
        add_groups(sns, &groups)?;
        store.put_friend(&friend)?;
        sns.changed(Changed::Applications);
        return Ok(AddOutcome::Added);
    }
    store.put_pendency(&Pendency {
        user: it.to,
        direction: Direction::Out,
        wording: it.wording,
        source: source.to_owned(),
        remark: it.remark,
        group_name: groups.first().cloned().unwrap_or_default(),
        both,
        time: sns.now,
        unread: false,
    })?;
    sns.changed(Changed::Applications);
    Ok(AddOutcome::Pending)
}

/// The target's side of a request: friends at once (adding the asker back when both ways) or
/// an incoming application.
pub fn on_request<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    ask: &FriendAsk,
) -> Result<Value, ImError> {
    let from = UserId::parse(&ask.from)?;
    if !sns.imported {
        return Err(ImError::Coded(
            codes::SNS_ACCOUNT_NOT_FOUND,
            "the account does not exist".into(),
        ));
    }
    let store = sns.store;
    let allow = allow_type(store)?;
    let facts = AddFacts {
        allow_type: &allow,
        blocked_by_target: store.is_blocked(from.as_str())?,
        target_blocked: ask.target_blocked,
        forbidden: ask.forbidden,
        force: ask.force,
    };
    match decide_add(facts)? {
        AddOutcome::Added => {
            if ask.both && store.friend(from.as_str())?.is_none() {
                if store.friend_count()? >= MAX_FRIENDS {
                    return Err(ImError::Coded(
                        codes::PEER_FRIEND_LIST_FULL,
                        "the target's friend list is full".into(),
                    ));
                }
                store.put_friend(&Friend {
                    user: from.to_string(),
                    add_time: sns.now,
                    add_source: ask.source.clone(),
                    add_wording: ask.wording.clone(),
                    ..Default::default()
                })?;
                sns.changed(Changed::Friends);
            }
            Ok(json!({ "outcome": "added" }))
        }
        AddOutcome::Pending => {
            store.put_pendency(&Pendency {
                user: from.to_string(),
                direction: Direction::In,
                wording: ask.wording.clone(),
                source: ask.source.clone(),
                remark: String::new(),
                group_name: String::new(),
                both: ask.both,
                time: sns.now,
                unread: true,
            })?;
            sns.changed(Changed::Applications);
            Ok(json!({ "outcome": "pending" }))
        }
    }
}

/// `pendency_get`: every application, newest first, with the unread count.
pub fn pendency_get<S: SnsStore, P: Peers>(sns: &Sns<'_, S, P>) -> Result<Value, ImError> {
    let list = sns.store.pendencies(None)?;
    let unread = list.iter().filter(|p| p.unread).count();
    let items: Vec<Value> = list.iter().map(pendency).collect();
    Ok(json!({ "PendencyItem": items, "UnreadPendencyCount": unread }))
}

/// `pendency_read`: every incoming application read.
pub fn pendency_read<S: SnsStore, P: Peers>(sns: &Sns<'_, S, P>) -> Result<Value, ImError> {
    sns.store.mark_pendencies_read()?;
    sns.changed(Changed::Applications);
    Ok(json!({}))
}

/// Accepts (adding the asker back with `Response_Action_AgreeAndAdd`) or refuses an
/// incoming application; the asker's object hears the answer.
pub async fn pendency_response<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: PendencyResponse,
) -> Result<Value, ImError> {
    let store = sns.store;
    let p = store
        .pendency(&req.to, Direction::In)?
        .ok_or_else(|| bad(format!("no application from {:?}", req.to)))?;
    let accepted = req.action != "Refuse";
    let add_back = req.action == "Response_Action_AgreeAndAdd";
    if add_back {
        validate_friend_fields(&req.remark, "", None, &[])?;
    }
    store.remove_pendency(&req.to, Direction::In)?;
    let answer = PeerCall::Answered {
        from: sns.me.to_string(),
        accepted,
    };
    if accepted {
        if add_back && store.friend(&req.to)?.is_none() {
            store.put_friend(&Friend {
                user: req.to.clone(),
                remark: req.remark,
                add_time: sns.now,
                add_source: p.source,
                add_wording: p.wording,
                ..Default::default()
            })?;
        }
        sns.peers.call(&req.to, &answer).await?;
        sns.changed(Changed::Friends);
    } else {
        // A refusal the asker misses leaves their application waiting; nothing is lost here.
        let _ = sns.peers.call(&req.to, &answer).await;
    }
    sns.changed(Changed::Applications);
    Ok(json!({}))
}

/// The asker's side of an answer: friends once accepted, the application gone either way.
pub fn on_answered<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    from: &str,
    accepted: bool,
) -> Result<Value, ImError> {
    let store = sns.store;
    let Some(p) = store.pendency(from, Direction::Out)? else {
        return Ok(json!({}));
    };
    store.remove_pendency(from, Direction::Out)?;
    if accepted && store.friend(from)?.is_none() {
        let groups: Vec<String> = (!p.group_name.is_empty())
            .then(|| p.group_name.clone())
            .into_iter()
            .collect();
        add_groups(sns, &groups)?;
        store.put_friend(&Friend {
            user: from.to_owned(),
            remark: p.remark,
            groups,
            add_source: p.source,
            add_wording: p.wording,
            add_time: sns.now,
            ..Default::default()
        })?;
        sns.changed(Changed::Friends);
    }
    sns.changed(Changed::Applications);
    Ok(json!({}))
}

/// `pendency_delete`: drops applications of one direction (`Pendency_Type_SendOut`, else
/// incoming).
pub fn pendency_delete<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: PendencyDelete,
) -> Result<Value, ImError> {
    check_count("To_Account", req.to.len(), MAX_BATCH)?;
    let direction = if req.kind == "Pendency_Type_SendOut" {
        Direction::Out
    } else {
        Direction::In
    };
    for u in &req.to {
        sns.store.remove_pendency(u, direction)?;
    }
    sns.changed(Changed::Applications);
    Ok(json!({}))
}
