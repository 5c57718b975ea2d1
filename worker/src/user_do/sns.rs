//! Profiles and relationships in a user's object: the `sns` and `profile` REST commands run
//! here as this user (the REST API and the client socket both call them), plus the calls
//! other users' objects make (requests, accepts, removals, blocks, profile reads).

use super::sns_store::{Friend, Pendency, SnsStore};
use super::{now_secs, UserDo};
use crate::sns::fields::{
    validate_friend_fields, validate_group_name, validate_profile_item, DEFAULT_ALLOW_TYPE,
    MAX_FRIEND_GROUPS, PROFILE_CUSTOM, SNS_CUSTOM,
};
use crate::sns::relations::{
    black_check_both, black_check_single, check_both, check_single, decide_add, AddFacts,
    AddOutcome, MAX_BLACKLIST, MAX_FRIENDS,
};
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Map, Value};

/// Most items of `friend_add`, `friend_update` and `friend_get_list` per call.
const MAX_PER_CALL: usize = 100;
/// Most accounts of the check, delete, blacklist and import calls per call.
const MAX_BATCH: usize = 1000;
/// The result code of a request that now waits for the target's confirmation.
pub const PENDING: u32 = 30539;

fn bad(why: impl Into<String>) -> ImError {
    ImError::Coded(30001, why.into())
}

fn str_field<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// A list of account IDs in `field` (1..=max), as strings.
fn accounts(body: &Value, field: &str, max: usize) -> Result<Vec<String>, ImError> {
    let list = body
        .get(field)
        .and_then(Value::as_array)
        .ok_or_else(|| bad(format!("{field} must be an array")))?;
    if list.is_empty() || list.len() > max {
        return Err(bad(format!(
            "{field} has {} accounts, 1..={max} allowed",
            list.len()
        )));
    }
    Ok(list
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_owned())
        .collect())
}

fn item(to: &str, r: &Result<(), ImError>) -> Value {
    match r {
        Ok(()) => json!({ "To_Account": to, "ResultCode": 0, "ResultInfo": "" }),
        Err(e) => json!({ "To_Account": to, "ResultCode": e.code(), "ResultInfo": e.to_string() }),
    }
}

/// Adds `Fail_Account` (the accounts whose code is not 0, 30539 included) when there are any.
fn with_failures(mut out: Value, items: &[Value]) -> Value {
    let failed: Vec<Value> = items
        .iter()
        .filter(|i| i["ResultCode"] != 0)
        .map(|i| i["To_Account"].clone())
        .collect();
    if !failed.is_empty() {
        out["Fail_Account"] = json!(failed);
    }
    out
}

/// The `Tag_SNS_*` view of a friend.
fn sns_items(f: &Friend) -> Vec<Value> {
    let mut items = vec![];
    if !f.groups.is_empty() {
        items.push(json!({ "Tag": "Tag_SNS_IM_Group", "Value": f.groups }));
    }
    for (tag, v) in [
        ("Tag_SNS_IM_Remark", &f.remark),
        ("Tag_SNS_IM_AddSource", &f.add_source),
        ("Tag_SNS_IM_AddWording", &f.add_wording),
    ] {
        if !v.is_empty() {
            items.push(json!({ "Tag": tag, "Value": v }));
        }
    }
    items.push(json!({ "Tag": "Tag_SNS_IM_AddTime", "Value": f.add_time }));
    items.extend(
        f.custom
            .iter()
            .map(|(k, v)| json!({ "Tag": k, "Value": v })),
    );
    items
}

impl UserDo {
    pub(super) fn sns(&self) -> Result<&SnsStore, ImError> {
        self.sns.as_ref().map_err(Clone::clone)
    }

    /// Tells this user's sessions that a relationship list changed (`what`).
    fn sns_changed(&self, what: &str) {
        self.broadcast(
            &ServerFrame::SnsUpdate {
                what: what.to_owned(),
                user_id: None,
            },
            None,
        );
    }

    fn custom_profile_keys(&self) -> Result<Vec<String>, ImError> {
        Ok(self.config()?.profile_custom_fields.clone())
    }

    /// Runs the relationship command `cmd` as `me` with a Tencent-shaped `body`; `by_admin`
    /// when an app admin asks through the REST API (admin-only fields may be written).
    pub(super) async fn sns_command(
        &self,
        me: &UserId,
        cmd: &str,
        body: &Value,
        by_admin: bool,
    ) -> Result<Value, ImError> {
        match cmd {
            "portrait_set" => self.portrait_set(me, body, by_admin).await,
            "friend_add" => self.friend_add(me, body, false).await,
            "friend_import" => self.friend_add(me, body, true).await,
            "friend_update" => self.friend_update(body),
            "friend_delete" => self.friend_delete(me, body).await,
            "friend_delete_all" => self.friend_delete_all(me, body).await,
            "friend_check" => self.friend_check(me, body).await,
            "friend_get" => self.friend_get(body),
            "friend_get_list" => self.friend_get_list(body).await,
            "black_list_add" => self.black_list_add(me, body).await,
            "black_list_delete" => self.black_list_delete(body),
            "black_list_get" => self.black_list_get(body),
            "black_list_check" => self.black_list_check(me, body).await,
            "group_add" => self.group_add(body),
            "group_delete" => self.group_delete(body),
            "group_get" => self.group_get(body),
            "pendency_get" => self.pendency_get(),
            "pendency_response" => self.pendency_response(me, body).await,
            "pendency_delete" => self.pendency_delete(body),
            "pendency_read" => self.sns()?.mark_pendencies_read().map(|()| {
                self.sns_changed("applications");
                json!({})
            }),
            _ => Err(ImError::UnknownCommand(format!("sns/{cmd}"))),
        }
    }

