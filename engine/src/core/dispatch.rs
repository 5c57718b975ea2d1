//! Server frames in: each frame type handed to the part of the core that owns it.

use super::*;

impl ChatCore {
    /// A frame arrived from the server.
    pub fn on_frame(&mut self, text: &str) -> Vec<Action> {
        let frame: ServerFrame = match serde_json::from_str(text) {
            Ok(f) => f,
            // A frame we do not understand (a newer server): ignore it, keep the session.
            Err(_) => return vec![],
        };
        let mut out = vec![];
        match frame {
            ServerFrame::Login { .. } => {
                self.session.phase = Phase::Syncing;
                self.session.attempt = 0;
                if !self.session.ever_ready {
                    // After a reconnect, "connected" waits until the session is usable again.
                    out.push(emit(
                        event::NET_STATE_CHANGE,
                        json!({ "state": "connected" }),
                    ));
                }
                self.sync(&mut out);
                self.request_groups(&mut out);
                self.request_recent(&mut out);
            }
            ServerFrame::Pong {
                max_seq,
                server_time,
                ..
            } => {
                if server_time > 0 {
                    self.session.server_time = Some(server_time);
                }
                if max_seq > self.c2c.inbox.contiguous && self.session.phase == Phase::Ready {
                    self.sync(&mut out);
                }
                if self.session.phase == Phase::Ready {
                    self.request_groups(&mut out);
                }
            }
            ServerFrame::Error {
                req_id: None,
                code,
                message,
            } => {
                if self.session.phase == Phase::Connecting && self.session.ever_ready {
                    // A reconnect was refused (the UserSig expired, say): the session ends.
                    let why = ImError::Coded(code, message.clone());
                    self.end_session(&why, &mut out);
                    out.push(emit(
                        event::ERROR,
                        json!({ "code": code, "message": message }),
                    ));
                    out.push(emit(event::SDK_NOT_READY, json!({})));
                    out.push(Action::Close);
                } else if self.session.phase == Phase::Connecting {
                    self.session.phase = Phase::Idle;
                    self.session.me = None;
                    out.push(Action::Reject {
                        key: LOGIN_KEY.into(),
                        code,
                        message,
                    });
                    out.push(Action::Close);
                } else {
                    out.push(emit(
                        event::ERROR,
                        json!({ "code": code, "message": message }),
                    ));
                }
            }
            ServerFrame::Error {
                req_id: Some(r),
                code,
                message,
            } => match self.requests.pending.remove(&r) {
                Some(Pending::GroupPull { group }) => {
                    // Not readable any more (kicked, dismissed): the list update follows.
                    if let Some(e) = self.groups.entries.get_mut(&group) {
                        e.log.on_disconnect();
                    }
                }
                Some(Pending::GroupList) => {}
                Some(p @ (Pending::Sync | Pending::Conversations | Pending::SnsRefresh { .. })) => {
                    if matches!(p, Pending::Sync) {
                        self.c2c.inbox.on_disconnect(); // the next heartbeat pulls again
                    }
                    out.push(emit(
                        event::ERROR,
                        json!({ "code": code, "message": message }),
                    ));
                }
                Some(p) => {
                    if let Pending::Edit { id, .. } = &p {
                        self.c2c.editing.remove(id);
                    }
                    if let Some(key) = p.key() {
                        out.push(Action::Reject {
                            key: key.to_owned(),
                            code,
                            message,
                        });
                    }
                }
                None => {}
            },
            ServerFrame::Msg { message } => self.on_msg(message, &mut out),
            ServerFrame::Sync {
                req_id,
                messages,
                complete,
                max_seq,
            } => self.on_sync(req_id, messages, complete, max_seq, &mut out),
            ServerFrame::Ack { req_id, message } => self.on_ack(req_id, message, &mut out),
            ServerFrame::History {
                req_id,
                messages,
                complete,
            } => self.on_history(req_id, messages, complete, &mut out),
            ServerFrame::StatusList {
                req_id,
                list,
                failures,
            } => self.on_status_list(req_id, &list, &failures, &mut out),
            ServerFrame::UserStatus { status } => out.push(emit(
                event::USER_STATUS_UPDATED,
                status::views(std::slice::from_ref(&status)),
            )),
            ServerFrame::Done { req_id } => match self.requests.pending.remove(&req_id) {
                Some(Pending::Cleared { key, id }) => Self::on_cleared(key, id, &mut out),
                pending => {
                    if let Some(key) = pending.as_ref().and_then(Pending::key) {
                        out.push(Action::Resolve {
                            key: key.to_owned(),
                            data: json!({}),
                        });
                    }
                }
            },
            ServerFrame::Revoked { message } => {
                self.on_edited(message, event::MESSAGE_REVOKED, &mut out)
            }
            ServerFrame::Modified { message } => {
                self.on_edited(message, event::MESSAGE_MODIFIED, &mut out)
            }
            ServerFrame::Conversations {
                req_id,
                conversations,
            } => self.on_conversations(req_id, conversations, &mut out),
            ServerFrame::Conversation { conversation } => {
                self.on_conversation(conversation, &mut out)
            }
            ServerFrame::PeerRead { peer, time } => self.on_peer_read(&peer, time, &mut out),
            ServerFrame::ReceiptRead {
                peer,
                msg_keys,
                time,
            } => self.on_receipt_read(&peer, &msg_keys, time, &mut out),
            ServerFrame::SnsResult { req_id, result } => {
                self.on_sns_result(req_id, result, &mut out)
            }
            ServerFrame::SnsUpdate { what, user_id } => {
                self.on_sns_update(&what, user_id.as_deref(), &mut out)
            }
            ServerFrame::GroupResult { req_id, result } => {
                match self.requests.pending.remove(&req_id) {
                    Some(Pending::GroupHistory { key, group }) => {
                        self.on_group_history(key, &group, &result, &mut out)
                    }
                    Some(Pending::GroupRecall { key, message }) => {
                        self.on_group_recalled(key, *message, &result, &mut out)
                    }
                    Some(Pending::GroupAttrs { key, group }) => {
                        self.on_attr_result(key, &group, result, &mut out)
                    }
                    Some(Pending::GroupModify { key, message }) => {
                        if let Some(me) = self.session.me.clone() {
                            let view = crate::view::MessageView::of_group(&message, &me);
                            out.push(Action::Resolve {
                                key,
                                data: json!({ "message": view }),
                            });
                        }
                    }
                    Some(Pending::Hopping { key, hop }) => {
                        self.on_group_hop(key, hop, &result, &mut out)
                    }
                    Some(Pending::GroupPinned { key }) => {
                        self.on_pinned_list(key, &result, &mut out)
                    }
                    Some(Pending::Extras { key, ask }) => {
                        self.on_extras_result(key, ask, result, &mut out)
                    }
                    Some(p) => {
                        if let Some(key) = p.key() {
                            out.push(Action::Resolve {
                                key: key.to_owned(),
                                data: result,
                            });
                        }
                    }
                    None => {}
                }
            }
            ServerFrame::RecentResult {
                req_id,
                result,
                state,
            } => {
                if let Some(Pending::Recent { key, answer }) = self.requests.pending.remove(&req_id)
                {
                    self.on_recent_result(key, answer, &result, state, &mut out);
                }
            }
            ServerFrame::RecentUpdate { state } => self.set_recent(state, &mut out),
            ServerFrame::ExtrasResult { req_id, result } => {
                if let Some(Pending::Extras { key, ask }) = self.requests.pending.remove(&req_id) {
                    self.on_extras_result(key, ask, result, &mut out);
                }
            }
            ServerFrame::ExtrasChanged { notice } => {
                self.on_extras_notice(&notice, &mut out);
            }
            ServerFrame::GroupAck { req_id, message } => {
                if let Some(Pending::GroupSend { id }) = self.requests.pending.remove(&req_id) {
                    self.on_group_ack(id, message, &mut out);
                }
            }
            ServerFrame::GroupMsg { message } => {
                self.session.now = self.session.now.max(message.time);
                self.on_group_msg(message, &mut out)
            }
            ServerFrame::GroupRevoked { message } => {
                self.on_group_edited(message, event::MESSAGE_REVOKED, &mut out)
            }
            ServerFrame::GroupModified { message } => {
                self.on_group_edited(message, event::MESSAGE_MODIFIED, &mut out)
            }
            ServerFrame::GroupSync {
                req_id,
                group_id,
                messages,
                complete,
                max_seq,
                min_seq,
                topic_id,
            } => {
                self.requests.pending.remove(&req_id);
                let key = topic_id.unwrap_or(group_id);
                self.on_group_page(&key, messages, complete, max_seq, min_seq, &mut out);
            }
            ServerFrame::Groups { req_id, groups } => {
                self.requests.pending.remove(&req_id);
                self.on_groups(groups, &mut out);
            }
            ServerFrame::GroupNotice { notice } => {
                let now = self.session.now;
                self.on_group_notice(notice, now, &mut out)
            }
            ServerFrame::GroupUpdate { group_id, group } => {
                self.on_group_update(group_id, group, &mut out)
            }
            ServerFrame::Kicked { reason, .. } => {
                let why = ImError::Coded(code::NOT_READY, format!("kicked out: {reason}"));
                self.end_session(&why, &mut out);
                out.push(emit(event::KICKED_OUT, json!({ "type": reason })));
            }
        }
        out
    }
}
