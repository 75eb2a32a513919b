package io.rollbook.infra.auth;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * HTTPS for {@code up}: the serving certificate and key as PEM files ({@code --tls-cert-file},
 * {@code --tls-private-key-file}, as the API server's flags take them: a certificate chain, and a
 * PKCS#8, PKCS#1 or EC key), or for local use a self-signed CA and a serving certificate it signed,
 * made once into a directory ({@code up --tls}) and kept there, so that a kubeconfig holding the CA
 * stays good across restarts.
 */
public final class Tls {

    /** Where {@code up --tls} keeps them, under the data directory. */
    public record TlsFiles(Path caCert, Path cert, Path key) {
    }

    private Tls() {
    }

    /** The server side: presents {@code certFile}'s chain with {@code keyFile}'s key. */
    public static SSLContext serverContext(Path certFile, Path keyFile) {
        return serverContext(certFile, keyFile, null);
    }

    /**
     * As {@link #serverContext(Path, Path)}, verifying client certificates against the CAs of
     * {@code clientCaFile} only (null: no client certificates; never the JDK's public CAs, which
     * would let any certificate a public CA signed name a user).
     */
    public static SSLContext serverContext(Path certFile, Path keyFile, Path clientCaFile) {
        try {
            List<Certificate> chain = new ArrayList<>();
            try (var in = Files.newInputStream(certFile)) {
                chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert-file " + certFile + " holds no PEM certificate");
            }
            PrivateKey key = readKey(keyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("rollbook", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), clientCaFile == null ? null : clientTrust(clientCaFile), null);
            return ssl;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + certFile + " and " + keyFile + " for TLS: "
                    + e.getMessage(), e);
        }
    }

    private static javax.net.ssl.TrustManager[] clientTrust(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        try (var in = Files.newInputStream(caFile)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("client-ca-" + i++, c);
            }
        }
        if (i == 0) {
            throw new IllegalArgumentException("--client-ca-file " + caFile + " holds no PEM certificate");
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        for (javax.net.ssl.TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager pkix) {
                return new javax.net.ssl.TrustManager[]{new ClientCertificates(pkix)};
            }
        }
        throw new IllegalStateException("the JDK has no X.509 trust manager");
    }

    /** The session value that {@link ClientCertificates} sets when the client's chain verified. */
    public static final String CLIENT_VERIFIED = "rollbook.client-certificate-verified";

    /**
     * Client certificates as the API server takes them: it asks for one without requiring it
     * ({@code tls.RequestClientCert}) and verifies the chain in its x509 authenticator, so a
     * certificate that no CA of {@code --client-ca-file} signed ends in a {@code 401} the client can
     * read, not in a handshake it cannot. The chain is verified here, against those CAs only, and
     * the handshake goes on either way; only a chain that verified marks the session
     * {@link #CLIENT_VERIFIED}, which is all {@link AuthFilter} believes. (A resumed session carries
     * no mark, so it is never taken for verified.)
     */
    static final class ClientCertificates extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager cas;

        ClientCertificates(X509ExtendedTrustManager cas) {
            this.cas = cas;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            try {
                cas.checkClientTrusted(chain, authType, engine);
                if (engine.getHandshakeSession() != null) {
                    engine.getHandshakeSession().putValue(CLIENT_VERIFIED, Boolean.TRUE);
                }
            } catch (java.security.cert.CertificateException unverified) {
                // no mark: the request goes on to its bearer token, or is answered 401
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
                throws java.security.cert.CertificateException {
            cas.checkClientTrusted(chain, authType, socket); // not used by the HTTP server: refuse as the CAs do
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            cas.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            cas.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
                throws java.security.cert.CertificateException {
            cas.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            cas.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return cas.getAcceptedIssuers();
        }
    }

    private static PrivateKey readKey(Path keyFile) throws IOException {
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            Object o = pem.readObject();
            PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                    : o instanceof PrivateKeyInfo i ? i : null;
            if (info != null) {
                // Read by BouncyCastle (PKCS#1, SEC1 and PKCS#8 alike), handed to the JDK as PKCS#8 for its TLS.
                PrivateKey bc = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider()).getPrivateKey(info);
                try {
                    String alg = bc.getAlgorithm().equals("ECDSA") ? "EC" : bc.getAlgorithm();
                    return KeyFactory.getInstance(alg).generatePrivate(
                            new PKCS8EncodedKeySpec(bc.getEncoded()));
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("--tls-private-key-file " + keyFile + ": " + e.getMessage(), e);
                }
            }
            throw new IllegalArgumentException("--tls-private-key-file " + keyFile
                    + " holds no unencrypted PEM private key");
        }
    }

    /**
     * The CA and serving certificate in {@code dir}, made now if missing: an EC P-256 CA valid ten
     * years, and a serving certificate for {@code localhost}, 127.0.0.1, ::1 and {@code address}
     * valid one year. Keys are written readable by the owner only.
     */
    public static TlsFiles selfSigned(Path dir, String address, Instant now) {
        TlsFiles f = new TlsFiles(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
        if (Files.exists(f.caCert()) && Files.exists(f.cert()) && Files.exists(f.key())) {
            return f;
        }
        try {
            Files.createDirectories(dir);
            KeyPair ca = keyPair();
            X500Name caName = new X500Name("CN=rollbook-ca");
            X509Certificate caCert = sign(new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(3650))), caName, ca.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                    ca.getPrivate());
            KeyPair server = keyPair();
            List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")));
            if (address != null && !address.isBlank() && !List.of("localhost", "127.0.0.1", "::1", "0.0.0.0")
                    .contains(address)) {
                boolean ip = address.matches("[0-9.]+") || address.contains(":");
                names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, address));
            }
            if ("0.0.0.0".equals(address)) {
                names.add(new GeneralName(GeneralName.dNSName, InetAddress.getLocalHost().getHostName()));
            }
            X509Certificate cert = sign(new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(365))), new X500Name("CN=rollbook"), server.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new))), ca.getPrivate());
            Files.writeString(f.caCert(), pem(caCert));
            Files.writeString(f.cert(), pem(cert) + pem(caCert));
            writePrivate(f.key(), pem(server.getPrivate()));
            writePrivate(dir.resolve("ca.key"), pem(ca.getPrivate()));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS files into " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** A client certificate and its key, as PEM text. */
    public record ClientCertificate(String certificate, String key) {
    }

    /**
     * A client certificate for {@code user} in {@code groups}, signed by the CA that {@code up --tls}
     * made in {@code dir} ({@code ca.crt}, {@code ca.key}): subject {@code O=group,...,CN=user}, as
     * the API server's x509 authenticator reads it, extended key usage clientAuth, valid one year.
     *
     * @throws IllegalArgumentException when {@code dir} holds no such CA
     */
    public static ClientCertificate clientCertificate(Path dir, String user, List<String> groups, Instant now) {
        Path caCert = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        if (!Files.isRegularFile(caCert) || !Files.isRegularFile(caKey)) {
            throw new IllegalArgumentException(dir + " holds no ca.crt and ca.key: start `rollbook up --tls` once"
                    + " with this data directory to make them");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a client certificate needs a user name");
        }
        try {
            X509Certificate ca;
            try (var in = Files.newInputStream(caCert)) {
                ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            org.bouncycastle.asn1.x500.X500NameBuilder subject =
                    new org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE);
            for (String g : groups) {
                subject.addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, g);
            }
            subject.addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, user);
            KeyPair client = keyPair();
            X509Certificate cert = sign(new JcaX509v3CertificateBuilder(X500Name.getInstance(
                    ca.getSubjectX500Principal().getEncoded()), serial(), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(365))), subject.build(), client.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)),
                    readKey(caKey));
            return new ClientCertificate(pem(cert), pem(client.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make a client certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey by)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(by)));
    }

    private static String pem(PrivateKey key) throws IOException {
        return pem(new JcaPKCS8Generator(key, null).generate());
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    /** Writes {@code text} into a new {@code file} readable by its owner only (where the file system has POSIX permissions). */
    public static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text);
    }
}
