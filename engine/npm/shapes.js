// How the server's REST-shaped answers look as `@tencentcloud/chat` objects: every shaping of
// values between the two lives here, so index.js only moves values between the app, the
// engine and the socket.

/** `@tencentcloud/chat`'s `TYPES`: the SDK's names for conversation, group, profile and relationship values. */
export const TYPES = Object.freeze({
  CONV_C2C: 'C2C',
  CONV_GROUP: 'GROUP',
  CONV_SYSTEM: '@TIM#SYSTEM',
  GRP_WORK: 'Private',
  GRP_PUBLIC: 'Public',
  GRP_MEETING: 'ChatRoom',
  GRP_AVCHATROOM: 'AVChatRoom',
  GRP_COMMUNITY: 'Community',
  GRP_MBR_ROLE_OWNER: 'Owner',
  GRP_MBR_ROLE_ADMIN: 'Admin',
  GRP_MBR_ROLE_MEMBER: 'Member',
  JOIN_OPTIONS_FREE_ACCESS: 'FreeAccess',
  JOIN_OPTIONS_NEED_PERMISSION: 'NeedPermission',
  JOIN_OPTIONS_DISABLE_APPLY: 'DisableApply',
  JOIN_STATUS_SUCCESS: 'JoinedSuccess',
  JOIN_STATUS_ALREADY_IN_GROUP: 'AlreadyInGroup',
  JOIN_STATUS_WAIT_APPROVAL: 'WaitAdminApproval',
  MSG_AT_ALL: '__kImSDK_MesssageAtALL__',
  MSG_GRP_TIP: 'TIMGroupTipElem',
  MSG_GRP_SYS_NOTICE: 'TIMGroupSystemNoticeElem',
  GRP_TIP_MBR_JOIN: 1,
  GRP_TIP_MBR_QUIT: 2,
  GRP_TIP_MBR_KICKED_OUT: 3,
  GRP_TIP_MBR_SET_ADMIN: 4,
  GRP_TIP_MBR_CANCELED_ADMIN: 5,
  GRP_TIP_GRP_PROFILE_UPDATED: 6,
  GRP_TIP_MBR_PROFILE_UPDATED: 7,
  MSG_REMIND_ACPT_AND_NOTE: 'AcceptAndNotify',
  MSG_REMIND_ACPT_NOT_NOTE: 'AcceptNotNotify',
  MSG_REMIND_DISCARD: 'Discard',
  MSG_PRIORITY_HIGH: 'High',
  MSG_PRIORITY_NORMAL: 'Normal',
  MSG_PRIORITY_LOW: 'Low',
  MSG_PRIORITY_LOWEST: 'Lowest',
  MSG_TEXT: 'TIMTextElem',
  MSG_IMAGE: 'TIMImageElem',
  MSG_SOUND: 'TIMSoundElem',
  MSG_FILE: 'TIMFileElem',
  MSG_VIDEO: 'TIMVideoFileElem',
  MSG_FACE: 'TIMFaceElem',
  MSG_LOCATION: 'TIMLocationElem',
  MSG_CUSTOM: 'TIMCustomElem',
  MSG_MERGER: 'TIMRelayElem',
  MSG_STATUS_UNSEND: 'unSend',
  MSG_STATUS_SUCCESS: 'success',
  MSG_STATUS_FAIL: 'fail',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
  USER_STATUS_UNKNOWN: 0,
  USER_STATUS_ONLINE: 1,
  USER_STATUS_OFFLINE: 2,
  USER_STATUS_UNLOGINED: 3,
  GENDER_UNKNOWN: 'Gender_Type_Unknown',
  GENDER_FEMALE: 'Gender_Type_Female',
  GENDER_MALE: 'Gender_Type_Male',
  ALLOW_TYPE_ALLOW_ANY: 'AllowType_Type_AllowAny',
  ALLOW_TYPE_NEED_CONFIRM: 'AllowType_Type_NeedConfirm',
  ALLOW_TYPE_DENY_ANY: 'AllowType_Type_DenyAny',
  FORBID_TYPE_NONE: 'AdminForbid_Type_None',
  FORBID_TYPE_SEND_OUT: 'AdminForbid_Type_SendOut',
  SNS_ADD_TYPE_SINGLE: 'Add_Type_Single',
  SNS_ADD_TYPE_BOTH: 'Add_Type_Both',
  SNS_DELETE_TYPE_SINGLE: 'Delete_Type_Single',
  SNS_DELETE_TYPE_BOTH: 'Delete_Type_Both',
  SNS_APPLICATION_TYPE_BOTH: 'Pendency_Type_Both',
  SNS_APPLICATION_SENT_TO_ME: 'Pendency_Type_ComeIn',
  SNS_APPLICATION_SENT_BY_ME: 'Pendency_Type_SendOut',
  SNS_APPLICATION_AGREE: 'Response_Action_Agree',
  SNS_APPLICATION_AGREE_AND_ADD: 'Response_Action_AgreeAndAdd',
  SNS_CHECK_TYPE_BOTH: 'CheckResult_Type_Both',
  SNS_CHECK_TYPE_SINGLE: 'CheckResult_Type_Single',
  SNS_TYPE_NO_RELATION: 'CheckResult_Type_NoRelation',
  SNS_TYPE_A_WITH_B: 'CheckResult_Type_AWithB',
  SNS_TYPE_B_WITH_A: 'CheckResult_Type_BWithA',
  SNS_TYPE_BOTH_WAY: 'CheckResult_Type_BothWay',
  // The rest of @tencentcloud/chat 3.6.6's TYPES, with its values (aliases included).
  MSG_AUDIO: 'TIMSoundElem',
  MSG_GEO: 'TIMLocationElem',
  CONV_TOPIC: 'TOPIC',
  CONV_AT_ME: 1,
  CONV_AT_ALL: 2,
  CONV_AT_ALL_AT_ME: 3,
  CONV_MARK_TYPE_STAR: 1,
  CONV_MARK_TYPE_UNREAD: 2,
  CONV_MARK_TYPE_FOLD: 4,
  CONV_MARK_TYPE_HIDE: 8,
  GRP_PRIVATE: 'Private',
  GRP_CHATROOM: 'ChatRoom',
  GRP_ROOM: 'Room',
  GRP_LIVE: 'Live',
  GRP_MBR_ROLE_CUSTOM: 'Custom',
  GRP_TIP_BAN_AVCHATROOM_MEMBER: 10,
  GRP_TIP_UNBAN_AVCHATROOM_MEMBER: 11,
  RECEIVE_WITH_OFFLINE_PUSH_EXCEPT_AT: 'AcceptNotNotifyExceptAt',
  NOT_RECEIVE_OFFLINE_PUSH_EXCEPT_AT: 'AcceptNotNotifyExceptAt',
  NOT_RECEIVE_MSG_EXCEPT_AT: 'NotReceiveMsgExceptAt',
  INVITE_OPTIONS_DISABLE_INVITE: 'DisableInvite',
  INVITE_OPTIONS_NEED_PERMISSION: 'NeedPermission',
  INVITE_OPTIONS_FREE_ACCESS: 'FreeAccess',
  GRP_PROFILE_OWNER_ID: 'ownerID',
  GRP_PROFILE_CREATE_TIME: 'createTime',
  GRP_PROFILE_LAST_INFO_TIME: 'lastInfoTime',
  GRP_PROFILE_MEMBER_NUM: 'memberNum',
  GRP_PROFILE_MAX_MEMBER_NUM: 'maxMemberNum',
  GRP_PROFILE_JOIN_OPTION: 'joinOption',
  GRP_PROFILE_INVITE_OPTION: 'inviteOption',
  GRP_PROFILE_INTRODUCTION: 'introduction',
  GRP_PROFILE_NOTIFICATION: 'notification',
  GRP_PROFILE_MUTE_ALL_MBRS: 'muteAllMembers',
  READ_ALL_C2C_MSG: 'readAllC2CMessage',
  READ_ALL_GROUP_MSG: 'readAllGroupMessage',
  READ_ALL_MSG: 'readAllMessage',
  IOS_OFFLINE_PUSH_NO_SOUND: 'push.no_sound',
  IOS_OFFLINE_PUSH_DEFAULT_SOUND: 'default',
});

