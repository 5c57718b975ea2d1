//! `openim_msg_ext_http_svc/set_key_values` and `get_key_values`: a one-to-one message's
//! extensions, run as the app admin at the object that keeps the conversation's extras (whose
//! writes may leave out `Seq` and then overwrite). Both users' devices hear a change.

use super::history::msg_key;
use super::{account, code};
use crate::inbox::extras::keeper;
use crate::rest::users::{UserOp, Users};
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Who a REST change names as its operator.
const ADMIN: &str = "@TIM#SYSTEM";

async fn run<U: Users>(users: &U, body: &Value, op: &str) -> Result<Value, ImError> {
    let from = account(body, "From_Account", codes::OPENIM_FROM_ACCOUNT)?;
    let to = account(body, "To_Account", codes::OPENIM_TO_ACCOUNT)?;
    msg_key(body)?;
    if from == to {
        return Err(code(
            codes::OPENIM_TO_ACCOUNT,
            "From_Account and To_Account are the same user",
        ));
    }
    let at = keeper(&from, &to).clone();
    let peer = if at == from { &to } else { &from };
    let call = json!({ "peer": peer, "actor": ADMIN, "op": op, "body": body, "tellPeer": true });
    let answer = users.call(&at, UserOp::Extras, call).await?;
    Ok(answer["reply"].clone())
}

pub async fn set_key_values<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    run(users, body, "set_key_values").await
}

pub async fn get_key_values<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    run(users, body, "get_key_values").await
}
