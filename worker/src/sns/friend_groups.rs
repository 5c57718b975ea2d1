//! Friend groups (`group_add`, `group_delete`, `group_get`, the engine's rename): named
//! lists a friend may be in, at most 32 per user.

use super::fields::{validate_group_name, MAX_FRIEND_GROUPS};
use super::service::{bad, check_count, Changed, Peers, Sns, MAX_BATCH};
use super::store::{List, SnsStore};
use super::views::{item, with_failures};
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde::Deserialize;
use serde_json::{json, Value};

/// `group_add`.
#[derive(Debug, Deserialize)]
pub struct GroupAdd {
    #[serde(rename = "GroupName")]
    pub names: Vec<String>,
    /// Friends to put into every new group.
    #[serde(rename = "To_Account", default)]
    pub to: Option<Vec<String>>,
}

/// `group_delete`.
#[derive(Debug, Deserialize)]
pub struct GroupDelete {
    #[serde(rename = "GroupName")]
    pub names: Vec<String>,
}

/// `group_get`.
#[derive(Debug, Deserialize)]
pub struct GroupGet {
    /// Only these groups (all when absent).
    #[serde(rename = "GroupName", default)]
    pub names: Option<Vec<String>>,
    /// `Need_Friend_Type_Yes` lists each group's friends.
    #[serde(rename = "NeedFriend", default)]
    pub need_friend: String,
}

/// The engine's `renameFriendGroup`.
#[derive(Debug, Deserialize)]
pub struct GroupRename {
    #[serde(rename = "OldGroupName")]
    pub old: String,
    #[serde(rename = "NewGroupName")]
    pub new: String,
}

/// Creates the groups of `groups` that do not exist yet, within the limit (30011).
pub fn add_groups<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    groups: &[String],
) -> Result<(), ImError> {
    let existing = sns.store.group_names()?;
    let new = groups.iter().filter(|g| !existing.contains(g)).count();
    if existing.len() + new > MAX_FRIEND_GROUPS {
        return Err(ImError::Coded(
            codes::FRIEND_GROUPS_FULL,
            format!("at most {MAX_FRIEND_GROUPS} friend groups"),
        ));
    }
    for g in groups {
        sns.store.add_group(g, sns.now)?;
    }
    Ok(())
}

pub fn add<S: SnsStore, P: Peers>(sns: &Sns<'_, S, P>, req: GroupAdd) -> Result<Value, ImError> {
    check_count("GroupName", req.names.len(), MAX_BATCH)?;
    let store = sns.store;
    let existing = store.group_names()?;
    for n in &req.names {
        validate_group_name(n)?;
        if existing.contains(n) {
            return Err(bad(format!("the friend group {n:?} already exists")));
        }
    }
    add_groups(sns, &req.names)?;
    let mut out = vec![];
    for u in req.to.iter().flatten() {
        let r = match store.friend(u)? {
            Some(mut f) => {
                for n in &req.names {
                    if !f.groups.contains(n) {
                        f.groups.push(n.clone());
                    }
                }
                store.put_friend(&f)
            }
            None => Err(ImError::Coded(
                codes::GROUP_ADD_NOT_A_FRIEND,
                format!("{u} is not your friend"),
            )),
        };
        out.push(item(u, &r));
    }
    sns.changed(Changed::Groups);
    sns.changed(Changed::Friends);
    let mut reply = json!({ "CurrentSequence": store.sequence(List::Groups)? });
    if req.to.is_some() {
        reply["ResultItem"] = json!(out);
    }
    Ok(with_failures(reply, &out))
}

pub fn delete<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: GroupDelete,
) -> Result<Value, ImError> {
    check_count("GroupName", req.names.len(), MAX_BATCH)?;
    let store = sns.store;
    let existing = store.group_names()?;
    if let Some(missing) = req.names.iter().find(|n| !existing.contains(n)) {
        return Err(bad(format!("no friend group {missing:?}")));
    }
    for n in &req.names {
        store.remove_group(n)?;
    }
    for mut f in store.friends()? {
        let before = f.groups.len();
        f.groups.retain(|g| !req.names.contains(g));
        if f.groups.len() != before {
            store.put_friend(&f)?;
        }
    }
    sns.changed(Changed::Groups);
    sns.changed(Changed::Friends);
    Ok(json!({ "CurrentSequence": store.sequence(List::Groups)? }))
}

pub fn get<S: SnsStore, P: Peers>(sns: &Sns<'_, S, P>, req: GroupGet) -> Result<Value, ImError> {
    let store = sns.store;
    let friends = store.friends()?;
    let need_friends = req.need_friend == "Need_Friend_Type_Yes";
    let items: Vec<Value> = store
        .group_names()?
        .into_iter()
        .filter(|n| req.names.as_ref().is_none_or(|w| w.contains(n)))
        .map(|n| {
            let members: Vec<&str> = friends
                .iter()
                .filter(|f| f.groups.contains(&n))
                .map(|f| f.user.as_str())
                .collect();
            let mut v = json!({ "GroupName": n, "FriendNumber": members.len() });
            if need_friends {
                v["To_Account"] = json!(members);
            }
            v
        })
        .collect();
    Ok(json!({ "ResultItem": items, "CurrentSequence": store.sequence(List::Groups)? }))
}

/// Renames a group; its friends move with it.
pub fn rename<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: GroupRename,
) -> Result<Value, ImError> {
    validate_group_name(&req.new)?;
    let store = sns.store;
    let names = store.group_names()?;
    if !names.contains(&req.old) {
        return Err(bad(format!("no friend group {:?}", req.old)));
    }
    if req.new != req.old && names.contains(&req.new) {
        return Err(bad(format!(
            "the friend group {:?} already exists",
            req.new
        )));
    }
    store.remove_group(&req.old)?;
    store.add_group(&req.new, sns.now)?;
    for mut f in store.friends()? {
        if let Some(g) = f.groups.iter_mut().find(|g| **g == req.old) {
            *g = req.new.clone();
            store.put_friend(&f)?;
        }
    }
    sns.changed(Changed::Groups);
    sns.changed(Changed::Friends);
    Ok(json!({}))
}
