//! The client socket's requests: each frame becomes one call on the user's object and one
//! reply frame.

use super::groups::GroupSend;
use super::messages::SendRequest;
use super::UserDo;
use crate::inbox::{history_page, hopping_page, sync_page, InboxStore};
use crate::session::Session;
use edgechat_proto::frame::{ClientFrame, ServerFrame};
use edgechat_proto::limits::HISTORY_PAGE_MAX;
use edgechat_proto::{ImError, UserId};

impl UserDo {
    /// The reply to one client frame.
    pub(super) async fn answer(&self, me: &Session, frame: ClientFrame) -> ServerFrame {
        let req_id = frame.req_id();
        self.answer_or_fail(me, frame)
            .await
            .unwrap_or_else(|e| ServerFrame::error(Some(req_id), &e))
    }

    async fn answer_or_fail(
        &self,
        me: &Session,
        frame: ClientFrame,
    ) -> Result<ServerFrame, ImError> {
        let user = UserId::parse(&me.user)?;
        Ok(match frame {
            ClientFrame::Ping { req_id } => ServerFrame::Pong {
                req_id,
                max_seq: self.inbox()?.max_seq()?,
                server_time: crate::edge::platform::now_secs(),
            },
            ClientFrame::Send {
                req_id,
                to,
                random,
                msg_body,
                cloud_custom_data,
                offline_push_info,
                online_only,
                need_read_receipt,
            } => {
                let to = UserId::parse(&to)
                    .map_err(|e| ImError::InvalidParameter(format!("To_Account: {e}")))?;
                let request = SendRequest {
                    from: user,
                    to,
                    random,
                    msg_body,
                    cloud_custom_data,
                    offline_push_info,
                    online_only,
                    keep_copy: true,
                    msg_seq: None,
                    time: None,
                    by_admin: false,
                    no_unread: false,
                    no_last_msg: false,
                    except_sid: Some(me.sid.clone()),
                    need_read_receipt,
                    callback_platform: Some(crate::callback::opt_platform(&me.platform).to_owned()),
                    before_callback: true,
                    after_callback: true,
                };
                ServerFrame::Ack {
                    req_id,
                    message: self.send(request).await?,
                }
            }
            ClientFrame::Sync { req_id, since } => {
                let (messages, complete, max_seq) = sync_page(self.inbox()?, since)?;
                ServerFrame::Sync {
                    req_id,
                    messages,
                    complete,
                    max_seq,
                }
            }
            ClientFrame::History {
                req_id,
                peer,
                before_seq,
                count,
                time,
                newer,
            } => {
                let peer = UserId::parse(&peer)?;
                let count =
                    (count.unwrap_or(HISTORY_PAGE_MAX as u32) as usize).clamp(1, HISTORY_PAGE_MAX);
                let (messages, complete) = match time {
                    Some(t) => hopping_page(self.inbox()?, &peer, t, newer, count)?,
                    None => history_page(self.inbox()?, &peer, before_seq, count)?,
                };
                ServerFrame::History {
                    req_id,
                    messages,
                    complete,
                }
            }
            ClientFrame::SubscribeStatus {
                req_id,
                user_id_list: users,
            } => self.status_list(me, req_id, &users, true).await?,
            ClientFrame::UnsubscribeStatus {
                req_id,
                user_id_list: users,
            } => self.status_list(me, req_id, &users, false).await?,
            ClientFrame::QueryStatus {
                req_id,
                user_id_list: users,
            } => self.query_status(req_id, &users).await?,
            ClientFrame::SetSelfStatus {
                req_id,
                custom_status,
            } => {
                self.set_self_status(&me.user, &custom_status).await?;
                ServerFrame::Done { req_id }
            }
            ClientFrame::Recall {
                req_id,
                peer,
                msg_key,
            } => ServerFrame::Ack {
                req_id,
                message: self.recall(&user, &peer, &msg_key, Some(&user)).await?,
            },
            ClientFrame::Modify {
                req_id,
                peer,
                msg_key,
                msg_body,
                cloud_custom_data,
            } => {
                let message = self
                    .modify(&user, &peer, &msg_key, msg_body, cloud_custom_data)
                    .await?;
                ServerFrame::Ack { req_id, message }
            }
            ClientFrame::Read { req_id, peer } => {
                self.read(&user, &peer, None).await?;
                ServerFrame::Done { req_id }
            }
            ClientFrame::Delete {
                req_id,
                peer,
                msg_keys,
            } => {
                self.delete(&peer, &msg_keys, Some(&me.sid))?;
                ServerFrame::Done { req_id }
            }
            ClientFrame::Conversations { req_id } => ServerFrame::Conversations {
                req_id,
                conversations: self.conversations()?,
            },
            ClientFrame::Sns { req_id, op, body } => {
                let result = self.sns_command(&user, &op, &body, false).await?;
                ServerFrame::SnsResult { req_id, result }
            }
            ClientFrame::Group {
                req_id,
                op,
                group_id,
                body,
            } => ServerFrame::GroupResult {
                req_id,
                result: self.group_command(&user, &op, group_id, body).await?,
            },
            ClientFrame::GroupSend {
                req_id,
                group_id,
                random,
                msg_body,
                cloud_custom_data,
                priority,
                at_list,
                online_only,
                topic_id,
                need_read_receipt,
            } => {
                let send = GroupSend {
                    need_read_receipt,
                    topic_id,
                    group_id,
                    random,
                    msg_body,
                    cloud_custom_data,
                    priority,
                    at_list,
                    online_only,
                };
                ServerFrame::GroupAck {
                    req_id,
                    message: self.group_send(&user, send).await?,
                }
            }
            ClientFrame::GroupSync {
                req_id,
                group_id,
                since,
                topic_id,
            } => {
                let mut body = serde_json::json!({ "GroupId": group_id, "since": since });
                if let Some(t) = &topic_id {
                    body["TopicId"] = serde_json::json!(t);
                }
                let cleared = match topic_id {
                    Some(_) => 0,
                    None => self.group_cleared(&group_id)?,
                };
                let mut page = self.group_call(&user, "sync", body).await?;
                super::groups::hide_cleared(&mut page, cleared, false);
                let parse = |v: &serde_json::Value| {
                    serde_json::from_value(v.clone())
                        .map_err(|e| ImError::Internal(format!("group sync page: {e}")))
                };
                ServerFrame::GroupSync {
                    req_id,
                    group_id,
                    messages: parse(&page["messages"])?,
                    complete: page["complete"].as_bool().unwrap_or(true),
                    max_seq: page["maxSeq"].as_u64().unwrap_or(0),
                    min_seq: page["minSeq"].as_u64().unwrap_or(1).max(cleared + 1),
                    topic_id,
                }
            }
            ClientFrame::Groups { req_id } => ServerFrame::Groups {
                req_id,
                groups: self.joined_groups_now(&user).await?,
            },
            ClientFrame::GroupRead {
                req_id,
                group_id,
                seq,
            } => {
                self.group_read(&user, &group_id, seq).await?;
                ServerFrame::Done { req_id }
            }
            ClientFrame::Recent { req_id, op, body } => {
                let (result, state) = self.recent_command(&op, &body, Some(&me.sid))?;
                ServerFrame::RecentResult {
                    req_id,
                    result,
                    state,
                }
            }
            ClientFrame::Receipt {
                req_id,
                peer,
                msg_keys,
            } => {
                self.send_receipts(&user, &peer, &msg_keys).await?;
                ServerFrame::Done { req_id }
            }
            ClientFrame::ClearHistory {
                req_id,
                conversation_id,
            } => {
                self.clear_conversation(&user, &conversation_id, &me.sid)
                    .await?;
                ServerFrame::Done { req_id }
            }
            ClientFrame::Extras {
                req_id,
                peer,
                op,
                body,
            } => ServerFrame::ExtrasResult {
                req_id,
                result: self.extras_command(&user, &peer, &op, body).await?,
            },
            ClientFrame::DeleteConversation { req_id, peer } => {
                self.delete_conversation(&peer)?;
                ServerFrame::Done { req_id }
            }
        })
    }
}
