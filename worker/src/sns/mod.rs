//! Profiles and relationships (SPEC §3, §4), as pure rules: which profile fields exist and
//! what values they take, friend fields and limits, and the outcomes of adding, checking and
//! blocking. The user object stores the data and carries the calls between users.

pub mod fields;
pub mod relations;
