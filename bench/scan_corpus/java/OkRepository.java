package com.acme.data;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

public class OkRepository {
    private static final SecureRandom RNG = new SecureRandom();
    private final Connection conn;

    public OkRepository(Connection conn) {
        this.conn = conn;
    }

    public String ownerOf(long id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT owner FROM accounts WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public static String token() {
        byte[] b = new byte[32];
        RNG.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String checksum(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    public static Process lookup(String host) throws Exception {
        return new ProcessBuilder(List.of("nslookup", "--", host)).start();
    }
}
