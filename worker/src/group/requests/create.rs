//! `create_group` and `import_group` bodies parsed into the rules' `CreateRequest`, and
//! `create_group`'s run on an empty store (`import::run_import` is the other).

use super::{account, text, u64_of, MAX_CREATE_MEMBERS};
use crate::group::custom::{self, FieldDecl, MAX_GROUP_VALUE_BYTES};
use crate::group::perm::Actor;
use crate::group::rules::{code, create, Caller, CreateRequest, Effects};
use crate::group::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::{ApplyJoinOption, GroupId, GroupType, Role};
use edgechat_proto::ImError;
use serde_json::Value;

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
