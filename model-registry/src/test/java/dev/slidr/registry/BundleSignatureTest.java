package dev.slidr.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed bundles: what verifies, what is refused and why, and key rotation. */
class BundleSignatureTest {

    @TempDir Path tmp;

    private static final BundleSigner OTHER = BundleSigner.of(SigningKeys.generate().getPrivate());

    private Path written(String name, BundleSigner signer) throws Exception {
        Path dir = tmp.resolve(name);
        TestingBundles.writer("m1").signedWith(signer).writeTo(dir);
        return dir;
    }

    private static String problems(Path dir, BundleTrust trust) throws Exception {
        return String.join(
                "\n",
                BundleVerifier.check(StoredFiles.local(dir), trust).stream()
                        .map(Object::toString)
                        .toList());
    }

    @Test
    void signedBundleVerifiesAndNamesItsKey() throws Exception {
        Path dir = written("b", TestingBundles.SIGNER);
        ModelBundle bundle = ModelBundle.load(StoredFiles.local(dir), TestingBundles.TRUST);
        assertThat(bundle.signer()).contains(TestingBundles.SIGNER.keyId());
        assertThat(bundle.signed()).isTrue();
        assertThat(Files.readString(dir.resolve("manifest.sig")))
                .contains("\"key_id\" : \"" + TestingBundles.SIGNER.keyId() + "\"")
                .contains("Ed25519");
    }

    @Test
    void refusesModelChangedWithItsChecksumRecomputed() throws Exception {
        Path dir = written("b", TestingBundles.SIGNER);
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        String before = StoredFiles.sha256(model);
        model[3] ^= 1;
        Files.write(dir.resolve("model.onnx"), model);
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(
                dir.resolve("manifest.json"), manifest.replace(before, StoredFiles.sha256(model)));

        // the checksums alone accept the forgery; the signature does not
        assertThat(BundleVerifier.check(StoredFiles.local(dir))).isEmpty();
        assertThatThrownBy(() -> ModelBundle.load(StoredFiles.local(dir), TestingBundles.TRUST))
                .isInstanceOfSatisfying(
                        BundleVerificationException.class,
                        e -> {
                            assertThat(e.files()).containsExactly("manifest.sig");
                            assertThat(e.getMessage())
                                    .contains("does not match manifest.json")
                                    .doesNotContain("\n");
                        });
    }

    @Test
    void refusesUnsignedBundleUnlessAllowed() throws Exception {
        Path dir = written("b", null);
        assertThat(problems(dir, TestingBundles.TRUST))
                .isEqualTo(
                        "manifest.sig: missing: the bundle is unsigned; sign bundles at"
                                + " registration (--signing-key or SLIDR_SIGNING_KEY), or accept"
                                + " unsigned bundles explicitly with --allow-unsigned");
        ModelBundle bundle =
                ModelBundle.load(
                        StoredFiles.local(dir), TestingBundles.TRUST.allowingUnsigned(true));
        assertThat(bundle.signer()).isEmpty();
        assertThat(bundle.signed()).isFalse();
    }

    @Test
    void allowingUnsignedStillRefusesAWrongSignature() throws Exception {
        Path dir = written("b", OTHER);
        assertThat(problems(dir, TestingBundles.TRUST.allowingUnsigned(true)))
                .contains("signed by key \"" + OTHER.keyId() + "\", which is not trusted");
    }

    @Test
    void refusesUnknownKeyIdNamingTheTrustedOnes() throws Exception {
        Path dir = written("b", OTHER);
        assertThat(problems(dir, TestingBundles.TRUST))
                .startsWith("manifest.sig: signed by key \"" + OTHER.keyId() + "\"")
                .contains("trusted: " + TestingBundles.SIGNER.keyId());
        assertThat(problems(dir, BundleTrust.of(List.of())))
                .contains("no trusted keys are configured");
    }

    @Test
    void rotationTrustsOldAndNewKeysUntilTheOldIsRemoved() throws Exception {
        Path old = written("old", TestingBundles.SIGNER);
        Path current = written("new", OTHER);
        BundleTrust both =
                BundleTrust.of(List.of(TestingBundles.SIGNER.publicKey(), OTHER.publicKey()));
        assertThat(BundleVerifier.check(StoredFiles.local(old), both)).isEmpty();
        assertThat(BundleVerifier.check(StoredFiles.local(current), both)).isEmpty();
        BundleTrust newOnly = BundleTrust.of(List.of(OTHER.publicKey()));
        assertThat(BundleVerifier.check(StoredFiles.local(current), newOnly)).isEmpty();
        assertThat(problems(old, newOnly)).contains("is not trusted");
    }

