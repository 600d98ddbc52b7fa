package com.acme.util;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

public final class Tools {
    private static final byte[] KEY = "acme1234".getBytes();

    public static Process nslookup(String host) throws Exception {
        return Runtime.getRuntime().exec("nslookup " + host);
    }

    public static byte[] encrypt(byte[] data) throws Exception {
        Cipher c = Cipher.getInstance("DES/ECB/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "DES"));
        return c.doFinal(data);
    }

    public static byte[] hashPassword(String pw) throws Exception {
        return MessageDigest.getInstance("MD5").digest(pw.getBytes());
    }

    public static String resetCode() {
        return String.format("%06d", new Random().nextInt(1_000_000));
    }

    public static final TrustManager[] TRUST_ALL = new TrustManager[] {
        new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {}
            public void checkServerTrusted(X509Certificate[] c, String a) {}
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }
    };

    public static final HostnameVerifier ANY_HOST = (hostname, session) -> true;
}
