//! Errors as data: every variant carries the Tencent Cloud IM error code it maps to.

use thiserror::Error;

/// An error the product reports to a client or an app server, with Tencent's code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImError {
    #[error("UserSig expired")]
    UserSigExpired,
    #[error("UserSig malformed: {0}")]
    UserSigMalformed(String),
    #[error("UserSig signature does not match (wrong secret key?)")]
    SignatureMismatch,
    #[error("UserSig was issued for user {signed:?}, not {claimed:?}")]
    UserIdMismatch { signed: String, claimed: String },
    #[error("UserSig was issued for SDKAppID {signed}, not {expected}")]
    SdkAppIdMismatch { signed: u64, expected: u64 },
    #[error("Err_TLS_PT_Open_Login_Account_Not_Exist: account {0:?} is not imported")]
    AccountNotImported(String),
    #[error("HTTP request could not be parsed: {0}")]
    HttpParse(String),
    #[error("JSON could not be parsed: {0}")]
    JsonParse(String),
    #[error("this operation requires an app admin account")]
    AdminRequired,
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// A list in an account command holds more (or fewer) entries than allowed.
    #[error("invalid batch quantity: {0}")]
    BatchQuantity(String),
    /// `query_online_status` with more than 500 accounts.
    #[error("too many accounts to query: {0}")]
    TooManyStatusQueries(String),
    /// A bad parameter of an account command (`im_open_login_svc`).
    #[error("invalid parameter: {0}")]
    AccountParameter(String),
    #[error("no permission: {0}")]
    NoPermission(String),
    #[error("invalid or unimported account: {0}")]
    InvalidAccount(String),
    #[error("message too long: {len} bytes, at most {max}")]
    MessageTooLong { len: usize, max: usize },
    #[error("the receiver has blocked the sender")]
    Blocked,
    #[error("only friends may send each other messages in this app")]
    NotFriends,
    #[error("message not found: {0}")]
    MessageNotFound(String),
    #[error("the message has already been recalled")]
    AlreadyRecalled,
    #[error("the recall window ({0} s after sending) has passed")]
    RecallTooLate(u64),
    #[error("no such REST command: {0}")]
    UnknownCommand(String),
    #[error("too many calls per second to {0}; try again later")]
    RateLimited(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// An error with a code decided elsewhere: the engine's own codes, or a code carried
    /// back from another object.
    #[error("{1}")]
    Coded(u32, String),
}

impl ImError {
    /// Tencent Cloud IM's numeric error code for this error.
    pub fn code(&self) -> u32 {
        match self {
            ImError::UserSigExpired => 70001,
            ImError::UserSigMalformed(_) => 70003,
            ImError::SignatureMismatch => 70009,
            ImError::UserIdMismatch { .. } => 70013,
            ImError::SdkAppIdMismatch { .. } => 70014,
            ImError::AccountNotImported(_) => 70107,
            ImError::HttpParse(_) => 60002,
            ImError::JsonParse(_) => 60003,
            ImError::AdminRequired => 60010,
            ImError::InvalidParameter(_) => 10004,
            ImError::AccountParameter(_) => crate::codes::ACCOUNT_INVALID_PARAMETER,
            ImError::BatchQuantity(_) => 70206,
            ImError::TooManyStatusQueries(_) => 90011,
            ImError::NoPermission(_) => 10007,
            ImError::InvalidAccount(_) => 20003,
            ImError::MessageTooLong { .. } => 80002,
            ImError::Blocked => 20007,
            ImError::NotFriends => 20009,
            ImError::MessageNotFound(_) => 20022,
            ImError::AlreadyRecalled => 20023,
            ImError::RecallTooLate(_) => 20016,
            ImError::UnknownCommand(_) => 60009,
            ImError::RateLimited(_) => 60007,
            ImError::Internal(_) => 90000,
            ImError::Coded(code, _) => *code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_tencent() {
        assert_eq!(ImError::UserSigExpired.code(), 70001);
        assert_eq!(ImError::UserSigMalformed(String::new()).code(), 70003);
        assert_eq!(ImError::SignatureMismatch.code(), 70009);
        assert_eq!(ImError::JsonParse("x".into()).code(), 60003);
        assert_eq!(ImError::MessageTooLong { len: 1, max: 0 }.code(), 80002);
        assert!(ImError::InvalidParameter("To_Account".into())
            .to_string()
            .contains("To_Account"));
    }
}
