export * from "./common.js";
export * from "./redirect-uri.js";
export * from "./servers.js";
export * from "./roles.js";
export * from "./clients.js";
export * from "./users.js";
export * from "./settings.js";
export * from "./resource-metadata.js";
