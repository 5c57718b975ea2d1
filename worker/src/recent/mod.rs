//! Tencent's `recentcontact` commands on a user's conversation settings
//! (`edgechat_proto::recent`): REST bodies in, Tencent's answers out, for the REST API and the
//! engine alike (the engine's socket command carries the same bodies without `From_Account`).

mod list;
mod remind;
#[cfg(test)]
mod tests;

pub use list::{list_page, ListEntry};

use edgechat_proto::codes;
pub use edgechat_proto::recent::contact_item;
use edgechat_proto::recent::{contact_id, standard_mark, RecentState, MAX_PER_CALL};
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Tencent's REST commands that change or read only the settings (`get_list` and `delete`
/// also need the conversations themselves: the user's object runs those).
pub const COMMANDS: [&str; 6] = [
    "mark_contact",
    "create_contact_group",
    "del_contact_group",
    "update_contact_group",
    "search_contact_group",
    "get_contact_group",
];

/// edgechat's own commands, for the engine's socket only: Tencent pins and sets receive
/// options from its SDKs, with no REST command.
pub const ENGINE_COMMANDS: [&str; 3] = ["pin_contact", "set_c2c_remind", "set_all_receive"];

/// Contacts per `get_contact_group` page.
const PAGE: usize = 100;

fn invalid(why: impl Into<String>) -> ImError {
    ImError::Coded(codes::RECENT_INVALID_PARAMETER, why.into())
}

/// A REST `ContactItem` (`{Type: 1, To_Account}` or `{Type: 2, ToGroupId}`) as a conversation ID.
pub fn contact(item: &Value) -> Result<String, ImError> {
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| item.get(*k).and_then(Value::as_str))
            .unwrap_or_default()
            .to_owned()
    };
    match item.get("Type").and_then(Value::as_u64) {
        Some(1) => contact_id(&format!("C2C{}", text(&["To_Account"]))),
        Some(2) => contact_id(&format!(
            "GROUP{}",
            text(&["ToGroupId", "ToGroupid", "GroupId"])
        )),
        _ => Err(invalid(
            "ContactItem.Type must be 1 (one-to-one) or 2 (group)",
        )),
    }
}

/// One entry's result: `ResultCode` 0, or the refusal's code and message.
fn result_of(r: Result<(), ImError>) -> (u32, String) {
    match r {
        Ok(()) => (0, String::new()),
        Err(e) => (e.code(), e.to_string()),
    }
}

/// One entry's result, echoing its operation (`opt`) and `ContactItem`.
fn item_result(item: &Value, opt: &str, r: Result<(), ImError>) -> Value {
    let (code, info) = result_of(r);
    json!({
        opt: item.get(opt).cloned().unwrap_or(Value::Null),
        "ContactItem": item.get("ContactItem").cloned().unwrap_or(Value::Null),
        "ResultCode": code,
        "ResultInfo": info,
    })
}

fn array<'a>(body: &'a Value, key: &str) -> Result<&'a Vec<Value>, ImError> {
    body.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| invalid(format!("{key} must be an array")))
}

fn text<'a>(body: &'a Value, key: &str) -> Result<&'a str, ImError> {
    body.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(format!("{key} must be a string")))
}

/// Runs `cmd` on `state` at `now`: Tencent's answer, and whether the state changed.
pub fn run(
    state: &mut RecentState,
    cmd: &str,
    body: &Value,
    now: u64,
) -> Result<(Value, bool), ImError> {
    let before = state.clone();
    let answer = match cmd {
        "mark_contact" => mark_contact(state, body, now)?,
        "create_contact_group" => create_group(state, body, now)?,
        "del_contact_group" => delete_group(state, body)?,
        "update_contact_group" => update_group(state, body, now)?,
        "search_contact_group" => search(state, body)?,
        "get_contact_group" => get_page(state, body)?,
        "pin_contact" => pin(state, body, now)?,
        "set_c2c_remind" => remind::set_c2c_remind(state, body, now)?,
        "set_all_receive" => remind::set_all_receive(state, body)?,
        _ => return Err(ImError::UnknownCommand(format!("recentcontact/{cmd}"))),
    };
    let changed = *state != before;
    Ok((answer, changed))
}

