package dev.kck.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM key files with java.security alone: a public key as SubjectPublicKeyInfo
 * ({@code BEGIN PUBLIC KEY}) or an X.509 certificate, a private key as PKCS#8 ({@code BEGIN PRIVATE KEY}).
 * ProblemList are {@link IllegalArgumentException}s naming the file, as they are configuration errors.
 */
final class PemKeys {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  private PemKeys() {}

  /** The public key in a PEM file; keyType is the JCA name, "RSA" or "EC". */
  static PublicKey readPublicKey(Path file, String keyType) {
    Block block = readBlock(file);
    try {
      return switch (block.label()) {
        case "PUBLIC KEY" ->
            KeyFactory.getInstance(keyType).generatePublic(new X509EncodedKeySpec(block.der()));
        case "CERTIFICATE" -> CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(block.der()))
            .getPublicKey();
        default -> throw unsupported(file, block.label(), "BEGIN PUBLIC KEY or BEGIN CERTIFICATE");
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + ": not a valid " + keyType + " public key", e);
    }
  }

  /** The PKCS#8 private key in a PEM file; keyType is the JCA name, "RSA" or "EC". */
  static PrivateKey readPrivateKey(Path file, String keyType) {
    Block block = readBlock(file);
    if (!block.label().equals("PRIVATE KEY")) {
      throw unsupported(file, block.label(),
          "BEGIN PRIVATE KEY (PKCS#8; convert with: openssl pkcs8 -topk8 -nocrypt -in KEY)");
    }
    try {
      return KeyFactory.getInstance(keyType).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + ": not a valid " + keyType + " private key", e);
    }
  }

  /** A PEM block: "PUBLIC KEY" and the DER bytes of its body. */
  private record Block(String label, byte[] der) {}

  private static Block readBlock(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read key file (" + e.getMessage() + ")", e);
    }
    Matcher matcher = BLOCK.matcher(text);
    if (!matcher.find()) {
      throw new IllegalArgumentException(file + ": no PEM block (-----BEGIN ...-----) found");
    }
    try {
      return new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2).strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": the PEM body is not valid base64", e);
    }
  }

  private static IllegalArgumentException unsupported(Path file, String label, String expected) {
    return new IllegalArgumentException(file + ": PEM block '" + label + "' is not supported; expected " + expected);
  }
}
