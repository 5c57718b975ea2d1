//! Community topics: up to 200 per topic-enabled Community, each with its own profile and
//! its own message log and SEQ (`create_topic`, `get_topic`, `modify_topic`, `destroy_topic`).

use super::model::{check_len, mute_all_flag, Topic};
use super::perm::Op;
use super::requests::{CreateTopic, ModifyTopic, TopicIds};
use super::rules::{code, Caller, Effects, Group};
use super::store::GroupStore;
use super::tips::{notice_to_everyone, Notice, NoticeKind};
use edgechat_proto::codes;
use edgechat_proto::group::{check_topic_id, GroupType, TOPIC_INFIX};
use edgechat_proto::ImError;
use serde_json::json;

/// Most topics per community.
pub const MAX_TOPICS: usize = 200;
pub const MAX_TOPIC_NAME_BYTES: usize = 150;
pub const MAX_TOPIC_TEXT_BYTES: usize = 400;
pub const MAX_CUSTOM_STRING_BYTES: usize = 3000;

fn check_texts(t: &Topic) -> Result<(), ImError> {
    if t.name.is_empty() {
        return Err(code(codes::INVALID_PARAMETER, "TopicName is required"));
    }
    check_len("TopicName", &t.name, MAX_TOPIC_NAME_BYTES)?;
    check_len("Introduction", &t.introduction, MAX_TOPIC_TEXT_BYTES)?;
    check_len("Notification", &t.notification, MAX_TOPIC_TEXT_BYTES)?;
    check_len("FaceUrl", &t.face_url, 100)?;
    check_len("CustomString", &t.custom_string, MAX_CUSTOM_STRING_BYTES)
}

