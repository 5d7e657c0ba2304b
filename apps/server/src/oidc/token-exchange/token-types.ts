/** RFC 8693 §3 token type identifiers (and Toolgate's one for naming a user who delegated). */
export const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
export const JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
/** On-behalf-of exchanges by agents: the subject is a user who delegated to the agent (by id or email). */
export const USER_TOKEN_TYPE = "urn:toolgate:params:oauth:token-type:user";

export const ACCEPTED_SUBJECT_TYPES = new Set([ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, USER_TOKEN_TYPE]);
