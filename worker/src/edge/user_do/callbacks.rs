//! The user object's callbacks to the app's back end: `C2C.CallbackBeforeSendMsg` before a
//! one-to-one message is delivered (`callback::before_send` decides from the answer).

use super::{now_secs, UserDo};
use crate::callback::before_send::{body, verdict, Verdict};
use crate::callback::{BEFORE_TIMEOUT_MS, C2C_BEFORE_SEND};
use edgechat_proto::message::StoredMessage;

impl UserDo {
    /// What the app decides about `msg`; with callbacks off, or no answer in time, it goes
    /// through unchanged. Other requests to this object are served while it waits.
    pub(super) async fn before_send(
        &self,
        msg: &StoredMessage,
        online_only: bool,
        platform: &str,
    ) -> Verdict {
        let Ok(config) = self.config() else {
            return Verdict::UNCHANGED;
        };
        let Some(callback) = config
            .callback
            .as_ref()
            .filter(|c| c.enabled(C2C_BEFORE_SEND))
        else {
            return Verdict::UNCHANGED;
        };
        let request = body(msg, online_only, now_secs().saturating_mul(1000));
        match crate::edge::callback::post(
            callback,
            config.sdkappid,
            C2C_BEFORE_SEND,
            platform,
            &request,
            BEFORE_TIMEOUT_MS,
        )
        .await
        {
            Some((_, answer)) => verdict(&answer),
            None => Verdict::UNCHANGED,
        }
    }
}
