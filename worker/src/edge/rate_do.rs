//! RateDo: one Durable Object per REST API, counting its calls per second for the whole app.

use crate::api_rate::RateWindow;
use std::cell::RefCell;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

#[durable_object]
pub struct RateDo {
    window: RefCell<RateWindow>,
}

impl DurableObject for RateDo {
    fn new(_state: State, _env: Env) -> Self {
        RateDo {
            window: RefCell::new(RateWindow::default()),
        }
    }

    /// `/admit?limit=N` → `{"admitted": bool}`.
    async fn fetch(&self, req: Request) -> Result<Response> {
        let limit = req
            .url()?
            .query_pairs()
            .find(|(k, _)| k == "limit")
            .and_then(|(_, v)| v.parse::<u32>().ok())
            .unwrap_or(0);
        let admitted = self
            .window
            .borrow_mut()
            .admit(worker::Date::now().as_millis(), limit);
        Response::from_json(&serde_json::json!({ "admitted": admitted }))
    }
}
