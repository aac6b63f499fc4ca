//! [`BlueTapeIntegrationResult`]: the `blueTapeId` reply of `updateCustomer` and `linkCompanyCustomer`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The BlueTape id of the record an operation acted on (the docs' C# snippets call this type
/// `BlueTapeIntegrationResult`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = BlueTapeIntegrationResult::example)]
pub struct BlueTapeIntegrationResult {
    /// The identifier BlueTape gave the record.
    #[schema(example = "fb5637b2e5f3")]
    pub blue_tape_id: String,
}

impl BlueTapeIntegrationResult {
    /// The documented example.
    pub fn example() -> Self {
        BlueTapeIntegrationResult {
            blue_tape_id: "fb5637b2e5f3".into(),
        }
    }
}
