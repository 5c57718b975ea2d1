//! Which command a REST API path runs: the dispatch of the HTTP adapter, pure over the user and
//! group objects it is given (Durable Objects in the worker, in-memory ones in the fuzzer).

use super::group::Groups;
use super::users::Users;
use super::{c2c, group, login_svc, openim, recent, sns};
use edgechat_proto::ImError;
use serde_json::Value;

/// Runs `api` with `body` as app admin `admin` at unix time `now`; `custom` names the
/// profile's custom fields.
pub async fn dispatch<U: Users, G: Groups>(
    users: &U,
    groups: &G,
    api: &str,
    body: &Value,
    admin: &str,
    now: u64,
    custom: &[String],
) -> Result<Value, ImError> {
    match api {
        "openim/sendmsg" => c2c::sendmsg(users, body, admin).await,
        "openim/batchsendmsg" => c2c::batchsendmsg(users, body, admin).await,
        "openim/importmsg" => c2c::importmsg(users, body, now).await,
        "openim/admin_getroammsg" => c2c::admin_getroammsg(users, body).await,
        "openim/admin_msgwithdraw" => c2c::admin_msgwithdraw(users, body).await,
        "openim/modify_c2c_msg" => c2c::modify_c2c_msg(users, body).await,
        "openim/admin_set_msg_read" => c2c::admin_set_msg_read(users, body).await,
        "openim/get_c2c_unread_msg_num" => c2c::get_c2c_unread_msg_num(users, body).await,
        "openim_msg_ext_http_svc/set_key_values" => c2c::set_key_values(users, body).await,
        "openim_msg_ext_http_svc/get_key_values" => c2c::get_key_values(users, body).await,
        "im_open_login_svc/account_import" => login_svc::account_import(users, body).await,
        "im_open_login_svc/multiaccount_import" => {
            login_svc::multiaccount_import(users, body).await
        }
        "im_open_login_svc/account_delete" => login_svc::account_delete(users, body).await,
        "im_open_login_svc/account_check" => login_svc::account_check(users, body).await,
        "im_open_login_svc/kick" => login_svc::kick(users, body).await,
        "openim/query_online_status" => openim::query_online_status(users, body).await,
        _ if sns::handles(api) => sns::run(users, api, body, custom).await,
        _ if recent::handles(api) => recent::run(users, api, body).await,
        // Tencent files it under openim/; it runs on the group's object like the others.
        "openim/modify_group_msg" => {
            group::run(groups, "group_open_http_svc/modify_group_msg", body).await
        }
        _ if group::handles(api) => group::run(groups, api, body).await,
        _ => Err(ImError::UnknownCommand(format!("/v4/{api}"))),
    }
}
