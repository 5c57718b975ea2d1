//! `group_open_http_svc/*`: the group REST commands. Batch commands over several groups or
//! users are split here; one-group commands go to the group's object as the app admin
//! (through [`Groups`], a fake in tests and Durable Objects in the worker).

use edgechat_proto::codes;
use edgechat_proto::group::{GroupId, GroupType, JoinedGroup};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Most groups in one `get_group_info`.
pub const MAX_INFO_GROUPS: usize = 50;
/// Largest page of `get_joined_group_list`.
pub const MAX_JOINED_PAGE: u64 = 10_000;

const PREFIX: &str = "group_open_http_svc/";
/// Community commands live under this service too (topics, large member lists).
const MILLION_PREFIX: &str = "million_group_open_http_svc/";
/// Reading group attributes has a service of its own.
const ATTR_PREFIX: &str = "group_open_attr_http_svc/";
/// Group message extensions live beside the one-to-one ones.
const EXT_PREFIX: &str = "openim_msg_ext_http_svc/";
/// AVChatRoom member marks.
const AV_PREFIX: &str = "group_open_avchatroom_http_svc/";

/// The command name of a group API path (`None` for other services).
fn command(api: &str) -> Option<&str> {
    api.strip_prefix(PREFIX)
        .or_else(|| api.strip_prefix(MILLION_PREFIX))
        .or_else(|| {
            api.strip_prefix(ATTR_PREFIX)
                .filter(|c| *c == "get_group_attr")
        })
        .or_else(|| {
            api.strip_prefix(EXT_PREFIX)
                .filter(|c| c.starts_with("group_"))
        })
        .or_else(|| {
            api.strip_prefix(AV_PREFIX)
                .filter(|c| matches!(*c, "modify_user_info" | "get_members"))
        })
}

/// The commands that take one `GroupId` and run on that group's object.
const ONE_GROUP: [&str; 53] = [
    "get_group_member_info",
    "modify_group_base_info",
    "add_group_member",
    "delete_group_member",
    "modify_group_member_info",
    "destroy_group",
    "get_role_in_group",
    "forbid_send_msg",
    "get_group_muted_account",
    "send_group_msg",
    "send_group_system_notification",
    "change_group_owner",
    "group_msg_recall",
    "group_msg_get_simple",
    "import_group_member",
    "import_group_msg",
    "delete_group_msg_by_sender",
    "create_topic",
    "get_topic",
    "modify_topic",
    "destroy_topic",
    "create_permission_group",
    "destroy_permission_group",
    "modify_permission_group",
    "get_permission_group",
    "add_permission_group_member",
    "delete_permission_group_member",
    "get_permission_group_member_list",
    "add_topic_permission_group",
    "set_topic_permission_group",
    "delete_topic_permission_group",
    "get_topic_permission_group",
    "get_group_attr",
    "modify_group_attr",
    "set_group_attr",
    "delete_group_attr",
    "clear_group_attr",
    "get_group_counter",
    "update_group_counter",
    "delete_group_counter",
    "get_online_member_num",
    "pin_message",
    "unpin_message",
    "get_pinned_messages",
    "modify_group_msg",
    "set_unread_msg_num",
    "group_set_key_values",
    "group_get_key_values",
    "modify_user_info",
    "get_members",
    "ban_group_member",
    "unban_group_member",
    "get_group_ban_member",
];

// Workers run on one thread: the futures need not be Send.
#[allow(async_fn_in_trait)]
pub trait Groups {
    /// Runs `op` on `group` as the app admin.
    async fn op(&self, group: &GroupId, op: &str, body: Value) -> Result<Value, ImError>;
    /// Creates (`op` = `create_group`) or imports (`import_group`) a group, with a
    /// generated ID unless `GroupId` is given.
    async fn create(&self, op: &str, body: Value) -> Result<Value, ImError>;
    /// The app's groups: `{TotalCount, GroupIdList, Next}` (`get_appid_group_list`).
    async fn app_groups(&self, body: Value) -> Result<Value, ImError>;
    /// `user`'s groups.
    async fn joined(&self, user: &UserId) -> Result<Vec<JoinedGroup>, ImError>;
}

pub fn handles(api: &str) -> bool {
    command(api).is_some_and(|cmd| {
        ONE_GROUP.contains(&cmd)
            || matches!(
                cmd,
                "create_group"
                    | "import_group"
                    | "get_group_info"
                    | "get_joined_group_list"
                    | "get_appid_group_list"
            )
    })
}

fn code(c: u32, why: impl Into<String>) -> ImError {
    ImError::Coded(c, why.into())
}

fn group_id(body: &Value) -> Result<GroupId, ImError> {
    let raw = body.get("GroupId").and_then(Value::as_str).ok_or_else(|| {
        code(
            codes::GROUP_ID_INVALID,
            "GroupId is missing or not a string",
        )
    })?;
    GroupId::parse(raw)
}

