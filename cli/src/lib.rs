//! The operation table of the `cloudflare` command line and its MCP server: every operation of
//! the Cloudflare v4 API with its call, parameters and schemas ([`catalog`]), the request made
//! from values by parameter name ([`plan`]), the credentials ([`profile`]), and `cloudflare mcp`
//! ([`mcp`]).

pub mod catalog;
pub mod mcp;
pub mod plan;
pub mod profile;
