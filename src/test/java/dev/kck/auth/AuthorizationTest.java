package dev.kck.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.kernel.KckException;
import dev.kck.product.Access;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

  private static final Access READERS = new Access.Scopes(Set.of("library:read", "library:admin"));
  private static final Principal READER = principal("library:read");
  private static final Principal WRITER = principal("library:write");

  private final Authenticator enabled = new Authenticator(TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256"))), Clock.systemUTC());
  private final Authenticator disabled = new Authenticator(TestKeys.disabled(TestKeys.auth(List.of())), Clock.systemUTC());

  private static Principal principal(String... scopes) {
    return new Principal("alice", Set.of(scopes), Map.of("sub", "alice"), Long.MAX_VALUE);
  }

  @Test
  void public_access_passes_everyone() {
    for (Principal principal : List.of(Principal.ANONYMOUS, READER, WRITER)) {
      assertThatCode(() -> enabled.authorize(Access.PUBLIC, principal)).doesNotThrowAnyException();
    }
  }

  @Test
  void authenticated_access_needs_a_token() {
    assertThatThrownBy(() -> enabled.authorize(Access.AUTHENTICATED, Principal.ANONYMOUS))
        .isInstanceOf(KckException.Unauthorized.class)
        .hasMessage("a bearer token is required");
    assertThatCode(() -> enabled.authorize(Access.AUTHENTICATED, READER)).doesNotThrowAnyException();
    assertThatCode(() -> enabled.authorize(Access.AUTHENTICATED, WRITER)).doesNotThrowAnyException();
  }

  @Test
  void scoped_access_needs_a_token_before_a_scope() {
    assertThatThrownBy(() -> enabled.authorize(READERS, Principal.ANONYMOUS))
        .isInstanceOf(KckException.Unauthorized.class);
  }

  @Test
  void scoped_access_passes_a_token_with_any_one_of_the_scopes() {
    assertThatCode(() -> enabled.authorize(READERS, READER)).doesNotThrowAnyException();
  }

  @Test
  void scoped_access_forbids_a_token_without_the_scopes_and_names_them() {
    assertThatThrownBy(() -> enabled.authorize(READERS, WRITER))
        .isInstanceOf(KckException.Forbidden.class)
        .hasMessage("the token needs one of the scopes: library:admin, library:read");
  }

  @Test
  void everything_passes_when_auth_is_disabled() {
    for (Access access : List.of(Access.PUBLIC, Access.AUTHENTICATED, READERS)) {
      for (Principal principal : List.of(Principal.ANONYMOUS, READER, WRITER)) {
        assertThatCode(() -> disabled.authorize(access, principal)).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void has_scope_only_for_a_principal_holding_it() {
    assertThat(enabled.hasScope(READER, "library:read")).isTrue();
    assertThat(enabled.hasScope(WRITER, "library:read")).isFalse();
    assertThat(enabled.hasScope(Principal.ANONYMOUS, "library:read")).isFalse();
  }

  @Test
  void has_every_scope_when_auth_is_disabled() {
    assertThat(disabled.hasScope(Principal.ANONYMOUS, "kck:admin")).isTrue();
  }
}