    // Profiles.

    /// `/sns/profile {tags}`: this user's profile fields (all when `tags` is empty).
    pub(super) fn profile_items(&self, body: &Value) -> Result<Value, ImError> {
        let profile = self.sns()?.profile()?;
        let tags: Vec<&str> = body["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let items: Vec<Value> = if tags.is_empty() {
            profile
                .iter()
                .map(|(t, v)| json!({ "Tag": t, "Value": v }))
                .collect()
        } else {
            tags.iter()
                .map(|t| {
                    let v = profile.get(*t).cloned().unwrap_or_else(|| default_value(t));
                    json!({ "Tag": t, "Value": v })
                })
                .collect()
        };
        Ok(json!({ "ProfileItem": items }))
    }

    /// `portrait_get` for a client: reads each user's profile from its object.
    /// `portrait_get` for a client (`me`): reads each user's profile from its object. Custom
    /// fields that only app admins read are left out of other users' profiles (40007 when asked for).
    pub(super) async fn portrait_get_for(
        &self,
        me: &UserId,
        body: &Value,
    ) -> Result<Value, ImError> {
        let users = accounts(body, "To_Account", MAX_PER_CALL)?;
        let tags = body.get("TagList").cloned().unwrap_or(json!([]));
        let hidden: Vec<String> = self
            .config()?
            .profile_custom_access
            .iter()
            .filter(|f| f.admin_read)
            .map(|f| format!("{PROFILE_CUSTOM}{}", f.key))
            .collect();
        let asks_hidden = tags
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| t.as_str().is_some_and(|t| hidden.iter().any(|h| h == t)));
        let mut out = vec![];
        for u in users {
            match UserId::parse(&u) {
                Ok(id) => {
                    if asks_hidden && &id != me {
                        return Err(ImError::Coded(
                            40007,
                            "a requested custom field is read by app admins only".into(),
                        ));
                    }
                    let v = self
                        .call_user(id.as_str(), "/sns/profile", json!({ "tags": tags }))
                        .await?;
                    let items: Vec<Value> = v["ProfileItem"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|i| &id == me || !hidden.iter().any(|h| i["Tag"] == h.as_str()))
                        .cloned()
                        .collect();
                    out.push(json!({ "To_Account": u, "ProfileItem": items, "ResultCode": 0, "ResultInfo": "" }));
                }
                Err(e) => out.push(
                    json!({ "To_Account": u, "ResultCode": 40001, "ResultInfo": e.to_string() }),
                ),
            }
        }
        Ok(json!({ "UserProfileItem": out }))
    }

    async fn portrait_set(
        &self,
        me: &UserId,
        body: &Value,
        by_admin: bool,
    ) -> Result<Value, ImError> {
        let items = body
            .get("ProfileItem")
            .and_then(Value::as_array)
            .ok_or_else(|| ImError::Coded(40001, "ProfileItem must be an array".into()))?;
        if items.is_empty() {
            return Err(ImError::Coded(40001, "ProfileItem is empty".into()));
        }
        let custom = self.custom_profile_keys()?;
        let parsed: Vec<(&str, &Value)> = items
            .iter()
            .map(|i| (str_field(i, "Tag"), i.get("Value").unwrap_or(&Value::Null)))
            .collect();
        let access = self.config()?.profile_custom_access.clone();
        for (tag, value) in &parsed {
            validate_profile_item(tag, value, &custom)?;
            let admin_only = access
                .iter()
                .any(|f| f.admin_write && tag.strip_prefix(PROFILE_CUSTOM) == Some(f.key.as_str()));
            if admin_only && !by_admin {
                return Err(ImError::Coded(
                    40008,
                    format!("{tag} is written by app admins only"),
                ));
            }
        }
        let store = self.sns()?;
        for (tag, value) in parsed {
            store.set_profile(tag, value)?;
        }
        // My other devices and my friends hear of it.
        self.broadcast(
            &ServerFrame::SnsUpdate {
                what: "profile".into(),
                user_id: Some(me.to_string()),
            },
            None,
        );
        for f in store.friends()? {
            let _ = self
                .call_user(&f.user, "/sns/peer_profile", json!({ "user": me }))
                .await;
        }
        Ok(json!({}))
    }

    /// A friend changed their profile: tell my sessions.
    pub(super) fn peer_profile(&self, body: &Value) -> Result<Value, ImError> {
        let user = str_field(body, "user").to_owned();
        self.broadcast(
            &ServerFrame::SnsUpdate {
                what: "profile".into(),
                user_id: Some(user),
            },
            None,
        );
        Ok(json!({}))
    }

    fn allow_type(&self) -> Result<String, ImError> {
        Ok(self
            .sns()?
            .profile()?
            .get("Tag_Profile_IM_AllowType")
            .and_then(Value::as_str)
            .unwrap_or(DEFAULT_ALLOW_TYPE)
            .to_owned())
    }

    // Adding friends.

    async fn friend_add(&self, me: &UserId, body: &Value, import: bool) -> Result<Value, ImError> {
        let items = body
            .get("AddFriendItem")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("AddFriendItem must be an array"))?;
        let max = if import { MAX_BATCH } else { MAX_PER_CALL };
        if items.is_empty() || items.len() > max {
            return Err(bad(format!(
                "AddFriendItem has {} items, 1..={max} allowed",
                items.len()
            )));
        }
        let add_type = body
            .get("AddType")
            .and_then(Value::as_str)
            .unwrap_or("Add_Type_Both");
        if !matches!(add_type, "Add_Type_Both" | "Add_Type_Single") {
            return Err(bad(format!(
                "AddType {add_type:?} must be Add_Type_Single or Add_Type_Both"
            )));
        }
        let both = !import && add_type == "Add_Type_Both";
        let force = import || body.get("ForceAddFlags").and_then(Value::as_u64) == Some(1);
        let mut out = vec![];
        for it in items {
            let to = str_field(it, "To_Account").to_owned();
            let r = self.add_one(me, &to, it, both, force, import).await;
            out.push(match r {
                Ok(AddOutcome::Added) => item(&to, &Ok(())),
                Ok(AddOutcome::Pending) => json!({ "To_Account": to, "ResultCode": PENDING, "ResultInfo": "Err_SNS_FriendAdd_Friend_Exist_Pendency" }),
                Err(e) => item(&to, &Err(e)),
            });
        }
        self.sns_changed("friends");
        Ok(with_failures(json!({ "ResultItem": out }), &out))
    }

    async fn add_one(
        &self,
        me: &UserId,
        to: &str,
        it: &Value,
        both: bool,
        force: bool,
        import: bool,
    ) -> Result<AddOutcome, ImError> {
        let target = UserId::parse(to).map_err(|e| bad(format!("To_Account: {e}")))?;
        if &target == me {
            return Err(bad("you cannot add yourself"));
        }
        let (remark, wording, source, groups) = request_fields(it);
        validate_friend_fields(remark, wording, source, &groups)?;
        if source.is_none() {
            return Err(bad("AddSource is required"));
        }
        let store = self.sns()?;
        if store.friend(to)?.is_some() {
            return Err(ImError::Coded(
                30001,
                format!("{to} is already your friend"),
            ));
        }
        if store.friend_count()? >= MAX_FRIENDS {
            return Err(ImError::Coded(
                30010,
                format!("your friend list is full ({MAX_FRIENDS})"),
            ));
        }
        let forbidden = store
            .profile()?
            .get("Tag_Profile_IM_AdminForbidType")
            .and_then(Value::as_str)
            == Some("AdminForbid_Type_SendOut");
        let target_blocked = store.is_blocked(to)?;
        let now = now_secs();
        let friend = Friend {
            user: to.to_owned(),
            remark: remark.to_owned(),
            groups: groups.clone(),
            add_source: source.unwrap_or("").to_owned(),
            add_wording: wording.to_owned(),
            add_time: it.get("AddTime").and_then(Value::as_u64).unwrap_or(now),
            custom: custom_items(it.get("CustomItem"), &self.config()?.sns_custom_fields)?,
        };
        if import {
            // One-way, no confirmation; the target only must not have blocked me.
            decide_add(AddFacts {
                allow_type: "",
                blocked_by_target: false,
                target_blocked,
                forbidden: false,
                force: true,
            })?;
            self.add_groups(&groups, now)?;
            store.put_friend(&friend)?;
            return Ok(AddOutcome::Added);
        }
        let ask = json!({ "from": me, "wording": wording, "source": source.unwrap_or(""), "both": both,
                          "force": force, "forbidden": forbidden, "targetBlocked": target_blocked });
        let answer = self.call_user(to, "/sns/request", ask).await?;
        let outcome = if answer["outcome"] == "added" {
            AddOutcome::Added
        } else {
            AddOutcome::Pending
        };
        match outcome {
            AddOutcome::Added => {
                self.add_groups(&groups, now)?;
                store.put_friend(&friend)?;
            }
            AddOutcome::Pending => store.put_pendency(&Pendency {
                user: to.to_owned(),
                direction: "out".into(),
                wording: wording.to_owned(),
                source: source.unwrap_or("").to_owned(),
                remark: remark.to_owned(),
                group_name: groups.first().cloned().unwrap_or_default(),
                both,
                time: now,
                unread: false,
            })?,
        }
        self.sns_changed("applications");
        Ok(outcome)
    }

    fn add_groups(&self, groups: &[String], now: u64) -> Result<(), ImError> {
        let store = self.sns()?;
        let existing = store.group_names()?;
        let new = groups.iter().filter(|g| !existing.contains(g)).count();
        if existing.len() + new > MAX_FRIEND_GROUPS {
            return Err(ImError::Coded(
                30011,
                format!("at most {MAX_FRIEND_GROUPS} friend groups"),
            ));
        }
        for g in groups {
            store.add_group(g, now)?;
        }
        Ok(())
    }

    /// `/sns/request`: someone asks to befriend this user; this side decides.
    pub(super) fn friend_request(&self, body: &Value) -> Result<Value, ImError> {
        let from = UserId::parse(str_field(body, "from"))?;
        if !self.accounts()?.is_imported()? {
            return Err(ImError::Coded(30003, "the account does not exist".into()));
        }
        let store = self.sns()?;
        let allow = self.allow_type()?;
        let facts = AddFacts {
            allow_type: &allow,
            blocked_by_target: store.is_blocked(from.as_str())?,
            target_blocked: body["targetBlocked"].as_bool().unwrap_or(false),
            forbidden: body["forbidden"].as_bool().unwrap_or(false),
            force: body["force"].as_bool().unwrap_or(false),
        };
        let both = body["both"].as_bool().unwrap_or(true);
        let now = now_secs();
        match decide_add(facts)? {
            AddOutcome::Added => {
                if both && store.friend(from.as_str())?.is_none() {
                    if store.friend_count()? >= MAX_FRIENDS {
                        return Err(ImError::Coded(
                            30014,
                            "the target's friend list is full".into(),
                        ));
                    }
                    store.put_friend(&Friend {
                        user: from.to_string(),
                        add_time: now,
                        add_source: str_field(body, "source").to_owned(),
                        add_wording: str_field(body, "wording").to_owned(),
                        ..Default::default()
                    })?;
                    self.sns_changed("friends");
                }
                Ok(json!({ "outcome": "added" }))
            }
            AddOutcome::Pending => {
                store.put_pendency(&Pendency {
                    user: from.to_string(),
                    direction: "in".into(),
                    wording: str_field(body, "wording").to_owned(),
                    source: str_field(body, "source").to_owned(),
                    remark: String::new(),
                    group_name: String::new(),
                    both,
                    time: now,
                    unread: true,
                })?;
                self.sns_changed("applications");
                Ok(json!({ "outcome": "pending" }))
            }
        }
    }

    // Applications.

    fn pendency_get(&self) -> Result<Value, ImError> {
        let list: Vec<Value> = self
            .sns()?
            .pendencies(None)?
            .into_iter()
            .map(|p| json!({ "To_Account": p.user, "PendencyType": if p.direction == "in" { "Pendency_Type_ComeIn" } else { "Pendency_Type_SendOut" },
                             "AddSource": p.source, "AddWording": p.wording, "AddTime": p.time, "Unread": p.unread }))
            .collect();
        let unread = list.iter().filter(|p| p["Unread"] == true).count();
        Ok(json!({ "PendencyItem": list, "UnreadPendencyCount": unread }))
    }

    /// Accepts or refuses `To_Account`'s application (`ResponseAction`: Response_Action_Agree,
    /// Response_Action_AgreeAndAdd, or refuse with `Refuse`).
    async fn pendency_response(&self, me: &UserId, body: &Value) -> Result<Value, ImError> {
        let from = str_field(body, "To_Account").to_owned();
        let store = self.sns()?;
        let p = store
            .pendency(&from, "in")?
            .ok_or_else(|| ImError::Coded(30001, format!("no application from {from:?}")))?;
        let action = str_field(body, "ResponseAction");
        store.remove_pendency(&from, "in")?;
        if action == "Refuse" {
            let _ = self
                .call_user(
                    &from,
                    "/sns/answered",
                    json!({ "from": me, "accepted": false }),
                )
                .await;
        } else {
            let add_back = action == "Response_Action_AgreeAndAdd";
            if add_back && store.friend(&from)?.is_none() {
                let remark = str_field(body, "Remark").to_owned();
                validate_friend_fields(&remark, "", None, &[])?;
                store.put_friend(&Friend {
                    user: from.clone(),
                    remark,
                    add_time: now_secs(),
                    add_source: p.source.clone(),
                    add_wording: p.wording.clone(),
                    ..Default::default()
                })?;
            }
            self.call_user(
                &from,
                "/sns/answered",
                json!({ "from": me, "accepted": true }),
            )
            .await?;
            self.sns_changed("friends");
        }
        self.sns_changed("applications");
        Ok(json!({}))
    }

    /// `/sns/answered`: the user I asked answered my application.
    pub(super) fn answered(&self, body: &Value) -> Result<Value, ImError> {
        let from = str_field(body, "from").to_owned();
        let store = self.sns()?;
        if let Some(p) = store.pendency(&from, "out")? {
            store.remove_pendency(&from, "out")?;
            if body["accepted"].as_bool() == Some(true) && store.friend(&from)?.is_none() {
                let groups: Vec<String> = (!p.group_name.is_empty())
                    .then(|| p.group_name.clone())
                    .into_iter()
                    .collect();
                self.add_groups(&groups, now_secs())?;
                store.put_friend(&Friend {
                    user: from,
                    remark: p.remark,
                    groups,
                    add_source: p.source,
                    add_wording: p.wording,
                    add_time: now_secs(),
                    ..Default::default()
                })?;
                self.sns_changed("friends");
            }
            self.sns_changed("applications");
        }
        Ok(json!({}))
    }

    fn pendency_delete(&self, body: &Value) -> Result<Value, ImError> {
        let direction = if str_field(body, "PendencyType") == "Pendency_Type_SendOut" {
            "out"
        } else {
            "in"
        };
        let users = accounts(body, "To_Account", MAX_BATCH)?;
        let store = self.sns()?;
        for u in &users {
            store.remove_pendency(u, direction)?;
        }
        self.sns_changed("applications");
        Ok(json!({}))
    }

    // Friend list.

    fn friend_update(&self, body: &Value) -> Result<Value, ImError> {
        let items = body
            .get("UpdateItem")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("UpdateItem must be an array"))?;
        if items.is_empty() || items.len() > MAX_PER_CALL {
            return Err(bad(format!(
                "UpdateItem has {} items, 1..={MAX_PER_CALL} allowed",
                items.len()
            )));
        }
        let declared = self.config()?.sns_custom_fields.clone();
        for it in items {
            for sns in it
                .get("SnsItem")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let tag = str_field(sns, "Tag");
                if let Some(key) = tag.strip_prefix(SNS_CUSTOM) {
                    if !declared.iter().any(|d| d == key) {
                        return Err(bad(format!(
                            "Invalid field: {tag} is not a declared custom friend field"
                        )));
                    }
                }
            }
        }
        let store = self.sns()?;
        let mut out = vec![];
        for it in items {
            let to = str_field(it, "To_Account");
            let r = (|| -> Result<(), ImError> {
                let mut f = store
                    .friend(to)?
                    .ok_or_else(|| ImError::Coded(30001, format!("{to} is not your friend")))?;
                for sns in it
                    .get("SnsItem")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let tag = str_field(sns, "Tag");
                    let v = sns.get("Value").cloned().unwrap_or(Value::Null);
                    match tag {
                        "Tag_SNS_IM_Remark" => {
                            f.remark = v
                                .as_str()
                                .ok_or_else(|| bad("Remark must be a string"))?
                                .to_owned()
                        }
                        "Tag_SNS_IM_Group" => {
                            f.groups = v
                                .as_array()
                                .ok_or_else(|| bad("Tag_SNS_IM_Group must be an array"))?
                                .iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        }
                        "Tag_SNS_IM_AddWording" => {
                            f.add_wording = v.as_str().unwrap_or("").to_owned()
                        }
                        t if t.starts_with(SNS_CUSTOM) => {
                            let declared = self.config()?.sns_custom_fields.clone();
                            f.custom.extend(custom_items(
                                Some(&json!([{ "Tag": t, "Value": v }])),
                                &declared,
                            )?);
                        }
                        t => return Err(bad(format!("{t} is not a friend field you can update"))),
                    }
                }
                validate_friend_fields(&f.remark, &f.add_wording, None, &f.groups)?;
                self.add_groups(&f.groups, now_secs())?;
                store.put_friend(&f)
            })();
            out.push(item(to, &r));
        }
        self.sns_changed("groups");
        self.sns_changed("friends");
        Ok(with_failures(json!({ "ResultItem": out }), &out))
    }

    async fn friend_delete(&self, me: &UserId, body: &Value) -> Result<Value, ImError> {
        let users = accounts(body, "To_Account", MAX_BATCH)?;
        let both = match body
            .get("DeleteType")
            .and_then(Value::as_str)
            .unwrap_or("Delete_Type_Both")
        {
            "Delete_Type_Both" => true,
            "Delete_Type_Single" => false,
            other => {
                return Err(bad(format!(
                    "DeleteType {other:?} must be Delete_Type_Single or Delete_Type_Both"
                )))
            }
        };
        let store = self.sns()?;
        let mut out = vec![];
        for u in users {
            let r = match store.remove_friend(&u) {
                Ok(true) => Ok(()),
                Ok(false) => Err(ImError::Coded(31704, format!("{u} is not your friend"))),
                Err(e) => Err(e),
            };
            if both && r.is_ok() {
                let _ = self
                    .call_user(&u, "/sns/unfriended", json!({ "from": me }))
                    .await;
            }
            out.push(item(&u, &r));
        }
        self.sns_changed("friends");
        Ok(with_failures(json!({ "ResultItem": out }), &out))
    }

    async fn friend_delete_all(&self, me: &UserId, body: &Value) -> Result<Value, ImError> {
        let both = str_field(body, "DeleteType") == "Delete_Type_Both";
        let store = self.sns()?;
        for f in store.friends()? {
            store.remove_friend(&f.user)?;
            if both {
                let _ = self
                    .call_user(&f.user, "/sns/unfriended", json!({ "from": me }))
                    .await;
            }
        }
        self.sns_changed("friends");
        Ok(json!({}))
    }

    /// `/sns/unfriended`: the peer deleted us both ways (or blocked us).
    pub(super) fn unfriended(&self, body: &Value) -> Result<Value, ImError> {
        if self.sns()?.remove_friend(str_field(body, "from"))? {
            self.sns_changed("friends");
        }
        Ok(json!({}))
    }

    /// `/sns/relation {of}`: whether `of` is on this user's friend list and blacklist.
    pub(super) fn relation_of(&self, body: &Value) -> Result<Value, ImError> {
        let of = str_field(body, "of");
        let store = self.sns()?;
        Ok(json!({ "friend": store.friend(of)?.is_some(), "blocked": store.is_blocked(of)? }))
    }

    async fn peer_relation(&self, me: &UserId, peer: &str) -> Result<(bool, bool), ImError> {
        let v = self
            .call_user(peer, "/sns/relation", json!({ "of": me }))
            .await?;
        Ok((
            v["friend"].as_bool().unwrap_or(false),
            v["blocked"].as_bool().unwrap_or(false),
        ))
    }

    async fn friend_check(&self, me: &UserId, body: &Value) -> Result<Value, ImError> {
        let users = accounts(body, "To_Account", MAX_BATCH)?;
        let both = match str_field(body, "CheckType") {
            "CheckResult_Type_Both" => true,
            "CheckResult_Type_Single" => false,
            other => {
                return Err(bad(format!(
                    "CheckType {other:?} must be CheckResult_Type_Single or _Both"
                )))
            }
        };
        let store = self.sns()?;
        let mut out = vec![];
        for u in users {
            let a_has_b = store.friend(&u)?.is_some();
            let relation = if both {
                match UserId::parse(&u) {
                    Ok(_) => check_both(a_has_b, self.peer_relation(me, &u).await?.0),
                    Err(e) => {
                        out.push(item(&u, &Err(bad(e.to_string()))));
                        continue;
                    }
                }
            } else {
                check_single(a_has_b)
            };
            out.push(
                json!({ "To_Account": u, "Relation": relation, "ResultCode": 0, "ResultInfo": "" }),
            );
        }
        Ok(with_failures(json!({ "InfoItem": out }), &out))
    }

    fn friend_get(&self, body: &Value) -> Result<Value, ImError> {
        let all = self.sns()?.friends()?;
        let start = body.get("StartIndex").and_then(Value::as_u64).unwrap_or(0) as usize;
        let page: Vec<Value> = all
            .iter()
            .skip(start)
            .take(MAX_PER_CALL)
            .map(|f| json!({ "To_Account": f.user, "ValueItem": sns_items(f) }))
            .collect();
        let next = start + page.len();
        Ok(json!({
            "UserDataItem": page, "StandardSequence": self.sns()?.sequence("friends")?, "CustomSequence": self.sns()?.sequence("friends")?,
            "FriendNum": all.len(), "CompleteFlag": u8::from(next >= all.len()),
            "NextStartIndex": if next >= all.len() { 0 } else { next },
        }))
    }

    /// `friend_get_list`: the `TagList` fields of each friend, friend tags from my list and
    /// profile tags from the friend's profile (defaults for unset ones), in `TagList` order.
    async fn friend_get_list(&self, body: &Value) -> Result<Value, ImError> {
        let users = accounts(body, "To_Account", MAX_PER_CALL)?;
        let tags: Vec<String> = body
            .get("TagList")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let profile_tags: Vec<&String> = tags
            .iter()
            .filter(|t| t.starts_with("Tag_Profile_"))
            .collect();
        let store = self.sns()?;
        let mut out = vec![];
        for u in users {
            let Some(f) = store.friend(&u)? else {
                out.push(item(
                    &u,
                    &Err(ImError::Coded(30001, format!("{u} is not your friend"))),
                ));
                continue;
            };
            let mine: Vec<Value> = sns_items(&f);
            let theirs = if profile_tags.is_empty() {
                json!({ "ProfileItem": [] })
            } else {
                self.call_user(&u, "/sns/profile", json!({ "tags": profile_tags }))
                    .await?
            };
            let all: Vec<&Value> = mine
                .iter()
                .chain(theirs["ProfileItem"].as_array().into_iter().flatten())
                .collect();
            let items: Vec<Value> = if tags.is_empty() {
                mine.clone()
            } else {
                tags.iter()
                    .filter_map(|t| {
                        all.iter()
                            .find(|i| i["Tag"] == t.as_str())
                            .map(|i| (*i).clone())
                    })
                    .collect()
            };
            out.push(json!({ "To_Account": u, "SnsProfileItem": items, "ResultCode": 0, "ResultInfo": "" }));
        }
        Ok(with_failures(json!({ "InfoItem": out }), &out))
    }

    // Blacklist.

    async fn black_list_add(&self, me: &UserId, body: &Value) -> Result<Value, ImError> {
        let users = accounts(body, "To_Account", MAX_BATCH)?;
        let store = self.sns()?;
        let mut out = vec![];
        let now = now_secs();
        for u in users {
            let r = match UserId::parse(&u) {
                Err(e) => Err(bad(e.to_string())),
                Ok(_) if u == me.as_str() => Err(bad("you cannot block yourself")),
                Ok(_) if store.is_blocked(&u)? => {
                    Err(bad(format!("{u} is already on your blacklist")))
                }
                Ok(_) if store.blacklist_len()? >= MAX_BLACKLIST => Err(ImError::Coded(
                    30013,
                    format!("the blacklist is full ({MAX_BLACKLIST})"),
                )),
                Ok(_) => {
                    store.block(&u, now)?;
                    // Blocking ends the friendship both ways and any pending application.
                    let was_friend = store.remove_friend(&u)?;
                    store.remove_pendency(&u, "in")?;
                    store.remove_pendency(&u, "out")?;
                    if was_friend {
                        let _ = self
                            .call_user(&u, "/sns/unfriended", json!({ "from": me }))
                            .await;
                    }
                    Ok(())
                }
            };
            out.push(item(&u, &r));
        }
        self.sns_changed("blacklist");
        self.sns_changed("friends");
        Ok(with_failures(json!({ "ResultItem": out }), &out))
    }

    fn black_list_delete(&self, body: &Value) -> Result<Value, ImError> {
        let users = accounts(body, "To_Account", MAX_BATCH)?;
        let store = self.sns()?;
        let out: Vec<Value> = users
            .iter()
            .map(|u| {
                let r = match store.unblock(u) {
                    Ok(true) => Ok(()),
                    Ok(false) => Err(bad(format!("{u} is not on your blacklist"))),
                    Err(e) => Err(e),
                };
                item(u, &r)
            })
            .collect();
        self.sns_changed("blacklist");
        Ok(with_failures(json!({ "ResultItem": out }), &out))
    }

    fn black_list_get(&self, body: &Value) -> Result<Value, ImError> {
        let all = self.sns()?.blacklist()?;
        let start = body.get("StartIndex").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = body
            .get("MaxLimited")
            .and_then(Value::as_u64)
            .unwrap_or(MAX_PER_CALL as u64)
            .clamp(1, 1000) as usize;
        let page: Vec<Value> = all
            .iter()
            .skip(start)
            .take(max)
            .map(|(u, t)| json!({ "To_Account": u, "AddBlackTimeStamp": t }))
            .collect();
        let next = start + page.len();
        Ok(
            json!({ "BlackListItem": page, "StartIndex": if next >= all.len() { 0 } else { next }, "CurruentSequence": self.sns()?.sequence("blacklist")? }),
        )
    }

    async fn black_list_check(&self, me: &UserId, body: &Value) -> Result<Value, ImError> {
        let users = accounts(body, "To_Account", MAX_BATCH)?;
        let both = match str_field(body, "CheckType") {
            "BlackCheckResult_Type_Both" => true,
            "BlackCheckResult_Type_Single" => false,
            other => {
                return Err(bad(format!(
                    "CheckType {other:?} must be BlackCheckResult_Type_Single or _Both"
                )))
            }
        };
        let store = self.sns()?;
        let mut out = vec![];
        for u in users {
            let mine = store.is_blocked(&u)?;
            let relation = if both {
                black_check_both(mine, self.peer_relation(me, &u).await?.1)
            } else {
                black_check_single(mine)
            };
            out.push(
                json!({ "To_Account": u, "Relation": relation, "ResultCode": 0, "ResultInfo": "" }),
            );
        }
        Ok(with_failures(json!({ "BlackListCheckItem": out }), &out))
    }

    // Friend groups.

    fn group_add(&self, body: &Value) -> Result<Value, ImError> {
        let names = accounts(body, "GroupName", MAX_BATCH)?;
        let store = self.sns()?;
        let existing = store.group_names()?;
        for n in &names {
            validate_group_name(n)?;
            if existing.contains(n) {
                return Err(bad(format!("the friend group {n:?} already exists")));
            }
        }
        let now = now_secs();
        self.add_groups(&names, now)?;
        let mut out = vec![];
        if let Some(users) = body.get("To_Account").and_then(Value::as_array) {
            for u in users.iter().filter_map(Value::as_str) {
                let r = match store.friend(u)? {
                    Some(mut f) => {
                        for n in &names {
                            if !f.groups.contains(n) {
                                f.groups.push(n.clone());
                            }
                        }
                        store.put_friend(&f)
                    }
                    None => Err(ImError::Coded(32216, format!("{u} is not your friend"))),
                };
                out.push(item(u, &r));
            }
        }
        self.sns_changed("groups");
        self.sns_changed("friends");
        let mut reply = json!({ "CurrentSequence": store.sequence("groups")? });
        if body.get("To_Account").is_some() {
            reply["ResultItem"] = json!(out);
        }
        Ok(with_failures(reply, &out))
    }

    fn group_delete(&self, body: &Value) -> Result<Value, ImError> {
        let names = accounts(body, "GroupName", MAX_BATCH)?;
        let store = self.sns()?;
        let existing = store.group_names()?;
        if let Some(missing) = names.iter().find(|n| !existing.contains(n)) {
            return Err(bad(format!("no friend group {missing:?}")));
        }
        for n in &names {
            store.remove_group(n)?;
        }
        for mut f in store.friends()? {
            let before = f.groups.len();
            f.groups.retain(|g| !names.contains(g));
            if f.groups.len() != before {
                store.put_friend(&f)?;
            }
        }
        self.sns_changed("groups");
        self.sns_changed("friends");
        Ok(json!({ "CurrentSequence": store.sequence("groups")? }))
    }

    fn group_get(&self, body: &Value) -> Result<Value, ImError> {
        let store = self.sns()?;
        let friends = store.friends()?;
        let wanted: Option<Vec<String>> =
            body.get("GroupName").and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
        let need_friends = str_field(body, "NeedFriend") == "Need_Friend_Type_Yes";
        let items: Vec<Value> = store
            .group_names()?
            .into_iter()
            .filter(|n| wanted.as_ref().is_none_or(|w| w.contains(n)))
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
        Ok(json!({ "ResultItem": items, "CurrentSequence": store.sequence("groups")? }))
    }

    /// Renames a friend group (the engine's `renameFriendGroup`).
    pub(super) fn group_rename(&self, old: &str, new: &str) -> Result<(), ImError> {
        validate_group_name(new)?;
        let store = self.sns()?;
        if !store.group_names()?.iter().any(|n| n == old) {
            return Err(bad(format!("no friend group {old:?}")));
        }
        store.remove_group(old)?;
        store.add_group(new, now_secs())?;
        for mut f in store.friends()? {
            if let Some(g) = f.groups.iter_mut().find(|g| *g == old) {
                *g = new.to_owned();
                store.put_friend(&f)?;
            }
        }
        self.sns_changed("groups");
        self.sns_changed("friends");
        Ok(())
    }
}