// Profile fields: the SDK's names ↔ Tencent's tags.
export const PROFILE_TAGS = {
  nick: 'Tag_Profile_IM_Nick', avatar: 'Tag_Profile_IM_Image', gender: 'Tag_Profile_IM_Gender',
  selfSignature: 'Tag_Profile_IM_SelfSignature', allowType: 'Tag_Profile_IM_AllowType',
  birthday: 'Tag_Profile_IM_BirthDay', location: 'Tag_Profile_IM_Location', language: 'Tag_Profile_IM_Language',
  messageSettings: 'Tag_Profile_IM_MsgSettings', adminForbidType: 'Tag_Profile_IM_AdminForbidType',
  level: 'Tag_Profile_IM_Level', role: 'Tag_Profile_IM_Role',
};
export const CUSTOM_PROFILE = 'Tag_Profile_Custom_';
export const CUSTOM_FRIEND = 'Tag_SNS_Custom_';

/** A Profile object from `{To_Account, ProfileItem: [{Tag, Value}]}`. */
export function toProfile(item) {
  const profile = {
    userID: item.To_Account, nick: '', avatar: '', gender: TYPES.GENDER_UNKNOWN, selfSignature: '',
    allowType: TYPES.ALLOW_TYPE_NEED_CONFIRM, birthday: 0, location: '', language: 0, messageSettings: 0,
    adminForbidType: TYPES.FORBID_TYPE_NONE, level: 0, role: 0, profileCustomField: [],
  };
  for (const { Tag, Value } of item.ProfileItem ?? []) {
    const name = Object.keys(PROFILE_TAGS).find((k) => PROFILE_TAGS[k] === Tag);
    if (name) profile[name] = Value;
    else if (Tag.startsWith(CUSTOM_PROFILE)) profile.profileCustomField.push({ key: Tag, value: Value });
  }
  return profile;
}