pub async fn run(groups: &impl Groups, api: &str, body: &Value) -> Result<Value, ImError> {
    let cmd = command(api).unwrap_or(api);
    match cmd {
        "create_group" | "import_group" => {
            if body.get("Type").is_none() || body.get("Name").is_none() {
                return Err(code(codes::INVALID_PARAMETER, "Type and Name are required"));
            }
            let reply = groups.create(cmd, body.clone()).await?;
            Ok(json!({ "GroupId": reply["GroupId"] }))
        }
        "get_appid_group_list" => {
            let limit = body.get("Limit").and_then(Value::as_u64).unwrap_or(10_000);
            if limit == 0 || limit > 10_000 {
                return Err(code(codes::INVALID_PARAMETER, "Limit must be 1..=10000"));
            }
            if let Some(t) = body.get("GroupType").and_then(Value::as_str) {
                GroupType::parse(t)?;
            }
            groups.app_groups(body.clone()).await
        }
        "get_group_info" => get_group_info(groups, body).await,
        "get_joined_group_list" => get_joined_group_list(groups, body).await,
        _ if ONE_GROUP.contains(&cmd) => {
            let id = group_id(body)?;
            let mut reply = groups.op(&id, cmd, body.clone()).await?;
            if let Some(obj) = reply.as_object_mut() {
                obj.remove("Message");
                obj.remove("Dropped");
            }
            Ok(reply)
        }
        _ => Err(ImError::UnknownCommand(format!("/v4/{api}"))),
    }
}

async fn get_group_info(groups: &impl Groups, body: &Value) -> Result<Value, ImError> {
    let list = body
        .get("GroupIdList")
        .and_then(Value::as_array)
        .ok_or_else(|| code(codes::INVALID_PARAMETER, "GroupIdList must be an array"))?;
    if list.is_empty() || list.len() > MAX_INFO_GROUPS {
        return Err(code(
            codes::INVALID_PARAMETER,
            format!(
                "GroupIdList must hold 1..={MAX_INFO_GROUPS} groups, got {}",
                list.len()
            ),
        ));
    }
    let mut out = Vec::with_capacity(list.len());
    for raw in list {
        let id = raw.as_str().unwrap_or_default();
        let info = match GroupId::parse(id) {
            Err(e) => Err(e),
            Ok(gid) => {
                let mut b = json!({ "GroupId": id });
                if let Some(filter) = body.get("ResponseFilter") {
                    b["ResponseFilter"] = filter.clone();
                }
                groups.op(&gid, "get_group_info", b).await
            }
        };
        out.push(match info {
            Ok(info) => {
                let mut info = filter_info(info, body.get("ResponseFilter"));
                info["ErrorCode"] = json!(0);
                info["ErrorInfo"] = json!("");
                info
            }
            Err(e) => json!({ "GroupId": id, "ErrorCode": e.code(), "ErrorInfo": e.to_string() }),
        });
    }
    Ok(json!({ "GroupInfo": out }))
}

fn names(filter: Option<&Value>, key: &str) -> Option<Vec<String>> {
    filter?.get(key)?.as_array().map(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    })
}

/// Applies `ResponseFilter`: `GroupBaseInfoFilter` keeps only the named profile fields (the
/// member list and custom fields only when their own filters ask), `MemberInfoFilter` only
/// the named member fields.
fn filter_info(mut info: Value, filter: Option<&Value>) -> Value {
    if let (Some(base), Some(obj)) = (names(filter, "GroupBaseInfoFilter"), info.as_object_mut()) {
        let has = |k: &str| filter.and_then(|f| f.get(k)).is_some();
        obj.retain(|k, _| {
            k == "GroupId"
                || base.iter().any(|b| b == k)
                || (k == "MemberList" && has("MemberInfoFilter"))
                || (k == "AppDefinedData" && has("AppDefinedDataFilter_Group"))
        });
    }
    if let (Some(fields), Some(list)) = (
        names(filter, "MemberInfoFilter"),
        info.get_mut("MemberList").and_then(Value::as_array_mut),
    ) {
        for m in list.iter_mut().filter_map(Value::as_object_mut) {
            m.retain(|k, _| {
                k == "Member_Account"
                    || k == "AppMemberDefinedData"
                    || fields.iter().any(|f| f == k)
            });
        }
    }
    info
}