/// The mark bits of `SetMark` / `ClearMark` (`[n, …]`: bit n) as a mask.
fn mark_mask(item: &Value, key: &str) -> Result<u64, ImError> {
    let Some(list) = item.get(key) else {
        return Ok(0);
    };
    let list = list
        .as_array()
        .ok_or_else(|| invalid(format!("{key} must be an array of bit numbers")))?;
    list.iter().try_fold(0u64, |mask, n| match n.as_u64() {
        Some(bit @ 0..=63) => Ok(mask | (1 << bit)),
        _ => Err(invalid(format!("{key}: {n} is not a mark bit (0..=63)"))),
    })
}

fn mark_one(state: &mut RecentState, item: &Value, now: u64) -> Result<(), ImError> {
    let id = contact(&item["ContactItem"])?;
    let opt = item.get("OptType").and_then(Value::as_u64);
    if !matches!(opt, Some(1..=3)) {
        return Err(invalid(
            "OptType must be 1 (standard marks), 2 (custom mark) or 3 (both)",
        ));
    }
    let opt = opt.unwrap_or_default();
    // Check everything before changing anything.
    let (set, clear) = (mark_mask(item, "SetMark")?, mark_mask(item, "ClearMark")?);
    let custom = match item.get("CustomMark") {
        None | Some(Value::Null) => "",
        Some(v) => v
            .as_str()
            .ok_or_else(|| invalid("CustomMark must be a string"))?,
    };
    let mut next = state.clone();
    if opt & 1 != 0 {
        next.mark(&id, set, clear, now)?;
    }
    if opt & 2 != 0 {
        next.set_custom_data(&id, custom, now)?;
    }
    *state = next;
    Ok(())
}

fn mark_contact(state: &mut RecentState, body: &Value, now: u64) -> Result<Value, ImError> {
    let items = array(body, "MarkItem")?;
    if items.is_empty() || items.len() > MAX_PER_CALL {
        return Err(ImError::Coded(
            codes::RECENT_MARK_BATCH,
            format!(
                "MarkItem has {} conversations: 1..={MAX_PER_CALL} per call",
                items.len()
            ),
        ));
    }
    let results: Vec<Value> = items
        .iter()
        .map(|item| item_result(item, "OptType", mark_one(state, item, now)))
        .collect();
    Ok(json!({ "ResultItem": results }))
}

/// The conversations of a group command (`ContactItem`), at most 100.
fn contacts_of(list: &[Value], key: &str) -> Result<(), ImError> {
    if list.len() > MAX_PER_CALL {
        return Err(invalid(format!(
            "{key} has {} conversations, at most {MAX_PER_CALL}",
            list.len()
        )));
    }
    Ok(())
}

fn create_group(state: &mut RecentState, body: &Value, now: u64) -> Result<Value, ImError> {
    let groups = array(body, "GroupContactItem")?;
    let [group] = groups.as_slice() else {
        return Err(invalid(format!(
            "GroupContactItem must hold exactly one group, it has {}",
            groups.len()
        )));
    };
    let name = text(group, "GroupName")?;
    let items = match group.get("ContactItem") {
        None => &vec![],
        Some(_) => array(group, "ContactItem")?,
    };
    contacts_of(items, "ContactItem")?;
    let id = state.create_group(name)?;
    let results: Vec<Value> = items
        .iter()
        .map(|item| {
            let r = contact(item).and_then(|c| state.add_to_group(id, &c, now).map(|_| ()));
            let (code, info) = result_of(r);
            json!({ "ContactItem": item, "ResultCode": code, "ResultInfo": info })
        })
        .collect();
    Ok(json!({ "GroupResultItem": [{
        "GroupItem": { "GroupName": name, "GroupId": id },
        "ResultItem": results,
    }] }))
}

fn delete_group(state: &mut RecentState, body: &Value) -> Result<Value, ImError> {
    let names = array(body, "GroupName")?;
    let [name] = names.as_slice() else {
        return Err(invalid(format!(
            "GroupName must hold exactly one group name, it has {}",
            names.len()
        )));
    };
    let name = name
        .as_str()
        .ok_or_else(|| invalid("GroupName must hold strings"))?;
    let id = state.delete_group(name)?;
    Ok(json!({ "GroupItem": [{ "GroupName": name, "GroupId": id }] }))
}

