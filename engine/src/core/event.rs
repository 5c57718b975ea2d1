//! The `@tencentcloud/chat` event names the engine emits, as one list: the constants the core
//! uses and the npm package's `EVENT` object (through `wasm.rs`'s `eventNames`) are both made
//! from it, so a name is written once.

/// Declares each event as a constant and lists them all in `ALL`.
macro_rules! events {
    ($($(#[$doc:meta])* $key:ident = $name:literal,)*) => {
        $($(#[$doc])* pub const $key: &str = $name;)*
        /// Every event as (its key in `EVENT`, the name emitted), in this list's order.
        pub const ALL: &[(&str, &str)] = &[$((stringify!($key), $name)),*];
    };
}

events! {
    /// Logged in and synced: the API is usable.
    SDK_READY = "sdkStateReady",
    /// Logged out or the session ended.
    SDK_NOT_READY = "sdkStateNotReady",
    MESSAGE_RECEIVED = "onMessageReceived",
    MESSAGE_REVOKED = "onMessageRevoked",
    MESSAGE_MODIFIED = "onMessageModified",
    MESSAGE_READ_BY_PEER = "onMessageReadByPeer",
    CONVERSATION_LIST_UPDATED = "onConversationListUpdated",
    TOTAL_UNREAD_MESSAGE_COUNT_UPDATED = "onTotalUnreadMessageCountUpdated",
    /// Another login (or the REST API) ended this session.
    KICKED_OUT = "kickedOut",
    ERROR = "error",
    NET_STATE_CHANGE = "netStateChange",
    USER_STATUS_UPDATED = "onUserStatusUpdated",
    PROFILE_UPDATED = "onProfileUpdated",
    FRIEND_LIST_UPDATED = "onFriendListUpdated",
    FRIEND_APPLICATION_LIST_UPDATED = "onFriendApplicationListUpdated",
    FRIEND_GROUP_LIST_UPDATED = "onFriendGroupListUpdated",
    BLACKLIST_UPDATED = "blacklistUpdated",
    GROUP_LIST_UPDATED = "onGroupListUpdated",
    /// A group's attributes changed: `{groupID, groupAttributes}`, every attribute.
    GROUP_ATTRIBUTES_UPDATED = "groupAttributesUpdated",
    /// One of a group's counters changed: `{groupID, key, value}`.
    GROUP_COUNTER_UPDATED = "onGroupCounterUpdated",
    /// The instance was destroyed (`destroy`).
    SDK_DESTROY = "sdkDestroy",
    // The rest of `@tencentcloud/chat` 3.6.6's events: declared so apps can listen; the
    // families that raise them are not built yet (engine/npm/README.md says which).
    ROOM_CUSTOM_DATA_RECEIVED = "onRoomCustomDataReceived",
    MESSAGE_READ_RECEIPT_RECEIVED = "onMessageReadReceiptReceived",
    MESSAGE_EXTENSIONS_UPDATED = "onMessageExtensionsUpdated",
    MESSAGE_EXTENSIONS_DELETED = "onMessageExtensionsDeleted",
    MESSAGE_REACTIONS_UPDATED = "onMessageReactionsUpdated",
    CONVERSATION_GROUP_LIST_UPDATED = "onConversationGroupListUpdated",
    CONVERSATION_IN_GROUP_UPDATED = "onConversationInGroupUpdated",
    TOPIC_CREATED = "onTopicCreated",
    TOPIC_DELETED = "onTopicDeleted",
    TOPIC_UPDATED = "onTopicUpdated",
    MY_FOLLOWERS_LIST_UPDATED = "onMyFollowersListUpdated",
    MY_FOLLOWING_LIST_UPDATED = "onMyFollowingListUpdated",
    MUTUAL_FOLLOWERS_LIST_UPDATED = "onMutualFollowersListUpdated",
    ALL_RECEIVE_MESSAGE_OPT_UPDATED = "onAllReceiveMessageOptUpdated",
    SERVER_CONFIG_UPDATED = "onServerConfigUpdated",
    PINNED_GROUP_MESSAGE_UPDATED = "onPinnedGroupMessageUpdated",
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn keys_and_names_are_unique_and_the_constants_come_from_the_list() {
        let keys: BTreeSet<&str> = ALL.iter().map(|(k, _)| *k).collect();
        let names: BTreeSet<&str> = ALL.iter().map(|(_, n)| *n).collect();
        assert_eq!((keys.len(), names.len()), (ALL.len(), ALL.len()));
        assert!(ALL.contains(&("MESSAGE_RECEIVED", MESSAGE_RECEIVED)));
        assert!(ALL.contains(&("GROUP_LIST_UPDATED", "onGroupListUpdated")));
    }
}
