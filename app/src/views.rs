//! View models: plain, already-worded data that the service builds and pages,
//! server functions and the JSON API all read. Built for the server and the
//! browser alike; they know domain types and serde, nothing above.

mod customer;
mod incident;
mod knowledge;
mod reports;
mod requests;
mod reviews;
mod rules;
mod settings;
mod staff;
mod studio;
mod swarm;

pub use customer::*;
pub use incident::*;
pub use knowledge::*;
pub use reports::*;
pub use requests::*;
pub use reviews::*;
pub use rules::*;
pub use settings::*;
pub use staff::*;
pub use studio::*;
pub use swarm::*;