impl<S: GroupStore> Group<'_, S> {
    fn require_topics(&self) -> Result<(), ImError> {
        if self.ty() != GroupType::Community || !self.profile.support_topic {
            return Err(code(
                codes::NO_PERMISSION,
                format!("{} is not a Community created with SupportTopic", self.id()),
            ));
        }
        Ok(())
    }

    /// The log a request names: the group's own (""), or one of its topics (checked).
    pub fn log_named(&self, topic: Option<&str>) -> Result<String, ImError> {
        match topic {
            None | Some("") => Ok(String::new()),
            Some(t) => self.topic(t).map(|_| t.to_owned()),
        }
    }

    /// The topic `id` of this community (10010 when there is none).
    pub fn topic(&self, id: &str) -> Result<Topic, ImError> {
        self.store
            .topics()?
            .into_iter()
            .find(|t| t.topic_id == id)
            .ok_or_else(|| {
                code(
                    codes::GROUP_NOT_FOUND,
                    format!("topic {id} does not exist in {}", self.id()),
                )
            })
    }

    /// A topic change told to every member of the Community.
    fn topic_notice(&self, caller: &Caller, kind: NoticeKind, extra: serde_json::Value) -> Notice {
        notice_to_everyone(self.id(), self.ty(), kind, &caller.name(), extra)
    }

    pub fn create_topic(
        &mut self,
        caller: &Caller,
        req: CreateTopic,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require_topics()?;
        self.require(caller, Op::ManageTopic)?;
        let existing = self.store.topics()?;
        if existing.len() >= MAX_TOPICS {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("a community holds at most {MAX_TOPICS} topics"),
            ));
        }
        let gid = self.profile.group_id.clone();
        let id = match req.id {
            Some(id) if !id.is_empty() => {
                check_topic_id(&gid, &id)?;
                if existing.iter().any(|t| t.topic_id == id) {
                    return Err(code(
                        codes::GROUP_ID_TAKEN,
                        format!("topic {id} already exists"),
                    ));
                }
                id
            }
            _ => {
                // Generated: GroupId@TOPIC#_@TOPIC#<base 36 of time and count>, unique here.
                let mut n = now * 1000 + existing.len() as u64;
                loop {
                    let id = format!("{gid}{TOPIC_INFIX}@TOPIC#{}", base36(n));
                    if !existing.iter().any(|t| t.topic_id == id) {
                        break id;
                    }
                    n += 1;
                }
            }
        };
        let topic = Topic {
            topic_id: id.clone(),
            name: req.fields.name.unwrap_or_default(),
            introduction: req.fields.introduction.unwrap_or_default(),
            notification: req.fields.notification.unwrap_or_default(),
            face_url: req.fields.face_url.unwrap_or_default(),
            custom_string: req.fields.custom_string.unwrap_or_default(),
            create_time: now,
            mute_all: false,
            default_permissions: req.fields.default_permissions.unwrap_or(0),
        };
        check_texts(&topic)?;
        self.store.put_topic(&topic)?;
        Ok(Effects {
            notices: vec![self.topic_notice(
                caller,
                NoticeKind::TopicCreated,
                json!({ "TopicId": id }),
            )],
            reply: json!({ "TopicId": id }),
            ..Effects::default()
        })
    }

    /// `get_topic`: the named topics (all when `TopicIdList` is absent), each with its code.
    pub fn get_topics(&self, caller: &Caller, req: TopicIds) -> Result<Effects, ImError> {
        self.require_topics()?;
        self.require(caller, Op::ReadMembers)?;
        let all = self.store.topics()?;
        let mut out = Vec::new();
        match req.ids {
            None => {
                for t in &all {
                    let mut v = t.to_rest(self.store.log_max_seq(&t.topic_id)? + 1);
                    v["ErrorCode"] = json!(0);
                    out.push(v);
                }
            }
            Some(ids) => {
                for id in ids {
                    out.push(match all.iter().find(|t| t.topic_id == id) {
                        Some(t) => {
                            let mut v = t.to_rest(self.store.log_max_seq(&t.topic_id)? + 1);
                            v["ErrorCode"] = json!(0);
                            v
                        }
                        None => json!({ "TopicId": id, "ErrorCode": codes::GROUP_NOT_FOUND, "ErrorInfo": "no such topic" }),
                    });
                }
            }
        }
        Ok(Effects {
            reply: json!({ "TopicInfo": out }),
            ..Effects::default()
        })
    }

    pub fn modify_topic(&mut self, caller: &Caller, req: ModifyTopic) -> Result<Effects, ImError> {
        self.require_topics()?;
        self.require(caller, Op::ManageTopic)?;
        let mut t = self.topic(&req.id)?;
        let f = req.fields;
        if let Some(v) = f.name {
            t.name = v;
        }
        if let Some(v) = f.introduction {
            t.introduction = v;
        }
        if let Some(v) = f.notification {
            t.notification = v;
        }
        if let Some(v) = f.face_url {
            t.face_url = v;
        }
        if let Some(v) = f.custom_string {
            t.custom_string = v;
        }
        if let Some(v) = f.default_permissions {
            t.default_permissions = v;
        }
        if let Some(v) = req.mute_all {
            t.mute_all = mute_all_flag(&v)?;
        }
        check_texts(&t)?;
        self.store.put_topic(&t)?;
        let info = t.to_rest(self.store.log_max_seq(&t.topic_id)? + 1);
        let extra = json!({ "TopicId": t.topic_id, "TopicInfo": info });
        Ok(Effects {
            notices: vec![self.topic_notice(caller, NoticeKind::TopicUpdated, extra)],
            ..Effects::default()
        })
    }

    /// `destroy_topic`: removes the named topics and their messages; per topic its code.
    pub fn destroy_topics(&mut self, caller: &Caller, req: TopicIds) -> Result<Effects, ImError> {
        self.require_topics()?;
        self.require(caller, Op::ManageTopic)?;
        let ids = req
            .ids
            .ok_or_else(|| code(codes::INVALID_PARAMETER, "TopicIdList must be an array"))?;
        let all = self.store.topics()?;
        let (mut out, mut gone) = (Vec::new(), Vec::new());
        for id in ids {
            let found = all.iter().any(|t| t.topic_id == id);
            if found {
                self.store.remove_topic(&id)?;
                gone.push(id.clone());
            }
            out.push(json!({ "TopicId": id, "ErrorCode": if found { 0 } else { codes::GROUP_NOT_FOUND } }));
        }
        let notices = if gone.is_empty() {
            vec![]
        } else {
            let extra = json!({ "TopicIdList": gone });
            vec![self.topic_notice(caller, NoticeKind::TopicDeleted, extra)]
        };
        Ok(Effects {
            notices,
            reply: json!({ "DestroyResultItem": out }),
            ..Effects::default()
        })
    }
}

fn base36(mut n: u64) -> String {
    const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = Vec::new();
    loop {
        out.push(ALPHABET[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