/// The Remark, AddWording, AddSource and GroupName(s) of an `AddFriendItem`.
fn request_fields(it: &Value) -> (&str, &str, Option<&str>, Vec<String>) {
    let groups: Vec<String> = match it.get("GroupName") {
        Some(Value::String(g)) => vec![g.clone()],
        Some(Value::Array(gs)) => gs
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => vec![],
    };
    (
        str_field(it, "Remark"),
        str_field(it, "AddWording"),
        it.get("AddSource").and_then(Value::as_str),
        groups,
    )
}

/// `CustomItem: [{Tag: "Tag_SNS_Custom_X", Value}]` as a map.
fn custom_items(v: Option<&Value>, declared: &[String]) -> Result<Map<String, Value>, ImError> {
    let mut out = Map::new();
    for it in v.and_then(Value::as_array).into_iter().flatten() {
        let tag = str_field(it, "Tag");
        let key = tag
            .strip_prefix(SNS_CUSTOM)
            .ok_or_else(|| bad(format!("{tag} is not a custom friend field")))?;
        if !declared.iter().any(|d| d == key) {
            return Err(bad(format!("{tag} is not a declared custom friend field")));
        }
        let value = it.get("Value").cloned().unwrap_or(Value::Null);
        if value.as_str().is_none_or(|s| s.len() > 500) {
            return Err(bad(format!("{tag} must be a string of at most 500 bytes")));
        }
        out.insert(tag.to_owned(), value);
    }
    Ok(out)
}

/// What a profile field reads as when never set.
fn default_value(tag: &str) -> Value {
    match tag {
        "Tag_Profile_IM_AllowType" => json!(DEFAULT_ALLOW_TYPE),
        "Tag_Profile_IM_Gender" => json!("Gender_Type_Unknown"),
        "Tag_Profile_IM_AdminForbidType" => json!("AdminForbid_Type_None"),
        "Tag_Profile_IM_BirthDay"
        | "Tag_Profile_IM_Language"
        | "Tag_Profile_IM_Level"
        | "Tag_Profile_IM_Role"
        | "Tag_Profile_IM_MsgSettings" => json!(0),
        _ => json!(""),
    }
}
