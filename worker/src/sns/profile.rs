//! Profiles: `portrait_set` (standard and declared custom fields, admin-only ones refused to
//! users), `portrait_get` for a client (admin-read fields hidden from other users), and the
//! profile items a user's object hands out.

use super::fields::{validate_profile_item, PROFILE_CUSTOM};
use super::service::{check_count, Changed, PeerCall, Peers, Sns, TagValue, MAX_PER_CALL};
use super::store::SnsStore;
use super::views::default_value;
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

/// `portrait_set`.
#[derive(Debug, Deserialize)]
pub struct PortraitSet {
    #[serde(rename = "ProfileItem")]
    pub items: Vec<TagValue>,
}

/// `portrait_get` (a client's).
#[derive(Debug, Deserialize)]
pub struct PortraitGet {
    #[serde(rename = "To_Account")]
    pub to: Vec<String>,
    #[serde(rename = "TagList", default)]
    pub tags: Vec<String>,
}

/// This user's profile fields `tags` (every set field when `tags` is empty; unset ones read as
/// their defaults).
pub fn profile_items(store: &impl SnsStore, tags: &[String]) -> Result<Value, ImError> {
    let profile = store.profile()?;
    let items: Vec<Value> = if tags.is_empty() {
        profile
            .iter()
            .map(|(t, v)| json!({ "Tag": t, "Value": v }))
            .collect()
    } else {
        tags.iter()
            .map(|t| {
                let v = profile.get(t).cloned().unwrap_or_else(|| default_value(t));
                json!({ "Tag": t, "Value": v })
            })
            .collect()
    };
    Ok(json!({ "ProfileItem": items }))
}

/// Sets this user's fields; my other sessions and my friends hear of it.
pub async fn portrait_set<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: PortraitSet,
) -> Result<Value, ImError> {
    if req.items.is_empty() {
        return Err(ImError::Coded(
            codes::PROFILE_INVALID_PARAMETER,
            "ProfileItem is empty".into(),
        ));
    }
    let custom = &sns.config.profile_custom_fields;
    for TagValue { tag, value } in &req.items {
        validate_profile_item(tag, value, custom)?;
        // An admin's ban (AdminForbidType) and admin-written custom fields are not the user's.
        let admin_only = tag == "Tag_Profile_IM_AdminForbidType"
            || (sns.config.profile_custom_access.iter())
                .any(|f| f.admin_write && tag.strip_prefix(PROFILE_CUSTOM) == Some(f.key.as_str()));
        if admin_only && !sns.by_admin {
            return Err(ImError::Coded(
                codes::PROFILE_NO_WRITE_PERMISSION,
                format!("{tag} is written by app admins only"),
            ));
        }
    }
    for TagValue { tag, value } in &req.items {
        sns.store.set_profile(tag, value)?;
    }
    sns.changed(Changed::Profile(sns.me.to_string()));
    let note = PeerCall::ProfileChanged {
        user: sns.me.to_string(),
    };
    for f in sns.store.friends()? {
        // A friend who misses it reads the profile when they next ask.
        let _ = sns.peers.call(&f.user, &note).await;
    }
    Ok(json!({}))
}

/// Reads each user's profile from its object. Custom fields that only app admins read are left
/// out of other users' profiles, and asking for one is refused (40007).
pub async fn portrait_get<S: SnsStore, P: Peers>(
    sns: &Sns<'_, S, P>,
    req: PortraitGet,
) -> Result<Value, ImError> {
    check_count("To_Account", req.to.len(), MAX_PER_CALL)
        .map_err(|e| ImError::Coded(codes::PROFILE_INVALID_PARAMETER, e.to_string()))?;
    let hidden: Vec<String> = sns
        .config
        .profile_custom_access
        .iter()
        .filter(|f| f.admin_read)
        .map(|f| format!("{PROFILE_CUSTOM}{}", f.key))
        .collect();
    let asks_hidden = req.tags.iter().any(|t| hidden.contains(t));
    let mut out = vec![];
    for u in &req.to {
        let id = match UserId::parse(u) {
            Ok(id) => id,
            Err(e) => {
                out.push(json!({ "To_Account": u, "ResultCode": codes::PROFILE_INVALID_PARAMETER, "ResultInfo": e.to_string() }));
                continue;
            }
        };
        let mine = &id == sns.me;
        if asks_hidden && !mine {
            return Err(ImError::Coded(
                codes::PROFILE_NO_READ_PERMISSION,
                "a requested custom field is read by app admins only".into(),
            ));
        }
        let v = sns
            .peers
            .call(
                id.as_str(),
                &PeerCall::Profile {
                    tags: req.tags.clone(),
                },
            )
            .await?;
        let items: Vec<Value> = v["ProfileItem"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|i| mine || !hidden.iter().any(|h| i["Tag"] == h.as_str()))
            .cloned()
            .collect();
        out.push(
            json!({ "To_Account": u, "ProfileItem": items, "ResultCode": 0, "ResultInfo": "" }),
        );
    }
    Ok(json!({ "UserProfileItem": out }))
}

/// `Tag_Profile_IM_AllowType` of this user.
pub fn allow_type(store: &impl SnsStore) -> Result<String, ImError> {
    Ok(store
        .profile()?
        .get("Tag_Profile_IM_AllowType")
        .and_then(Value::as_str)
        .unwrap_or(super::fields::DEFAULT_ALLOW_TYPE)
        .to_owned())
}

/// Whether the app admin forbids this user to send friend requests.
pub fn add_forbidden(store: &impl SnsStore) -> Result<bool, ImError> {
    Ok(store
        .profile()?
        .get("Tag_Profile_IM_AdminForbidType")
        .and_then(Value::as_str)
        == Some("AdminForbid_Type_SendOut"))
}
