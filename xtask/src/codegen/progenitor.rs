//! Generation with progenitor's library API, from the 3.0.3 document, with one set of settings:
//! `client/src/generated.rs` (the SDK's types and builders), `cli/src/generated.rs` (the
//! `bluetape` CLI's commands) and `httpmock/src/generated.rs` (the typed doubles); and
//! `client/src/contract.rs`, the document's facts that progenitor does not carry.
//!
//! The library API (not the macro, not a build script) keeps the generator out of the crates'
//! builds: users compile the generated code, never progenitor.

use std::str::FromStr;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use schemars08::schema::SchemaObject;
use sha2::{Digest, Sha256};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

use bluetape_model::render::{Format, Version, path as document_path};

use crate::error::XtaskError;

/// The document the client and the CLI are generated from (progenitor reads 3.0 only), relative to
/// the workspace root.
pub fn client_source() -> String {
    document_path(Version::V3_0, Format::Json)
}

/// Where the CLI's generated code finds the SDK it drives: the client's builder interface, so that
/// every command goes through the client's hooks (validation, timeouts, retries).
const CLI_SDK_PATH: &str = "bluetape_client::raw";

/// The Rust type of every `type: number` schema (all of them are amounts or decimal quantities):
/// an exact decimal written and read digit for digit, never `f64`.
const DECIMAL_TYPE: &str = "bluetape_amount::Amount";

/// Generates the client source from the text of the 3.0.3 document.
///
/// # Errors
///
/// [`XtaskError::ClientGeneration`] when the document does not parse or progenitor refuses it.
pub fn generate_client(openapi_3_0: &str) -> Result<String, XtaskError> {
    let spec = parse(openapi_3_0)?;
    let tokens = Generator::new(&settings(openapi_3_0)?)
        .generate_tokens(&spec)
        .map_err(|error| failure(format!("progenitor cannot generate the client: {error}")))?;
    generated_source(
        tokens,
        openapi_3_0,
        &format!("progenitor builder interface; amounts are {DECIMAL_TYPE}."),
    )
}

/// Generates the CLI's command code (clap definitions and their execution through
/// `CLI_SDK_PATH`) from the text of the 3.0.3 document.
///
/// # Errors
///
/// [`XtaskError::ClientGeneration`] when the document does not parse or progenitor refuses it.
pub fn generate_cli(openapi_3_0: &str) -> Result<String, XtaskError> {
    let spec = parse(openapi_3_0)?;
    let tokens = Generator::new(&settings(openapi_3_0)?)
        .cli(&spec, CLI_SDK_PATH)
        .map_err(|error| failure(format!("progenitor cannot generate the CLI: {error}")))?;
    generated_source(
        tokens,
        openapi_3_0,
        &format!("progenitor Generator::cli over {CLI_SDK_PATH}."),
    )
}

/// Where the httpmock crate's generated code finds the client's types.
const HTTPMOCK_SDK_PATH: &str = "bluetape_client::raw";

/// Generates `httpmock/src/generated.rs`: progenitor's typed `when`/`then` wrappers for
/// [httpmock](https://docs.rs/httpmock), one per operation, over the client's types.
///
/// # Errors
///
/// [`XtaskError::ClientGeneration`] when the document does not parse or progenitor refuses it.
pub fn generate_httpmock(openapi_3_0: &str) -> Result<String, XtaskError> {
    let spec = parse(openapi_3_0)?;
    let tokens = Generator::new(&settings(openapi_3_0)?)
        .httpmock(&spec, HTTPMOCK_SDK_PATH)
        .map_err(|error| {
            failure(format!(
                "progenitor cannot generate the httpmock crate: {error}"
            ))
        })?;
    generated_source(
        tokens,
        openapi_3_0,
        &format!("progenitor Generator::httpmock over {HTTPMOCK_SDK_PATH}."),
    )
}

/// Generates `client/src/contract.rs`: the facts of the document that the client needs but
/// progenitor does not carry (it ignores security schemes, servers and `maxItems`), read from the
/// same 3.0.3 document, so that the client never retypes them.
///
/// # Errors
///
/// [`XtaskError::ClientGeneration`] when the document lacks one of them.
pub fn generate_contract(openapi_3_0: &str) -> Result<String, XtaskError> {
    let document: serde_json::Value = serde_json::from_str(openapi_3_0)
        .map_err(|error| failure(format!("{} is not JSON: {error}", client_source())))?;
    let text = |pointer: &str| {
        document
            .pointer(pointer)
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| failure(format!("{} has no string at {pointer}", client_source())))
    };
    let security = |scheme: &str| text(&format!("/components/securitySchemes/{scheme}/name"));
    let api_key_header = security(bluetape_model::API_KEY_SCHEME)?.to_ascii_lowercase();
    let account_id_header = security(bluetape_model::ACCOUNT_ID_SCHEME)?.to_ascii_lowercase();
    let production = text("/servers/0/url")?;
    let max_customers_pointer = "/components/schemas/Company/properties/customers/maxItems";
    let max_customers = document
        .pointer(max_customers_pointer)
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| {
            failure(format!(
                "{} has no {max_customers_pointer}",
                client_source()
            ))
        })?;
    Ok(format!(
        "{}\n\
         //! The facts of the API document that progenitor does not carry: the credential headers\n\
         //! (lowercase, as HTTP compares them), the production server, the one-customer rule.\n\n\
         /// The header of the API key (security scheme `{api_key_scheme}`).\n\
         pub(crate) const API_KEY_HEADER: &str = {api_key_header:?};\n\
         /// The header of the integration account id (security scheme `{account_id_scheme}`).\n\
         pub(crate) const ACCOUNT_ID_HEADER: &str = {account_id_header:?};\n\
         /// The production base URL (the document's first server).\n\
         pub const PRODUCTION_BASE_URL: &str = {production:?};\n\
         /// The most customers a company may be created with (`Company.customers`, `maxItems`).\n\
         pub const MAX_CUSTOMERS_PER_COMPANY: usize = {max_customers};\n",
        generated_header(openapi_3_0),
        api_key_scheme = bluetape_model::API_KEY_SCHEME,
        account_id_scheme = bluetape_model::ACCOUNT_ID_SCHEME,
    ))
}

