package com.acme.portal.accounts;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

public class AccountService {

    private static final SecureRandom RNG = new SecureRandom();
    private final DataSource dataSource;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(12);
    private final String smtpPassword = System.getenv("SMTP_PASSWORD");

    public AccountService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<String> findEmail(String username) throws SQLException {
        String sql = "SELECT email FROM accounts WHERE username = ? AND disabled = false";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void setPassword(long accountId, String rawPassword) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE accounts SET password_hash = ? WHERE id = ?")) {
            ps.setString(1, encoder.encode(rawPassword));
            ps.setLong(2, accountId);
            ps.executeUpdate();
        }
    }

    public String newResetToken() {
        byte[] buf = new byte[32];
        RNG.nextBytes(buf);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf);
    }

    public int renderAvatar(String inputPath, String outputPath) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("convert", inputPath, "-resize", "128x128", outputPath))
                .redirectErrorStream(true)
                .start();
        return p.waitFor();
    }

    boolean smtpConfigured() {
        return smtpPassword != null && !smtpPassword.isBlank();
    }
}
