// `berth` from source as a process of its own, for specs that need what an in-process run
// cannot give: a stdin to pipe into, a terminal, signals. As bin/berth.cjs, minus the build.
import { main } from '../src/main.js';

process.exitCode = await main(process.argv);
