#!/usr/bin/env node
// `npx bluetape-mcp`: runs this platform's bluetape-mcp binary, the MCP server, over stdio.
"use strict";

require("../lib/launcher.js").run(require("../package.json"), "bluetape-mcp");
