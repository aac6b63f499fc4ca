#!/usr/bin/env node
// `npx bluetape-mock`: runs this platform's bluetape-mock binary (`--help` lists its options).
"use strict";

require("../lib/launcher.js").run(require("../package.json"), "bluetape-mock");
