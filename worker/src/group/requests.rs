//! Reading group commands' REST bodies: field helpers, `create_group` / `import_group` and
//! message sends parsed into the rules' requests.

use super::custom::{self, FieldDecl, MAX_GROUP_VALUE_BYTES};
use super::perm::Actor;
use super::rules::{code, create, Caller, CreateRequest, Effects};
use super::send::SendRequest;
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::{ApplyJoinOption, GroupId, GroupType, Priority, Role, AT_ALL};
use edgechat_proto::message::MsgElem;
use edgechat_proto::{ImError, UserId};
use serde_json::Value;

/// Most members in one `create_group`.
pub const MAX_CREATE_MEMBERS: usize = 500;

pub(super) fn text(body: &Value, key: &str) -> Result<String, ImError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(code(
            codes::INVALID_PARAMETER,
            format!("{key} must be a string"),
        )),
    }
}

pub(super) fn account(v: &Value, key: &str) -> Result<UserId, ImError> {
    let raw = v.get(key).and_then(Value::as_str).ok_or_else(|| {
        code(
            codes::INVALID_PARAMETER,
            format!("{key} is missing or not a string"),
        )
    })?;
    UserId::parse(raw).map_err(|e| code(codes::INVALID_PARAMETER, format!("{key}: {e}")))
}

pub(super) fn u64_of(body: &Value, key: &str) -> Result<Option<u64>, ImError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
            code(
                codes::INVALID_PARAMETER,
                format!("{key} must be a non-negative integer"),
            )
        }),
    }
}

/// The strings of the optional array `key` (other entries skipped); `None` when it is absent
/// or not an array.
pub fn optional_strings(body: &Value, key: &str) -> Option<Vec<String>> {
    body.get(key).and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    })
}

/// A list of accounts given as strings (`["a", "b"]`) or objects (`[{"Member_Account": "a"}]`),
/// between 1 and `max` long.
pub fn accounts(body: &Value, key: &str, max: usize) -> Result<Vec<UserId>, ImError> {
    let list = body
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| code(codes::INVALID_PARAMETER, format!("{key} must be an array")))?;
    if list.is_empty() || list.len() > max {
        return Err(code(
            codes::INVALID_PARAMETER,
            format!("{key} must hold 1..={max} accounts, got {}", list.len()),
        ));
    }
    let mut out: Vec<UserId> = Vec::with_capacity(list.len());
    for item in list {
        let id = match item {
            Value::String(s) => UserId::parse(s)
                .map_err(|e| code(codes::INVALID_PARAMETER, format!("{key}: {e}")))?,
            other => account(other, "Member_Account")?,
        };
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Parses `create_group` (the ID already chosen, generated or custom and checked).
pub fn create_request(body: &Value, id: GroupId) -> Result<CreateRequest, ImError> {
    let ty = GroupType::parse(&text(body, "Type")?)?;
    let owner = match body.get("Owner_Account") {
        None | Some(Value::Null) => None,
        Some(_) => Some(account(body, "Owner_Account")?),
    };
    let mut members = Vec::new();
    if let Some(list) = body.get("MemberList") {
        let list = list
            .as_array()
            .ok_or_else(|| code(codes::INVALID_PARAMETER, "MemberList must be an array"))?;
        if list.len() > MAX_CREATE_MEMBERS {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("MemberList holds at most {MAX_CREATE_MEMBERS} members"),
            ));
        }
        for m in list {
            let user = account(m, "Member_Account")?;
            let role = match m.get("Role").and_then(Value::as_str) {
                None => Role::Member,
                Some("Admin") => Role::Admin,
                Some("Member") => Role::Member,
                Some(other) => {
                    return Err(code(
                        codes::INVALID_PARAMETER,
                        format!("MemberList Role {other:?} must be Admin or Member"),
                    ))
                }
            };
            members.push((user, role));
        }
    }
    let apply = match body.get("ApplyJoinOption").and_then(Value::as_str) {
        None => None,
        Some(a) => Some(ApplyJoinOption::parse(a)?),
    };
    let max = u64_of(body, "MaxMemberNum")?
        .or(u64_of(body, "MaxMemberCount")?)
        .map(|n| {
            u32::try_from(n)
                .map_err(|_| code(codes::INVALID_PARAMETER, "MaxMemberNum is too large"))
        })
        .transpose()?;
    Ok(CreateRequest {
        id,
        ty,
        owner,
        name: text(body, "Name")?,
        introduction: text(body, "Introduction")?,
        notification: text(body, "Notification")?,
        face_url: text(body, "FaceUrl")?,
        max_member_num: max,
        apply_join_option: apply,
        members,
        support_topic: body.get("SupportTopic").and_then(Value::as_u64) == Some(1),
        enable_permission_group: body.get("EnablePermissionGroup").and_then(Value::as_u64)
            == Some(1),
        default_permissions: u64_of(body, "DefaultPermissions")?.unwrap_or(0),
    })
}

