#!/usr/bin/env node
import '../dist/luach-boot.mjs';
