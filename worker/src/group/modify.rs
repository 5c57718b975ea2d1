//! `modify_group_msg`: a stored group message's body and/or custom data changed (by the app
//! admin, or its sender); every member gets the new copy as MESSAGE_MODIFIED. Not in AVChatRoom,
//! which stores nothing.

use super::rules::{code, Caller, Effects, Group};
use super::service::reply;
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::GroupType;
use edgechat_proto::message::{validate_body, MsgElem};
use edgechat_proto::ImError;
use serde_json::json;

impl<S: GroupStore> Group<'_, S> {
    /// Message `seq` of `log` ("" the group's own, else a topic) gets `body` and/or `ccd`; a
    /// field not given keeps its value. Nothing is stored unless the result is valid.
    pub fn modify_message(
        &mut self,
        caller: &Caller,
        log: &str,
        seq: u64,
        body: Option<Vec<MsgElem>>,
        ccd: Option<String>,
    ) -> Result<Effects, ImError> {
        if self.ty() == GroupType::AvChatRoom {
            return Err(code(
                codes::NO_PERMISSION,
                "an AVChatRoom stores no messages to modify",
            ));
        }
        if !log.is_empty() {
            self.topic(log)?;
        }
        if body.is_none() && ccd.is_none() {
            return Err(code(
                codes::INVALID_PARAMETER,
                "give MsgBody, CloudCustomData or both: the fields to change",
            ));
        }
        let mut m = (self.store.log_range(log, seq, seq)?.into_iter().next())
            .filter(|_| seq > 0)
            .ok_or_else(|| {
                code(
                    codes::INVALID_PARAMETER,
                    format!("MsgSeq {seq}: no stored message"),
                )
            })?;
        let own = caller.user.as_ref().is_some_and(|u| u.as_str() == m.from);
        if !caller.app_admin && !own {
            return Err(code(
                codes::NO_PERMISSION,
                "only the app admin or the sender modifies a group message",
            ));
        }
        if m.recalled {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("message {seq} was recalled and cannot be modified"),
            ));
        }
        let body = body.unwrap_or_else(|| m.msg_body.clone());
        let ccd = ccd.unwrap_or_else(|| m.cloud_custom_data.clone());
        validate_body(&body, &ccd).map_err(|e| match e {
            ImError::MessageTooLong { .. } => code(codes::GROUP_MESSAGE_TOO_LONG, e.to_string()),
            other => code(codes::INVALID_PARAMETER, other.to_string()),
        })?;
        m.msg_body = body;
        m.cloud_custom_data = ccd;
        self.store.log_replace(log, &m)?;
        Ok(Effects {
            modified: vec![m],
            ..reply(json!({}))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::group::memory::MemoryGroup;
    use crate::group::rules::{Caller, Group};
    use crate::group::store::GroupStore;
    use crate::group::tests::{make, send, uid};
    use edgechat_proto::codes;
    use edgechat_proto::group::GroupType;
    use edgechat_proto::message::MsgElem;

    #[test]
    fn the_admin_or_the_sender_changes_a_message_and_members_get_it() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["a"]);
        let mut g = Group::load(&store, "g1").expect("load");
        send(&mut g, "a", 1, 100).expect("sent");
        let admin = Caller {
            user: None,
            app_admin: true,
        };
        let fx = g
            .modify_message(&admin, "", 1, Some(vec![MsgElem::text("edited")]), None)
            .expect("modified");
        assert_eq!(fx.modified[0].msg_body, vec![MsgElem::text("edited")]);
        let fx = g
            .modify_message(&Caller::user(uid("a")), "", 1, None, Some("ccd".into()))
            .expect("the sender");
        assert_eq!(
            fx.modified[0].msg_body,
            vec![MsgElem::text("edited")],
            "kept"
        );
        let code =
            |r: Result<_, edgechat_proto::ImError>| r.map(|_| ()).expect_err("refused").code();
        let owner = Caller::user(uid("owner"));
        assert_eq!(
            code(g.modify_message(&owner, "", 1, None, Some("x".into()))),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.modify_message(&admin, "", 1, None, None)),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code(g.modify_message(&admin, "", 9, None, Some("x".into()))),
            codes::INVALID_PARAMETER
        );
        let big = vec![MsgElem::text(&"x".repeat(13_000))];
        assert_eq!(
            code(g.modify_message(&admin, "", 1, Some(big), None)),
            codes::GROUP_MESSAGE_TOO_LONG
        );
        let held = store.range(1, 1).expect("range");
        assert_eq!(
            held[0].cloud_custom_data, "ccd",
            "the refusals stored nothing"
        );
    }
}
