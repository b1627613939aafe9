/**
 * The `radar` command line. Each subcommand lives in its own file; this one only dispatches.
 * Exit codes: 0 success, 1 failure at run time, 2 bad usage or invalid configuration.
 */
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
