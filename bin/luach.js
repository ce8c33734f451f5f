#!/usr/bin/env node
import '../dist/luach-cli.mjs';
