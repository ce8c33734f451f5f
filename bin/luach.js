#!/usr/bin/env node
import '../dist/device/cli.js';
