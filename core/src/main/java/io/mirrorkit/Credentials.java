package io.mirrorkit;

/**
 * A user name and password for an upstream. The password never appears in {@link #toString()}.
 *
 * @param user the user name
 * @param password the password
 */
public record Credentials(String user, String password) {
  public Credentials {
    if (user.isEmpty()) {
      throw new IllegalArgumentException("user name is empty");
    }
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=****]";
  }
}
