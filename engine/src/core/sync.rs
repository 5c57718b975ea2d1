//! Arriving messages: the login sync, pushes applied only when contiguous (a gap is pulled
//! first), acks of this device's sends, and the events they raise.

use super::seq_log::Step;
use super::{emit, event, Action, ChatCore, Pending, Phase, LOGIN_KEY};
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::message::StoredMessage;
use serde_json::json;

impl ChatCore {
    /// Pulls the inbox from the last contiguous seq (once at a time).
    pub(super) fn sync(&mut self, out: &mut Vec<Action>) {
        if let Some(since) = self.c2c.inbox.pull() {
            out.push(self.request(|req_id| ClientFrame::Sync { req_id, since }, Pending::Sync));
        }
    }

    /// Sends the pull a step asks for (none while connecting: the login's own sync pulls);
    /// returns the messages new to this device.
    fn pulled(&mut self, step: Step<StoredMessage>, out: &mut Vec<Action>) -> Vec<StoredMessage> {
        if let Some(since) = step.pull_since {
            if self.session.phase == Phase::Connecting {
                self.c2c.inbox.on_disconnect();
            } else {
                out.push(self.request(|req_id| ClientFrame::Sync { req_id, since }, Pending::Sync));
            }
        }
        step.applied
    }

    pub(super) fn on_sync(
        &mut self,
        req_id: u64,
        messages: Vec<StoredMessage>,
        complete: bool,
        max_seq: u64,
        out: &mut Vec<Action>,
    ) {
        if !matches!(self.requests.pending.remove(&req_id), Some(Pending::Sync)) {
            return;
        }
        // The page is everything the server holds past `since` up to its end: missing SEQs
        // have expired.
        let step = self.c2c.inbox.on_page(messages, complete, max_seq, 0);
        let more = step.pull_since.is_some();
        let fresh = self.pulled(step, out);
        if !more && self.session.phase == Phase::Syncing {
            // The inbox is in: fetch the recent-contact list, then report ready.
            out.push(self.request(
                |req_id| ClientFrame::Conversations { req_id },
                Pending::Conversations,
            ));
        }
        self.arrived(fresh, out);
    }

    /// Finishes the login once the conversation list is in.
    pub(super) fn became_ready(&mut self, out: &mut Vec<Action>) {
        self.session.phase = super::Phase::Ready;
        self.session.ever_ready = true;
        out.push(Action::Resolve {
            key: LOGIN_KEY.into(),
            data: json!({ "repeatLogin": false }),
        });
        out.push(emit(event::SDK_READY, json!({})));
    }

    pub(super) fn on_msg(&mut self, message: StoredMessage, out: &mut Vec<Action>) {
        if message.seq == 0 {
            // Online-only (typing and the like): shown once, never stored.
            if let Some(v) = self.view(&message) {
                out.push(emit(event::MESSAGE_RECEIVED, json!([v])));
            }
            return;
        }
        let fresh = self.receive(message, out);
        self.arrived(fresh, out);
    }

    pub(super) fn on_ack(&mut self, req_id: u64, message: StoredMessage, out: &mut Vec<Action>) {
        match self.requests.pending.remove(&req_id) {
            Some(Pending::Send { id }) => {
                self.outbox.messages.remove(&id);
                let fresh = self.receive(message.clone(), out);
                if fresh.iter().any(|m| m.seq == message.seq) {
                    self.note_in_conversation(&message, out);
                }
                if let Some(v) = self.view(&message) {
                    out.push(Action::Resolve {
                        key: id,
                        data: json!({ "message": v }),
                    });
                }
            }
            Some(Pending::Edit { key, id }) => {
                self.c2c.editing.remove(&id);
                self.c2c.inbox.store.insert(message.seq, message.clone());
                // My own list shows the edit (a recall's "[Recalled]") like the peer's does.
                if let Some(me) = self.session.me.clone() {
                    let peer = message.peer_of(&me).to_string();
                    let last = self.c2c.conversations.get_mut(&peer).filter(|c| {
                        c.last_message
                            .as_ref()
                            .is_some_and(|m| m.seq == message.seq)
                    });
                    if let Some(c) = last {
                        c.last_message = Some(message.clone());
                        self.conversations_changed(out);
                    }
                }
                if let Some(v) = self.view(&message) {
                    out.push(Action::Resolve {
                        key,
                        data: json!({ "message": v }),
                    });
                }
            }
            _ => {}
        }
    }

    /// Applies a pushed or acknowledged message in seq order; returns the messages new to this
    /// device. A gap triggers a sync.
    pub(super) fn receive(
        &mut self,
        message: StoredMessage,
        out: &mut Vec<Action>,
    ) -> Vec<StoredMessage> {
        let step = self.c2c.inbox.on_push(message);
        self.pulled(step, out)
    }

    /// Raises events for messages new to this device (none before the login completes: the
    /// conversation list fetched then already counts them).
    fn arrived(&mut self, fresh: Vec<StoredMessage>, out: &mut Vec<Action>) {
        let visible: Vec<StoredMessage> = fresh.into_iter().filter(|m| !m.deleted).collect();
        if visible.is_empty() {
            return;
        }
        if self.session.phase == Phase::Ready {
            for m in &visible {
                self.note_in_conversation(m, out);
            }
        } else {
            self.c2c.backlog.extend(visible.iter().cloned());
            return;
        }
        out.push(emit(event::MESSAGE_RECEIVED, self.views(&visible)));
    }
}
