package dev.kck.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HMAC secrets kept in files ({@code secret_file}). A file that does not exist is made on first use
 * with 32 random bytes (base64url, 43 characters), readable and writable by its owner only, so that
 * {@code serve} and the {@code token} command, and every later start, share one secret that was never
 * written anywhere else. Two processes making it at once agree: the second reads the first's.
 */
final class SecretFiles {

  private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);
  private static final int RANDOM_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private SecretFiles() {}

  /**
   * The secret in the file, its surrounding white space removed; the file is made first when absent.
   *
   * @throws IllegalArgumentException when the file can be neither read nor made
   */
  static String readOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file.toAbsolutePath());
      }
      warnIfShared(file);
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("secret_file " + file + " cannot be read or made: " + e.getMessage(), e);
    }
  }

  /** Written to a private temporary file first and then moved into place, so no reader sees half a secret. */
  private static void create(Path file) throws IOException {
    Path folder = Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(folder, ".jwt-secret-", ".tmp");
    try {
      ownerOnly(temporary);
      byte[] random = new byte[RANDOM_BYTES];
      RANDOM.nextBytes(random);
      Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
      Files.move(temporary, file);
      log.info("Made a random signing secret in {} (owner read/write only); tokens are signed with it", file);
    } catch (FileAlreadyExistsException e) {
      // another process made it first: its secret is the one
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
  }

  private static void warnIfShared(Path file) throws IOException {
    if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    permissions.removeAll(OWNER_ONLY);
    permissions.remove(PosixFilePermission.OWNER_EXECUTE);
    if (!permissions.isEmpty()) {
      log.warn("secret_file {} can be read by others ({}): chmod 600 it", file,
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }
}
