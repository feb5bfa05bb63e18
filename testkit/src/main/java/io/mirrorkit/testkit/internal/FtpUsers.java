package io.mirrorkit.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.usermanager.AnonymousAuthentication;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.TransferRatePermission;
import org.jspecify.annotations.Nullable;

/**
 * Read-only users in memory for {@code FtpUpstream}: anonymous and the configured ones, all at the
 * same home.
 */
public final class FtpUsers implements UserManager {
  private final String home;
  private final boolean anonymous;
  private final Map<String, String> passwords;

  /** Users at {@code home}: anonymous if allowed, and {@code passwords} by name. */
  public FtpUsers(String home, boolean anonymous, Map<String, String> passwords) {
    this.home = home;
    this.anonymous = anonymous;
    this.passwords = Map.copyOf(passwords);
  }

  private User user(String name) {
    BaseUser u = new BaseUser();
    u.setName(name);
    u.setHomeDirectory(home);
    u.setEnabled(true);
    List<Authority> authorities = new ArrayList<>();
    authorities.add(new ConcurrentLoginPermission(0, 0));
    authorities.add(new TransferRatePermission(0, 0));
    u.setAuthorities(authorities); // no WritePermission: read-only
    return u;
  }

  @Override
  public @Nullable User getUserByName(String name) {
    return doesExist(name) ? user(name) : null;
  }

  @Override
  public String[] getAllUserNames() {
    List<String> names = new ArrayList<>(passwords.keySet());
    if (anonymous) {
      names.add("anonymous");
    }
    return names.toArray(new String[0]);
  }

  @Override
  public void delete(String name) throws FtpException {
    throw new FtpException("read-only user manager");
  }

  @Override
  public void save(User user) throws FtpException {
    throw new FtpException("read-only user manager");
  }

  @Override
  public boolean doesExist(String name) {
    return passwords.containsKey(name) || (anonymous && name.equals("anonymous"));
  }

  @Override
  public User authenticate(Authentication authentication) throws AuthenticationFailedException {
    if (authentication instanceof AnonymousAuthentication && anonymous) {
      return user("anonymous");
    }
    if (authentication instanceof UsernamePasswordAuthentication) {
      UsernamePasswordAuthentication up = (UsernamePasswordAuthentication) authentication;
      String expected = passwords.get(up.getUsername());
      if (expected != null && expected.equals(up.getPassword())) {
        return user(up.getUsername());
      }
    }
    throw new AuthenticationFailedException("authentication failed");
  }

  @Override
  public String getAdminName() {
    return "admin-is-nobody";
  }

  @Override
  public boolean isAdmin(String name) {
    return false;
  }
}
