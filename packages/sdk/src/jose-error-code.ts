import { errors } from "jose";
import type { ToolgateErrorCode } from "./errors.js";

/** jose's error → our stable code. Anything unrecognised is an invalid token, never an accept. */
export function joseErrorCode(err: unknown): ToolgateErrorCode {
  if (err instanceof errors.JWTExpired) return "token_expired";
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case "iss":
        return "issuer_invalid";
      case "aud":
        return "audience_invalid";
      case "nbf":
        return "token_not_yet_valid";
      case "iat":
        return err.reason === "check_failed" ? "token_not_yet_valid" : "claims_invalid";
      case "typ":
        return "typ_invalid";
      default:
        return "claims_invalid";
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return "alg_not_allowed";
  if (err instanceof errors.JWSSignatureVerificationFailed) return "signature_invalid";
  return "token_malformed";
}