    @Test
    void malformedSignatureFileIsAProblemNotACrash() throws Exception {
        Path dir = written("b", TestingBundles.SIGNER);
        for (String hostile :
                List.of(
                        "",
                        "not json",
                        "[]",
                        "{\"algorithm\":\"RSA\",\"key_id\":\"k\",\"signature\":\"AA==\"}",
                        "{\"algorithm\":\"Ed25519\",\"key_id\":\"k\",\"signature\":\"%%%\"}",
                        "{\"algorithm\":\"Ed25519\",\"signature\":\"AA==\"}",
                        "{\"algorithm\":\"Ed25519\",\"key_id\":\"k\",\"signature\":\"AA==\",\"x\":1}")) {
            Files.writeString(dir.resolve("manifest.sig"), hostile);
            assertThat(problems(dir, TestingBundles.TRUST))
                    .as(hostile)
                    .startsWith("manifest.sig: ")
                    .doesNotContain("\n");
        }
        Files.write(dir.resolve("manifest.sig"), new byte[SignatureFile.MAX_BYTES + 1]);
        assertThat(problems(dir, TestingBundles.TRUST)).startsWith("manifest.sig: cannot be read");
    }

    @Test
    void signatureTravelsWithABundleRegisteredByPath() throws Exception {
        Path dir = written("staging", TestingBundles.SIGNER);
        ModelRegistry registry = TestingBundles.open(tmp.resolve("registry"));
        registry.register(dir);
        assertThat(registry.load("m1").signer()).contains(TestingBundles.SIGNER.keyId());
    }

    @Test
    void registryRefusesToPromoteUnsignedOrUntrustedBundles() throws Exception {
        ModelRegistry registry = TestingBundles.open(tmp.resolve("registry"));
        registry.register(TestingBundles.writer("m1").signedWith(null));
        registry.register(TestingBundles.writer("m2").signedWith(OTHER));
        assertThatThrownBy(() -> registry.promote("m1"))
                .hasMessageContaining("the bundle is unsigned");
        assertThatThrownBy(() -> registry.promote("m2")).hasMessageContaining("is not trusted");
        assertThat(registry.stableVersion()).isEmpty();
        assertThat(registry.verify("m2")).extracting(p -> p.file()).containsExactly("manifest.sig");
        ModelRegistry lenient = registry.withTrust(TestingBundles.TRUST.allowingUnsigned(true));
        assertThat(lenient.promote("m1").version()).isEqualTo("m1");
    }

    @Test
    void derivesThePublicKeyOfAPrivateKey() {
        for (int i = 0; i < 5; i++) {
            KeyPair pair = SigningKeys.generate();
            assertThat(SigningKeys.publicOf(pair.getPrivate()).getEncoded())
                    .isEqualTo(pair.getPublic().getEncoded());
        }
    }

    @Test
    void readsKeysAsPemOrBase64() throws Exception {
        KeyPair pair = SigningKeys.generate();
        String pem = SigningKeys.privatePem(pair.getPrivate());
        assertThat(BundleSigner.parse(pem).keyId()).isEqualTo(SigningKeys.keyId(pair.getPublic()));
        String base64 =
                java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        assertThat(BundleSigner.parse(base64).keyId())
                .isEqualTo(SigningKeys.keyId(pair.getPublic()));
        assertThat(SigningKeys.parsePublic(SigningKeys.publicPem(pair.getPublic())))
                .isEqualTo(pair.getPublic());
    }

    @Test
    void refusesHostileKeyTextWithOneLine() {
        KeyPair pair = SigningKeys.generate();
        List<String> hostile =
                List.of(
                        "",
                        "   ",
                        "%%% not base64",
                        "AAAA",
                        SigningKeys.publicPem(pair.getPublic()),
                        "-----BEGIN PRIVATE KEY-----\nAAAA",
                        "A".repeat(SigningKeys.MAX_KEY_CHARS + 1));
        for (String text : hostile) {
            assertThatThrownBy(() -> BundleSigner.parse(text))
                    .as(text.length() > 40 ? text.substring(0, 40) : text)
                    .isInstanceOf(SigningKeys.InvalidKeyException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> SigningKeys.parsePublic(SigningKeys.privatePem(pair.getPrivate())))
                .hasMessageContaining("expected PUBLIC KEY");
    }

    @Test
    void readsTrustedKeysFromFilesAndDirectories() throws Exception {
        Path keys = tmp.resolve("keys");
        Files.createDirectories(keys);
        Files.writeString(
                keys.resolve("a.pub"), SigningKeys.publicPem(TestingBundles.SIGNER.publicKey()));
        Files.writeString(keys.resolve("notes.txt"), "not a key");
        Path single = tmp.resolve("other.pub");
        Files.writeString(single, SigningKeys.publicPem(OTHER.publicKey()));
        BundleTrust trust = BundleTrust.fromFiles(List.of(keys, single));
        assertThat(trust.keyIds())
                .containsExactlyInAnyOrder(TestingBundles.SIGNER.keyId(), OTHER.keyId());
        assertThatThrownBy(() -> BundleTrust.fromFiles(List.of(tmp.resolve("missing.pub"))))
                .hasMessage("trusted key " + tmp.resolve("missing.pub") + " does not exist");
        Files.writeString(keys.resolve("bad.pub"), "garbage", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> BundleTrust.fromFiles(List.of(keys)))
                .hasMessageStartingWith("trusted key " + keys.resolve("bad.pub") + ": ");
    }
}
