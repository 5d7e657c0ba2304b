import { appPaths } from "./app-location.js";

/** This page's paths (browser only; pure logic lives in app-location.ts). */
export const PATHS = appPaths(window.location);

/** The console's own OAuth client, built into every Toolgate (apps/server bootstrap). */
export const CONSOLE_CLIENT_ID = "toolgate-console";
