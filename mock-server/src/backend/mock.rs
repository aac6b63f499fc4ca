//! [`MockBackend`]: the mock answering an API request as the API would. Both credentials must
//! be present and match (compared in constant time); then a fault set for the operation applies,
//! then a `Prefer: code=` steering, else the operation's endpoint serves it. A path the document
//! lacks is a JSON 404, a documented path with another method a 405 with `Allow`.

use axum::http::header::InvalidHeaderName;
use axum::http::request::Parts;
use axum::http::{HeaderName, StatusCode, header};
use axum::response::IntoResponse;
use bluetape_model::{ACCOUNT_ID_HEADER, API_KEY_HEADER, DocumentedError};
use subtle::ConstantTimeEq;

use super::exchange::{ApiRequest, Served, Shared};
use super::fault_injection::with_fault;
use crate::ApiError;
use crate::endpoints::Call;
use crate::operation_table::{DocumentedOperation, Routed};
use crate::steering::steer_or_serve;
use crate::store::Store;

/// See the [module](self).
pub(crate) struct MockBackend {
    /// The credential headers, and the value each must carry.
    credentials: [(HeaderName, Box<[u8]>); 2],
    /// The companies and customers: the mock's own state, which the proxy has no use for.
    store: Store,
}

impl MockBackend {
    /// A mock accepting the API key `api_key` with the account id `account_id`, serving `store`'s
    /// records.
    ///
    /// # Errors
    ///
    /// When a credential header name of the model is not a valid HTTP header name.
    pub(crate) fn new(
        api_key: &str,
        account_id: &str,
        store: Store,
    ) -> Result<MockBackend, InvalidHeaderName> {
        Ok(MockBackend {
            credentials: [
                (
                    HeaderName::from_bytes(API_KEY_HEADER.as_bytes())?,
                    api_key.as_bytes().into(),
                ),
                (
                    HeaderName::from_bytes(ACCOUNT_ID_HEADER.as_bytes())?,
                    account_id.as_bytes().into(),
                ),
            ],
            store,
        })
    }

    /// The records it serves.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) async fn serve(&self, shared: Shared<'_>, request: ApiRequest<'_>) -> Served {
        match request.routed {
            Routed::Operation(operation, id) => {
                let call = Call {
                    store: &self.store,
                    validator: shared.validator,
                    endpoint: operation.endpoint,
                    body_schema: operation.body_schema.as_deref(),
                    success_example: operation.example(operation.success_status().as_u16()),
                    success: operation.success_status(),
                    id,
                    request: request.parts,
                    body: request.body,
                };
                self.answer(shared, operation, &call).await
            }
            Routed::WrongMethod(allow) => {
                let mut response = method_not_allowed().into_response();
                response.headers_mut().insert(header::ALLOW, allow);
                Served::plain(response)
            }
            Routed::Unknown => Served::plain(unknown_route().into_response()),
        }
    }

    async fn answer(
        &self,
        shared: Shared<'_>,
        operation: &DocumentedOperation,
        call: &Call<'_>,
    ) -> Served {
        // Evaluate both, so that timing does not tell which one was wrong.
        let [key_ok, account_ok] = self
            .credentials
            .each_ref()
            .map(|(name, expected)| header_matches(call.request, name, expected));
        if !(key_ok & account_ok) {
            return Served::plain(ApiError::from(DocumentedError::Unauthorized).into_response());
        }
        with_fault(shared.faults, Some(&operation.id), async {
            Served::plain(steer_or_serve(operation, call))
        })
        .await
    }
}

fn header_matches(request: &Parts, name: &HeaderName, expected: &[u8]) -> bool {
    request
        .headers
        .get(name)
        .is_some_and(|value| bool::from(value.as_bytes().ct_eq(expected)))
}

/// The JSON 404 of a path the document does not have.
pub(crate) fn unknown_route() -> ApiError {
    ApiError::from(DocumentedError::NotFound)
}

/// The JSON 405 of a documented path asked with another method.
pub(crate) fn method_not_allowed() -> ApiError {
    ApiError::status(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed.")
}