/** A Friend object from `{To_Account, ValueItem|SnsProfileItem: [{Tag, Value}]}`. */
export function toFriend(item) {
  const friend = { userID: item.To_Account, remark: '', groupList: [], source: '', wording: '', addTime: 0, friendCustomField: [], profile: { userID: item.To_Account } };
  for (const { Tag, Value } of item.ValueItem ?? item.SnsProfileItem ?? []) {
    if (Tag === 'Tag_SNS_IM_Remark') friend.remark = Value;
    else if (Tag === 'Tag_SNS_IM_Group') friend.groupList = Value;
    else if (Tag === 'Tag_SNS_IM_AddSource') friend.source = Value;
    else if (Tag === 'Tag_SNS_IM_AddWording') friend.wording = Value;
    else if (Tag === 'Tag_SNS_IM_AddTime') friend.addTime = Value;
    else if (Tag.startsWith(CUSTOM_FRIEND)) friend.friendCustomField.push({ key: Tag, value: Value });
  }
  return friend;
}

export function toApplications(result) {
  return {
    friendApplicationList: (result.PendencyItem ?? []).map((p) => ({
      userID: p.To_Account, avatar: '', nick: '', time: p.AddTime, source: p.AddSource, wording: p.AddWording, type: p.PendencyType,
    })),
    unreadCount: result.UnreadPendencyCount ?? 0,
  };
}

export const toGroups = (result) => (result.ResultItem ?? []).map((g) => ({ name: g.GroupName, count: g.FriendNumber, userIDList: g.To_Account ?? [] }));
export const toBlacklist = (result) => (result.BlackListItem ?? []).map((b) => b.To_Account);

