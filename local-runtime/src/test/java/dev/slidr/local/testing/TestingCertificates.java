package dev.slidr.local.testing;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS material for a broker on this machine, generated at test time: a certificate authority, a
 * broker key signed by it (valid for {@code localhost} and {@code 127.0.0.1}), the broker's PKCS12
 * key store and a client trust store holding the authority; {@link #untrustedTrustStore} holds a
 * different authority, so a client that uses it must fail the handshake.
 *
 * <pre>{@code
 * TestingCertificates.Stores tls = TestingCertificates.write(dir, "secret");
 * InProcessKafka.startSaslSsl(new InProcessKafka.SaslSsl(tls.keyStore(), "secret", "slidr", "pw"));
 * }</pre>
 */
public final class TestingCertificates {

    /** Where the stores were written; all share one password. */
    public record Stores(
            Path keyStore, Path trustStore, Path untrustedTrustStore, String password) {}

    private static final String SIGNATURE = "SHA256withECDSA";

    private TestingCertificates() {}

    /** Generates the authorities and the broker key and writes the three PKCS12 stores. */
    public static Stores write(Path dir, String password) throws Exception {
        Files.createDirectories(dir);
        KeyPair ca = keyPair();
        X509Certificate caCert = authority("CN=slidr test CA", ca);
        KeyPair broker = keyPair();
        X509Certificate brokerCert = brokerCertificate(caCert, ca.getPrivate(), broker.getPublic());
        KeyPair otherCa = keyPair();
        X509Certificate otherCaCert = authority("CN=some other CA", otherCa);

        char[] secret = password.toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
                "broker", broker.getPrivate(), secret, new Certificate[] {brokerCert, caCert});
        Path keyStore = store(keys, dir.resolve("broker.keystore.p12"), secret);
        Path trustStore = store(trusting(caCert), dir.resolve("client.truststore.p12"), secret);
        Path untrusted =
                store(trusting(otherCaCert), dir.resolve("untrusted.truststore.p12"), secret);
        return new Stores(keyStore, trustStore, untrusted, password);
    }

    private static KeyPair keyPair() throws Exception {
        // EC keys: generated in milliseconds, where RSA keys take a large part of a second
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate authority(String name, KeyPair keys) throws Exception {
        X500Name subject = new X500Name(name);
        X509v3CertificateBuilder builder =
                new JcaX509v3CertificateBuilder(
                        subject, serial(), notBefore(), notAfter(), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return signed(builder, keys.getPrivate());
    }

    private static X509Certificate brokerCertificate(
            X509Certificate caCert, PrivateKey caKey, PublicKey brokerKey) throws Exception {
        X509v3CertificateBuilder builder =
                new JcaX509v3CertificateBuilder(
                        caCert,
                        serial(),
                        notBefore(),
                        notAfter(),
                        new X500Name("CN=localhost"),
                        brokerKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        // clients verify the host name (ssl.endpoint.identification.algorithm=https)
        builder.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(
                        new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                        }));
        return signed(builder, caKey);
    }

    private static X509Certificate signed(X509v3CertificateBuilder builder, PrivateKey key)
            throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static KeyStore trusting(X509Certificate authority) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", authority);
        return trust;
    }

    private static Path store(KeyStore store, Path file, char[] password) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }
}
