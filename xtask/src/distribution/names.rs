//! The names the packages are published under, the platforms they are built for and their
//! version: declared once, read by `cargo xtask dist` and by codegen's registry entry and bundle
//! manifest.

/// The MCP server's name in the official registry (reverse DNS of the repository's GitHub
/// owner), which its PyPI and crates.io READMEs state as `mcp-name: …` and its npm package as
/// `mcpName`, so that the registry can tell the packages are ours.
pub const MCP_SERVER_NAME: &str = "io.github.bluetape/bluetape-mcp";
/// The MCP server's binary, crate and crates.io package.
pub const MCP_BINARY: &str = "bluetape-mcp";
/// The MCP server's PyPI package (mcp/pyproject.toml).
pub const MCP_PYPI_PACKAGE: &str = "bluetape-mcp";
/// The MCP server's npm package (npm/bluetape-mcp).
pub const MCP_NPM_PACKAGE: &str = "bluetape-mcp";
/// The mock's binary, crate and npm package.
pub const MOCK_BINARY: &str = "bluetape-mock";
/// The repository every package links to.
pub const REPOSITORY_URL: &str = "https://github.com/bluetape/bluetape-openapi";
/// The npm scope of the per-platform packages (`@bluetape/mock-linux-x64`).
pub const NPM_SCOPE: &str = "@bluetape";
/// Where `cargo xtask dist` writes, relative to the workspace root.
pub const DIRECTORY: &str = "target/dist";

/// A platform we build binaries for, named as Node.js and npm name it.
#[derive(Debug, Clone, Copy)]
pub struct Platform {
    /// `process.platform` and npm's `os`.
    pub os: &'static str,
    /// `process.arch` and npm's `cpu`.
    pub cpu: &'static str,
    /// npm's `libc`: the C library the binary links.
    pub libc: &'static str,
    /// The Rust target triple that builds it.
    pub rust_target: &'static str,
}

/// The platforms with a package: the one this machine builds. Another platform's user gets an
/// error naming it and the other ways to install (`cargo install`, `pip install`).
pub const PLATFORMS: [Platform; 1] = [Platform {
    os: "linux",
    cpu: "x64",
    libc: "glibc",
    rust_target: "x86_64-unknown-linux-gnu",
}];

/// The version every package carries: the workspace's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
