//! Dev only (`/dev/room`, with `EDGECHAT_DEV`): puts synthetic members of a group online on
//! the hubs, as rows in their room tables without sockets, and subscribes the hubs to the
//! group, so the large-room benchmark measures a group of 100,000 online members on a laptop.

use super::platform::GROUP as GROUP_BINDING;
use super::stub;
use crate::config::AppConfig;
use crate::hub::room::{HubToGroup, RoomMembers, GROUP_PATH};
use crate::hub::{hub_of, HubRequest};
use crate::rest;
use edgechat_proto::codes;
use edgechat_proto::group::GroupId;
use edgechat_proto::ImError;
use serde::Deserialize;
use std::collections::BTreeMap;
use worker::{Env, Request, Response, Result};

/// Most synthetic members one call adds.
const MAX_MEMBERS: u32 = 1_000_000;
/// Hubs set up at once.
const CHUNK: usize = 25;

#[derive(Deserialize)]
struct DevRoom {
    group: String,
    members: u32,
    prefix: String,
}

pub async fn handle(mut req: Request, env: &Env, config: &AppConfig) -> Result<Response> {
    match run(&mut req, env, config).await {
        Ok(hubs) => Response::from_json(&serde_json::json!({ "hubs": hubs })),
        Err(e) => rest::error_response(&e).map(|r| r.with_status(400)),
    }
}

async fn run(
    req: &mut Request,
    env: &Env,
    config: &AppConfig,
) -> std::result::Result<usize, ImError> {
    let room: DevRoom = stub::body(req).await?;
    GroupId::parse(&room.group)?;
    if room.members > MAX_MEMBERS {
        return Err(ImError::Coded(
            codes::INVALID_PARAMETER,
            format!("members {} is over {MAX_MEMBERS}", room.members),
        ));
    }
    let mut by_hub: BTreeMap<u32, Vec<(String, bool)>> = BTreeMap::new();
    for i in 0..room.members {
        let id = format!("{}{i}", room.prefix);
        by_hub
            .entry(hub_of(&id, config.hubs))
            .or_default()
            .push((id, false));
    }
    let hubs = by_hub.len();
    let calls: Vec<(u32, Vec<(String, bool)>)> = by_hub.into_iter().collect();
    let group = room.group.as_str();
    for chunk in calls.chunks(CHUNK) {
        let setups = chunk.iter().map(|(hub, set)| {
            let change = HubRequest::Members(RoomMembers {
                group: group.to_owned(),
                set: set.clone(),
                synthetic: true,
                ..RoomMembers::default()
            });
            let subscribe = HubToGroup {
                hub: *hub,
                subscribe: true,
            };
            async move {
                stub::hub(env, *hub, &change).await?;
                stub::send(env, GROUP_BINDING, group, GROUP_PATH, &subscribe).await
            }
        });
        for r in futures_util::future::join_all(setups).await {
            r?;
        }
    }
    Ok(hubs)
}
