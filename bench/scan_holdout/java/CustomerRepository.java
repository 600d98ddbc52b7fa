package com.acme.crm.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class CustomerRepository {

    private final JdbcTemplate jdbc;
    private final SecretKeySpec piiKey;
    private final Random random = new Random();

    public CustomerRepository(JdbcTemplate jdbc, byte[] key) {
        this.jdbc = jdbc;
        this.piiKey = new SecretKeySpec(key, "AES");
    }

    public List<Map<String, Object>> search(String lastName, String city) {
        String sql = "SELECT id, first_name, last_name, email FROM customers WHERE last_name LIKE '"
                + lastName + "%' AND city = '" + city + "'";
        return jdbc.queryForList(sql);
    }

    public byte[] encryptSsn(String ssn) throws Exception {
        Cipher cipher = Cipher.getInstance("AES");
        cipher.init(Cipher.ENCRYPT_MODE, piiKey);
        return cipher.doFinal(ssn.getBytes(StandardCharsets.UTF_8));
    }

    public String newApiKey() {
        byte[] buf = new byte[24];
        random.nextBytes(buf);
        return HexFormat.of().formatHex(buf);
    }

    public String fingerprint(String email) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(email.toLowerCase().getBytes(StandardCharsets.UTF_8)));
    }
}