/** What each relationship event carries, from the list the engine read again. */
export const SNS_EVENT_DATA = {
  onProfileUpdated: (r) => (r.UserProfileItem ?? []).map(toProfile),
  onFriendListUpdated: (r) => (r.UserDataItem ?? []).map(toFriend),
  onFriendApplicationListUpdated: toApplications,
  onFriendGroupListUpdated: toGroups,
  blacklistUpdated: toBlacklist,
};

/** Splits ResultItem-style results into the SDK's success / failure lists. */
export function splitResults(items, ok = (i) => i.ResultCode === 0) {
  return {
    successUserIDList: items.filter(ok).map((i) => ({ userID: i.To_Account, code: i.ResultCode, relation: i.Relation })),
    failureUserIDList: items.filter((i) => !ok(i)).map((i) => ({ userID: i.To_Account, code: i.ResultCode, message: i.ResultInfo })),
  };
}

/** Heartbeat period: the server sees a silent web client as gone within a minute. */
/** Server group type names (REST) to `TYPES.GRP_*`. */
export const SDK_GROUP_TYPE = { Work: 'Private', Private: 'Private', Public: 'Public', Meeting: 'ChatRoom', ChatRoom: 'ChatRoom', AVChatRoom: 'AVChatRoom', Community: 'Community' };

/** A REST `GroupInfo` as `@tencentcloud/chat`'s Group object. */
export function toGroup(g) {
  return {
    groupID: g.GroupId, name: g.Name ?? '', avatar: g.FaceUrl ?? '', type: SDK_GROUP_TYPE[g.Type] ?? g.Type,
    introduction: g.Introduction ?? '', notification: g.Notification ?? '', ownerID: g.Owner_Account ?? '',
    createTime: g.CreateTime ?? 0, infoSequence: g.InfoSeq ?? 0, lastInfoTime: g.LastInfoTime ?? 0,
    lastMessage: {}, nextMessageSeq: g.NextMsgSeq ?? 1, memberCount: g.MemberNum ?? 0,
    maxMemberCount: g.MaxMemberNum ?? 0, joinOption: g.ApplyJoinOption ?? '', muteAllMembers: (g.MuteAllMember ?? g.ShutUpAllMember) === 'On',
    groupCustomField: (g.AppDefinedData ?? []).map((f) => ({ key: f.Key, value: f.Value })),
  };
}

/** A REST member entry as a GroupMember object. */
export function toMember(m) {
  return {
    userID: m.Member_Account, role: m.Role, joinTime: m.JoinTime ?? 0, nameCard: m.NameCard ?? '',
    muteUntil: m.MuteUntil ?? m.ShutUpUntil ?? 0, messageRemindType: m.MsgFlag ?? '', nick: '', avatar: '',
    memberCustomField: (m.AppMemberDefinedData ?? []).map((f) => ({ key: f.Key, value: f.Value })),
  };
}

/** `[{key, value}]` as Tencent's `[{Key, Value}]`. */
export function toFields(list) {
  return (list ?? []).map((f) => ({ Key: String(f.key ?? ''), Value: String(f.value ?? '') }));
}

/** An object `{k: v}` as the attribute and counter lists' `[{key, value}]`. */
export function toEntries(obj) {
  return Object.entries(obj ?? {}).map(([key, value]) => ({ key, value }));
}

/** `[{key, value}]` back as an object. */
export function fromEntries(list) {
  return Object.fromEntries((list ?? []).map((e) => [e.key, e.value]));
}

/** A REST `TopicInfo` entry as a Topic object. */
export function toTopic(t) {
  return {
    topicID: t.TopicId, topicName: t.TopicName ?? '', avatar: t.FaceUrl ?? '', introduction: t.Introduction ?? '',
    notification: t.Notification ?? '', customData: t.CustomString ?? '', muteAllMembers: t.MuteAllMember === 'On',
    nextMessageSeq: t.NextMsgSeq ?? 1,
  };
}

/** The fields of a Message object that name it for an extension or reaction call. */
export function messageRef(m) {
  return {
    ID: String(m?.ID ?? ''), conversationType: String(m?.conversationType ?? ''), to: String(m?.to ?? ''),
    sequence: Number(m?.sequence ?? 0),
  };
}
