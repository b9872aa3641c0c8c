/**
 * Who is calling and what they may do: {@link Authenticator} verifies JWTs (HMAC, RSA, ECDSA keys
 * and JWKS) into a {@link Principal}, caches verified tokens, and decides access to products and
 * updaters. The {@code token} command's signer lives here too.
 */
package dev.kck.auth;
