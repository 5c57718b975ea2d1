//! The relationship commands run in a world of users with in-memory stores, their calls to
//! one another carried directly (`World` is the `Peers` of every user): becoming friends in
//! `adding`, the lists, groups and profiles in `lists`.

mod adding;
mod lists;

use super::fields::parse_custom_fields;
use super::memory::MemorySns;
use super::service::{on_peer_call, run, Changed, PeerCall, Peers, Sns};
use super::store::SnsStore;
use crate::config::AppConfig;
use edgechat_proto::{ImError, UserId};
use futures_executor::block_on;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;

struct World {
    config: AppConfig,
    stores: RefCell<BTreeMap<String, std::rc::Rc<MemorySns>>>,
    imported: Vec<&'static str>,
    /// What each user's sessions were told, in order.
    told: RefCell<Vec<(String, Changed)>>,
}

impl World {
    fn new() -> Self {
        let mut config = AppConfig::for_tests();
        config.sns_custom_fields = vec!["Hobby".into()];
        config.profile_custom_access =
            parse_custom_fields("Mood,Secret:au,Rank:ua").expect("fields");
        config.profile_custom_fields = ["Mood", "Secret", "Rank"].map(String::from).to_vec();
        World {
            config,
            stores: RefCell::default(),
            imported: vec!["amy", "bob", "cat", "dan"],
            told: RefCell::default(),
        }
    }

    fn store(&self, user: &str) -> std::rc::Rc<MemorySns> {
        self.stores
            .borrow_mut()
            .entry(user.to_owned())
            .or_default()
            .clone()
    }

    fn tell(&self, user: &str, changed: Vec<Changed>) {
        let mut told = self.told.borrow_mut();
        told.extend(changed.into_iter().map(|c| (user.to_owned(), c)));
    }

    fn heard(&self, user: &str) -> Vec<Changed> {
        let told = std::mem::take(&mut *self.told.borrow_mut());
        told.into_iter()
            .filter(|(u, _)| u == user)
            .map(|(_, c)| c)
            .collect()
    }

    fn cmd_as(&self, me: &str, admin: bool, cmd: &str, body: Value) -> Result<Value, ImError> {
        let id = UserId::parse(me).expect("test id");
        let store = self.store(me);
        let mut sns = Sns::new(&*store, self, &id, &self.config);
        sns.now = 1000;
        sns.by_admin = admin;
        let fx = block_on(run(&sns, cmd, &body))?;
        self.tell(me, fx.changed);
        Ok(fx.reply)
    }

    fn cmd(&self, me: &str, cmd: &str, body: Value) -> Value {
        self.cmd_as(me, false, cmd, body)
            .unwrap_or_else(|e| panic!("{me} {cmd}: {e}"))
    }

    /// `cmd` run for `me` by an app admin (REST).
    fn admin(&self, me: &str, cmd: &str, body: Value) -> Value {
        self.cmd_as(me, true, cmd, body)
            .unwrap_or_else(|e| panic!("admin for {me} {cmd}: {e}"))
    }

    fn fails(&self, me: &str, cmd: &str, body: Value) -> u32 {
        match self.cmd_as(me, false, cmd, body) {
            Ok(v) => panic!("{me} {cmd} should fail: {v}"),
            Err(e) => e.code(),
        }
    }

    fn friends(&self, user: &str) -> Vec<String> {
        let store = self.store(user);
        let all = store.friends().expect("friends");
        all.into_iter().map(|f| f.user).collect()
    }

    fn add(&self, me: &str, to: &str) -> Value {
        self.cmd(
            me,
            "friend_add",
            json!({ "AddFriendItem": [{ "To_Account": to, "AddSource": "AddSource_Type_Web", "GroupName": "mates" }] }),
        )
    }

    fn allow(&self, user: &str, allow: &str) {
        self.cmd(
            user,
            "portrait_set",
            json!({ "ProfileItem": [{ "Tag": "Tag_Profile_IM_AllowType", "Value": allow }] }),
        );
    }
}

impl Peers for World {
    async fn call(&self, to: &str, call: &PeerCall) -> Result<Value, ImError> {
        let id = UserId::parse(to)?;
        let store = self.store(to);
        let mut sns = Sns::new(&*store, self, &id, &self.config);
        sns.now = 1000;
        sns.imported = self.imported.contains(&to);
        let fx = on_peer_call(&sns, call.clone())?;
        self.tell(to, fx.changed);
        Ok(fx.reply)
    }
}

fn code(v: &Value, i: usize) -> u64 {
    v["ResultItem"][i]["ResultCode"].as_u64().expect("code")
}

fn befriend(w: &World, a: &str, b: &str) {
    w.allow(b, "AllowType_Type_AllowAny");
    assert_eq!(code(&w.add(a, b), 0), 0);
}
