package dev.kck.config;

import dev.kck.config.KckConfig.JwtKey;
import dev.kck.yaml.ProblemList;
import dev.kck.yaml.Section;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Binds {@code auth}. Each key is bound to exactly one algorithm so that a token cannot pick how it is
 * verified (RS256-to-HS256 confusion, {@code alg: none}); weak HMAC secrets are refused here, before
 * any token is seen. Messages never echo a secret.
 */
final class AuthBinder {
  /** The built-in key's secret file, beside {@code source.data_dir}: made with a random secret on first use. */
  static final String DEFAULT_SECRET_FILE = "jwt-secret";

  private static final List<String> ALGORITHMS = List.of(
      "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512");
  private static final int MIN_SECRET_BYTES = 32;

  private final Path baseDir;

  AuthBinder(Path baseDir) {
    this.baseDir = baseDir;
  }

  /** @param dataDir {@code source.data_dir}: the built-in key keeps its secret beside it */
  KckConfig.Auth bind(Section s, Path dataDir) {
    boolean enabled = s.bool("enabled", true);
    String issuer = s.string("issuer", "kck");
    String audience = s.string("audience", "kck");
    Duration leeway = s.duration("leeway", Duration.ofSeconds(30));
    String scopeClaim = s.string("scope_claim", "scope");
    if (scopeClaim.isBlank()) {
      s.problem("scope_claim", "must name the claim that carries scopes, such as scope or scp");
    }
    boolean keysGiven = s.has("keys");
    List<JwtKey> keys = keysGiven ? keys(s) : List.of();
    String jwksUrl = s.string("jwks_url", "");
    checkJwksUrl(s, jwksUrl);
    if (!keysGiven && jwksUrl.isEmpty()) {
      keys = List.of(new JwtKey("local", "HS256", null, null, null, dataDir.resolveSibling(DEFAULT_SECRET_FILE)));
    }
    if (enabled && keys.isEmpty() && jwksUrl.isEmpty()) {
      s.problem("keys", "auth is enabled but there is no key and no jwks_url: add a key, set jwks_url, or set enabled: false");
    }
    boolean requireExp = s.bool("require_exp", true);
    Duration maxLifetime = s.duration("max_token_lifetime", Duration.ZERO);
    boolean allowDevelopmentSecret = s.bool("allow_development_secret", false);
    boolean openAdmin = s.bool("open_admin", false);
    s.finish();
    return new KckConfig.Auth(enabled, issuer, audience, leeway, scopeClaim, keys, jwksUrl, requireExp, maxLifetime,
        allowDevelopmentSecret, openAdmin);
  }

  private List<JwtKey> keys(Section s) {
    List<JwtKey> keys = new ArrayList<>();
    Map<String, String> kidPaths = new HashMap<>();
    for (Section k : s.sections("keys")) {
      JwtKey key = key(k);
      String earlier = key.kid() == null ? null : kidPaths.putIfAbsent(key.kid(), k.pathOf("kid"));
      if (earlier != null) {
        k.problem("kid", "kid '" + key.kid() + "' is already used by " + earlier);
      }
      keys.add(key);
    }
    return keys;
  }

  private JwtKey key(Section k) {
    String kid = k.string("kid", null);
    String alg = k.requiredString("alg");
    String secret = k.string("secret", null);
    Path secretFile = optionalPath(k, "secret_file");
    Path publicKey = optionalPath(k, "public_key_file");
    Path privateKey = optionalPath(k, "private_key_file");
    k.finish();
    JwtKey key = new JwtKey(kid, alg, secret, publicKey, privateKey, secretFile);
    if (alg != null) {
      check(key, k::problem);
    }
    return key;
  }

  /** Reports, per field, what is wrong with a key for its algorithm. */
  private static void check(JwtKey key, BiConsumer<String, String> problem) {
    String alg = key.alg();
    if (alg.toLowerCase(Locale.ROOT).equals("none")) {
      problem.accept("alg", "alg none is refused: every token must be signed");
    } else if (!ALGORITHMS.contains(alg)) {
      problem.accept("alg", "unknown alg '" + alg + "' (allowed: " + String.join(", ", ALGORITHMS) + ")");
    } else if (alg.startsWith("HS")) {
      checkHmac(key, problem);
    } else {
      checkPublicKey(key, problem);
    }
  }

  private static void checkHmac(JwtKey key, BiConsumer<String, String> problem) {
    if (key.secret() != null && key.secretFile() != null) {
      problem.accept("secret_file", "a key takes a secret or a secret_file, not both");
    } else if (key.secretFile() != null) {
      checkSecretFile(key.secretFile(), problem);
    } else if (key.secret() == null) {
      problem.accept("secret", key.alg() + " needs a secret of at least " + MIN_SECRET_BYTES
          + " bytes, or a secret_file");
    } else if (key.secret().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      problem.accept("secret", "is " + key.secret().getBytes(StandardCharsets.UTF_8).length
          + " bytes; HMAC secrets need at least " + MIN_SECRET_BYTES);
    }
    if (key.publicKeyFile() != null || key.privateKeyFile() != null) {
      String field = key.publicKeyFile() != null ? "public_key_file" : "private_key_file";
      problem.accept(field, key.alg() + " keys take a secret, not key files");
    }
  }

  /** An absent file is fine: it is made, with a random secret, when the key is first used. */
  private static void checkSecretFile(Path file, BiConsumer<String, String> problem) {
    if (Files.isDirectory(file)) {
      problem.accept("secret_file", ProblemList.display(file) + " is a folder, not a file");
    } else if (Files.exists(file) && !Files.isReadable(file)) {
      problem.accept("secret_file", "cannot read " + ProblemList.display(file));
    }
  }

  private static void checkPublicKey(JwtKey key, BiConsumer<String, String> problem) {
    if (key.secret() != null || key.secretFile() != null) {
      problem.accept(key.secret() != null ? "secret" : "secret_file", key.alg() + " keys take public_key_file, not a secret");
    }
    if (key.publicKeyFile() == null) {
      problem.accept("public_key_file", key.alg() + " needs public_key_file (a PEM public key)");
    } else {
      checkReadable(key.publicKeyFile(), "public_key_file", problem);
    }
    if (key.privateKeyFile() != null) {
      checkReadable(key.privateKeyFile(), "private_key_file", problem);
    }
  }

  private static void checkReadable(Path file, String field, BiConsumer<String, String> problem) {
    if (!Files.isRegularFile(file)) {
      problem.accept(field, "no such file: " + ProblemList.display(file));
    } else if (!Files.isReadable(file)) {
      problem.accept(field, "cannot read " + ProblemList.display(file));
    }
  }

  private static void checkJwksUrl(Section s, String url) {
    if (url.isEmpty()) {
      return;
    }
    try {
      URI uri = new URI(url);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
        s.problem("jwks_url", "expected an https URL, got '" + url + "'");
      } else if ("http".equals(uri.getScheme()) && !LoopbackHosts.isLoopback(uri.getHost())) {
        s.problem("jwks_url", "must be https: keys fetched over plain http can be replaced on the way "
            + "(http is accepted for localhost, 127.0.0.1 and [::1] only)");
      }
    } catch (URISyntaxException e) {
      s.problem("jwks_url", "expected an https URL, got '" + url + "'");
    }
  }

  private Path optionalPath(Section k, String field) {
    String text = k.string(field, null);
    return text == null ? null : baseDir.resolve(text).normalize();
  }
}