async fn get_joined_group_list(groups: &impl Groups, body: &Value) -> Result<Value, ImError> {
    let raw = body
        .get("Member_Account")
        .and_then(Value::as_str)
        .ok_or_else(|| code(codes::INVALID_PARAMETER, "Member_Account is missing"))?;
    let user = UserId::parse(raw)
        .map_err(|e| code(codes::INVALID_PARAMETER, format!("Member_Account: {e}")))?;
    let limit = body
        .get("Limit")
        .and_then(Value::as_u64)
        .unwrap_or(MAX_JOINED_PAGE);
    let offset = body.get("Offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    let ty = match body.get("GroupType").and_then(Value::as_str) {
        None => None,
        Some(t) => Some(GroupType::parse(t)?),
    };
    let with_av = body.get("WithHugeGroups").and_then(Value::as_u64) == Some(1);
    let with_inactive = body.get("WithNoActiveGroups").and_then(Value::as_u64) == Some(1);
    let all: Vec<JoinedGroup> = groups
        .joined(&user)
        .await?
        .into_iter()
        .filter(|g| ty.is_none_or(|t| g.ty == t))
        .filter(|g| with_av || ty.is_some() || g.ty != GroupType::AvChatRoom)
        .filter(|g| with_inactive || g.activated)
        .collect();
    let page: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(limit.min(MAX_JOINED_PAGE) as usize)
        .map(|g| json!({ "GroupId": g.group_id, "Type": g.ty, "Name": g.name, "JoinTime": g.join_time, "UnreadMsgNum": g.unread, "NextMsgSeq": g.last_seq + 1 }))
        .collect();
    Ok(json!({ "TotalCount": all.len(), "GroupIdList": page }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::users::fake::run as block_on;
    use std::cell::RefCell;

    #[derive(Default)]
    struct FakeGroups {
        calls: RefCell<Vec<(String, String)>>,
    }

    impl Groups for FakeGroups {
        async fn op(&self, group: &GroupId, op: &str, _body: Value) -> Result<Value, ImError> {
            self.calls
                .borrow_mut()
                .push((group.to_string(), op.to_owned()));
            if group.as_str() == "gone" {
                return Err(code(codes::GROUP_NOT_FOUND, "no such group"));
            }
            Ok(
                json!({ "GroupId": group, "MsgSeq": 4, "MsgTime": 9, "Message": {}, "Dropped": false }),
            )
        }
        async fn create(&self, _op: &str, _body: Value) -> Result<Value, ImError> {
            Ok(json!({ "GroupId": "@TGS#ABC" }))
        }
        async fn app_groups(&self, _body: Value) -> Result<Value, ImError> {
            Ok(json!({ "TotalCount": 0, "GroupIdList": [], "Next": 0 }))
        }
        async fn joined(&self, _user: &UserId) -> Result<Vec<JoinedGroup>, ImError> {
            Ok(["Public", "AVChatRoom", "Work"]
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    crate::joined::joined(
                        &format!("g{i}"),
                        GroupType::parse(t).expect("t"),
                        "n",
                        3,
                        1,
                    )
                })
                .collect())
        }
    }

    #[test]
    fn get_group_info_answers_each_group_and_checks_the_batch() {
        let g = FakeGroups::default();
        let r = block_on(run(
            &g,
            "group_open_http_svc/get_group_info",
            &json!({ "GroupIdList": ["a", "gone"] }),
        ))
        .expect("info");
        assert_eq!(r["GroupInfo"][0]["ErrorCode"], 0);
        assert_eq!(r["GroupInfo"][1]["ErrorCode"], codes::GROUP_NOT_FOUND);
        let many: Vec<String> = (0..51).map(|i| format!("g{i}")).collect();
        let e = block_on(run(
            &g,
            "group_open_http_svc/get_group_info",
            &json!({ "GroupIdList": many }),
        ))
        .expect_err("51");
        assert_eq!(e.code(), codes::INVALID_PARAMETER);
        assert_eq!(
            g.calls.borrow().len(),
            2,
            "a refused batch reaches no group"
        );
    }

    #[test]
    fn attribute_reads_have_their_own_service_and_writes_the_group_one() {
        assert!(handles("group_open_attr_http_svc/get_group_attr"));
        assert!(handles("group_open_http_svc/modify_group_attr"));
        assert!(handles("group_open_http_svc/update_group_counter"));
        assert!(handles("group_open_http_svc/get_online_member_num"));
        assert!(!handles("group_open_attr_http_svc/modify_group_attr"));
        assert!(!handles("group_open_attr_http_svc/get_group_info"));
    }

    #[test]
    fn one_group_commands_need_a_group_id_and_hide_internal_fields() {
        let g = FakeGroups::default();
        let e =
            block_on(run(&g, "group_open_http_svc/send_group_msg", &json!({}))).expect_err("no id");
        assert_eq!(e.code(), codes::GROUP_ID_INVALID);
        let r = block_on(run(
            &g,
            "group_open_http_svc/send_group_msg",
            &json!({ "GroupId": "x" }),
        ))
        .expect("send");
        assert_eq!(
            (r["MsgSeq"].as_u64(), r.get("Message"), r.get("Dropped")),
            (Some(4), None, None)
        );
    }

    #[test]
    fn joined_list_leaves_out_live_rooms_unless_asked() {
        let g = FakeGroups::default();
        let r = block_on(run(
            &g,
            "group_open_http_svc/get_joined_group_list",
            &json!({ "Member_Account": "a" }),
        ))
        .expect("list");
        assert_eq!(r["TotalCount"], 2);
        let r = block_on(run(
            &g,
            "group_open_http_svc/get_joined_group_list",
            &json!({ "Member_Account": "a", "WithHugeGroups": 1 }),
        ))
        .expect("list");
        assert_eq!(r["TotalCount"], 3);
        assert_eq!(r["GroupIdList"][0]["NextMsgSeq"], 4);
        for cmd in [
            "create_group",
            "import_group",
            "get_appid_group_list",
            "import_group_msg",
        ] {
            assert!(handles(&format!("group_open_http_svc/{cmd}")), "{cmd}");
        }
        assert!(!handles("group_open_http_svc/nope"));
    }
}
