#!/usr/bin/env node
// The `halcyon` command line (work in progress: the commands land next).
process.stderr.write("halcyon: no commands yet\n");
process.exit(2);