fn update_group(state: &mut RecentState, body: &Value, now: u64) -> Result<Value, ImError> {
    if body.get("UpdateType").and_then(Value::as_u64) != Some(1) {
        return Err(invalid("UpdateType must be 1 (update one group)"));
    }
    let group = body
        .get("UpdateGroup")
        .filter(|g| g.is_object())
        .ok_or_else(|| invalid("UpdateGroup must be an object"))?;
    // Tencent names the group `OldGroupName` in both forms; `GroupName` is taken too.
    let old = text(group, "OldGroupName").or_else(|_| text(group, "GroupName"))?;
    match group.get("UpdateGroupType").and_then(Value::as_u64) {
        Some(1) => {
            let new = text(group, "NewGroupName")?;
            let id = state.rename_group(old, new)?;
            Ok(json!({ "UpdateType": 1, "UpdateGroupResult": {
                "UpdateGroupType": 1, "OldGroupName": old, "GroupName": new, "GroupId": id,
            } }))
        }
        Some(2) => {
            let items = array(group, "ContactUpdateItem")?;
            contacts_of(items, "ContactUpdateItem")?;
            let id = state.group_id(old)?;
            let results: Vec<Value> = items
                .iter()
                .map(|item| {
                    let opt = item.get("ContactOptType").and_then(Value::as_u64);
                    let r = contact(&item["ContactItem"]).and_then(|c| match opt {
                        Some(1) => state.add_to_group(id, &c, now).map(|_| ()),
                        Some(2) => state.remove_from_group(id, &c, now).map(|_| ()),
                        _ => Err(invalid("ContactOptType must be 1 (add) or 2 (remove)")),
                    });
                    item_result(item, "ContactOptType", r)
                })
                .collect();
            Ok(json!({ "UpdateType": 1, "UpdateGroupResult": {
                "UpdateGroupType": 2, "GroupName": old, "GroupId": id,
                "ContactResultItem": results,
            } }))
        }
        _ => Err(invalid(
            "UpdateGroupType must be 1 (rename) or 2 (add or remove conversations)",
        )),
    }
}

/// A conversation's group and mark data as `get_contact_group` and `search_contact_group` show it.
fn contact_data(state: &RecentState, id: &str) -> Value {
    let s = state.get(id);
    let mut item = contact_item(id);
    item["StandardMark"] = json!(standard_mark(s.marks));
    item["CustomMark"] = json!(s.custom_data);
    item["ContactGroupId"] = json!(s.groups);
    item["Timestamp"] = json!(s.time);
    item
}

fn group_items(state: &RecentState) -> Value {
    json!(state
        .groups
        .iter()
        .map(|g| json!({ "GroupName": g.name, "GroupId": g.id }))
        .collect::<Vec<_>>())
}

fn search(state: &RecentState, body: &Value) -> Result<Value, ImError> {
    let items = array(body, "ContactItem")?;
    contacts_of(items, "ContactItem")?;
    let found = items
        .iter()
        .map(|i| contact(i).map(|id| contact_data(state, &id)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({ "ContactResultItem": found, "GroupItem": group_items(state) }))
}

fn get_page(state: &RecentState, body: &Value) -> Result<Value, ImError> {
    let start = match body.get("StartIndex") {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid("StartIndex must be a non-negative integer"))?,
    } as usize;
    let marked: Vec<&String> = (state.contacts.iter())
        .filter(|(_, s)| s.marks != 0 || !s.custom_data.is_empty() || !s.groups.is_empty())
        .map(|(id, _)| id)
        .collect();
    let page: Vec<Value> = (marked.iter().skip(start).take(PAGE))
        .map(|id| contact_data(state, id))
        .collect();
    let next = start + page.len();
    let complete = next >= marked.len();
    Ok(json!({
        "ContactItem": page,
        "GroupItem": group_items(state),
        "CompleteFlag": u8::from(complete),
        "NextStartIndex": if complete { 0 } else { next },
    }))
}

fn pin(state: &mut RecentState, body: &Value, now: u64) -> Result<Value, ImError> {
    let id = contact(&body["ContactItem"])?;
    let pinned = match body.get("TopFlag").and_then(Value::as_u64) {
        Some(0) => false,
        Some(1) => true,
        _ => return Err(invalid("TopFlag must be 1 (pin) or 0 (unpin)")),
    };
    state.pin(&id, pinned, now)?;
    Ok(json!({ "ContactItem": contact_item(&id), "TopFlag": u8::from(pinned) }))
}