/// Parses a message send (`send_group_msg` or a client's `groupSend`).
pub fn send_request(body: &Value, from: UserId) -> Result<SendRequest, ImError> {
    let random = u64_of(body, "Random")?
        .ok_or_else(|| code(codes::INVALID_PARAMETER, "Random is missing"))
        .and_then(|r| {
            u32::try_from(r).map_err(|_| code(codes::INVALID_PARAMETER, "Random must fit 32 bits"))
        })?;
    let priority = match body.get("MsgPriority").and_then(Value::as_str) {
        None => Priority::Normal,
        Some(p) => Priority::parse(p)?,
    };
    let raw = body
        .get("MsgBody")
        .ok_or_else(|| code(codes::INVALID_PARAMETER, "MsgBody is missing"))?;
    let elems: Vec<MsgElem> = serde_json::from_value(raw.clone())
        .map_err(|e| code(codes::INVALID_PARAMETER, format!("MsgBody: {e}")))?;
    let mut at_list = Vec::new();
    if let Some(ats) = body.get("GroupAtInfo").and_then(Value::as_array) {
        for at in ats {
            if at.get("GroupAtAllFlag").and_then(Value::as_u64) == Some(1) {
                at_list.push(AT_ALL.to_owned());
            } else {
                at_list.push(account(at, "GroupAt_Account")?.to_string());
            }
        }
    }
    let topic = match text(body, "TopicId")? {
        t if t.is_empty() => None,
        t => Some(t),
    };
    Ok(SendRequest {
        from,
        topic,
        random,
        priority,
        body: elems,
        cloud_custom_data: text(body, "CloudCustomData")?,
        at_list,
        online_only: body.get("OnlineOnlyFlag").and_then(Value::as_u64) == Some(1),
        // edgechat's user objects add the sender's profile; REST sends carry none.
        nick: text(body, "SenderNick")?,
        avatar: text(body, "SenderFaceUrl")?,
    })
}

/// Runs `import_group` on an empty store (app admins only).
pub fn run_import<S: GroupStore>(
    store: &S,
    caller: &Caller,
    body: &Value,
    id: GroupId,
    now: u64,
) -> Result<Effects, ImError> {
    if !caller.app_admin {
        return Err(code(
            codes::NO_PERMISSION,
            "only an app admin imports groups",
        ));
    }
    let at = u64_of(body, "CreateTime")?;
    super::import::import_group(store, create_request(body, id)?, at, now)
}

/// Runs `create_group` on an empty store; `AppDefinedData` is written as the creator (the app
/// admin for REST, the owner for a client).
pub fn run_create<S: GroupStore>(
    store: &S,
    caller: &Caller,
    body: &Value,
    id: GroupId,
    now: u64,
    group_fields: &[FieldDecl],
) -> Result<Effects, ImError> {
    let req = create_request(body, id)?;
    let mut fields = std::collections::BTreeMap::new();
    if let Some(items) = body.get("AppDefinedData") {
        let actor = if caller.app_admin {
            Actor::AppAdmin
        } else {
            Actor::Owner
        };
        custom::write(
            &mut fields,
            items,
            group_fields,
            actor,
            MAX_GROUP_VALUE_BYTES,
            "AppDefinedData",
        )?;
    }
    let fx = create(store, req, now)?;
    if !fields.is_empty() {
        if let Some(mut p) = store.profile()? {
            p.custom = fields;
            store.put_profile(&p)?;
        }
    }
    Ok(fx)
}

/// `modify_group_base_info`'s profile fields (each absent or null one stays as it is).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
pub struct ProfileChanges {
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    #[serde(rename = "Introduction", default)]
    pub introduction: Option<String>,
    #[serde(rename = "Notification", default)]
    pub notification: Option<String>,
    #[serde(rename = "FaceUrl", default)]
    pub face_url: Option<String>,
    #[serde(rename = "ApplyJoinOption", default)]
    pub apply_join_option: Option<String>,
    /// `On` or `Off`; `ShutUpAllMember` is the old name.
    #[serde(rename = "MuteAllMember", default)]
    pub mute_all_member: Option<String>,
    #[serde(rename = "ShutUpAllMember", default)]
    pub shut_up_all_member: Option<String>,
    #[serde(rename = "MaxMemberNum", default)]
    pub max_member_num: Option<u32>,
    /// 1 turns permission groups on (Community).
    #[serde(rename = "EnablePermissionGroup", default)]
    pub enable_permission_group: Option<u64>,
    #[serde(rename = "DefaultPermissions", default)]
    pub default_permissions: Option<u64>,
}

/// `modify_group_member_info`'s member fields.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
pub struct MemberChanges {
    #[serde(rename = "NameCard", default)]
    pub name_card: Option<String>,
    #[serde(rename = "MsgFlag", default)]
    pub msg_flag: Option<String>,
    #[serde(rename = "Role", default)]
    pub role: Option<String>,
    /// Seconds; `MuteTime` is the newer name.
    #[serde(rename = "ShutUpTime", default)]
    pub shut_up_time: Option<u64>,
    #[serde(rename = "MuteTime", default)]
    pub mute_time: Option<u64>,
}

/// Parses a body as the typed request of `op` (10004 with the reason).
pub fn typed<T: serde::de::DeserializeOwned>(op: &str, body: &Value) -> Result<T, ImError> {
    T::deserialize(body).map_err(|e| code(codes::INVALID_PARAMETER, format!("{op}: {e}")))
}