/// The `@generated` line: the command, the document and its hash.
fn generated_header(openapi_3_0: &str) -> String {
    let hash = Sha256::digest(openapi_3_0.as_bytes());
    let hex: String = hash.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "// @generated by cargo xtask codegen from {} (sha256 {hex}) — do not edit",
        client_source()
    )
}

fn failure(message: String) -> XtaskError {
    XtaskError::ClientGeneration { message }
}

fn parse(openapi_3_0: &str) -> Result<openapiv3::OpenAPI, XtaskError> {
    serde_json::from_str(openapi_3_0).map_err(|error| {
        failure(format!(
            "openapiv3 cannot read {}: {error}",
            client_source()
        ))
    })
}

/// The one set of generator settings, so that the CLI's code matches the client's types.
fn settings(openapi_3_0: &str) -> Result<GenerationSettings, XtaskError> {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        // Callers can reuse the types in schemas of their own; the CLI's output needs it. The
        // client offers it behind a feature (see `derive_behind_feature`).
        .with_derive(SCHEMARS_DERIVE)
        // The hand-written layer implements `ClientHooks::exec` (timeouts, retries) and keeps its
        // per-call settings in the client's inner slot; `Expected` makes a missing implementation
        // a compile error.
        .with_hooks(HooksMode::Expected)
        .with_inner_type(
            proc_macro2::TokenStream::from_str("crate::settings::CallSettings")
                .map_err(|error| failure(format!("invalid inner type: {error}")))?,
        );
    let decimal_impls = || [TypeImpl::Display, TypeImpl::FromStr, TypeImpl::Default].into_iter();
    // typify matches conversions on the whole schema but its metadata, so each distinct number
    // schema of the document (amounts; non-negative quantities) is listed, as the vocabulary of
    // the model wrote it.
    for schema in number_schemas(openapi_3_0)? {
        settings.with_conversion(schema, DECIMAL_TYPE, decimal_impls());
    }
    Ok(settings)
}

/// The formatted source with its `@generated` header, naming the document and its hash.
pub(crate) fn generated_source(
    tokens: proc_macro2::TokenStream,
    openapi_3_0: &str,
    note: &str,
) -> Result<String, XtaskError> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|error| {
        failure(format!(
            "progenitor produced code that does not parse: {error}"
        ))
    })?;
    DeriveBehindFeature.visit_file_mut(&mut file);
    Ok(format!(
        "{}\n//\n// {note}\n\n{}",
        generated_header(openapi_3_0),
        prettyplease::unparse(&file)
    ))
}

/// The derive that the client's types have only with its `schemars` feature: few users need a
/// JSON Schema of the types, and schemars' derive costs every user's build a second `syn`.
const SCHEMARS_DERIVE: &str = "schemars::JsonSchema";

/// Moves [`SCHEMARS_DERIVE`] out of each generated type's `#[derive(..)]` into
/// `#[cfg_attr(feature = "schemars", derive(..))]`. typify writes one derive list per type and
/// has no conditional derives, so the generated syntax tree is edited.
struct DeriveBehindFeature;

impl VisitMut for DeriveBehindFeature {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        gate_schemars_derive(&mut item.attrs);
        visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        gate_schemars_derive(&mut item.attrs);
        visit_mut::visit_item_enum_mut(self, item);
    }
}

fn gate_schemars_derive(attributes: &mut Vec<syn::Attribute>) {
    let is_schemars = |path: &syn::Path| {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        segments.join("::") == SCHEMARS_DERIVE
    };
    let mut gated = false;
    for attribute in attributes.iter_mut() {
        if !attribute.path().is_ident("derive") {
            continue;
        }
        let Ok(derives) =
            attribute.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        if derives.iter().any(is_schemars) {
            let kept: Punctuated<syn::Path, syn::Token![,]> = derives
                .into_iter()
                .filter(|path| !is_schemars(path))
                .collect();
            *attribute = syn::parse_quote!(#[derive(#kept)]);
            gated = true;
        }
    }
    if gated {
        attributes.push(syn::parse_quote!(
            #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        ));
    }
}

/// Every distinct `type: number` schema of the document, without its metadata: the shapes the
/// model's vocabulary gives amounts, read back rather than restated.
fn number_schemas(openapi_3_0: &str) -> Result<Vec<SchemaObject>, XtaskError> {
    let document: serde_json::Value = serde_json::from_str(openapi_3_0)
        .map_err(|error| failure(format!("{} is not JSON: {error}", client_source())))?;
    let mut schemas: Vec<SchemaObject> = Vec::new();
    let mut pending = vec![&document["components"]["schemas"]];
    while let Some(value) = pending.pop() {
        match value {
            serde_json::Value::Object(fields) => {
                if fields.get("type").and_then(serde_json::Value::as_str) == Some("number") {
                    let mut schema: SchemaObject = serde_json::from_value(value.clone())
                        .map_err(|error| failure(format!("a number schema: {error}")))?;
                    schema.metadata = None;
                    schema.extensions.clear();
                    if !schemas.contains(&schema) {
                        schemas.push(schema);
                    }
                }
                pending.extend(fields.values());
            }
            serde_json::Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    if schemas.is_empty() {
        return Err(failure(format!(
            "{} has no number schema: amounts would have no decimal type",
            client_source()
        )));
    }
    Ok(schemas)
}
