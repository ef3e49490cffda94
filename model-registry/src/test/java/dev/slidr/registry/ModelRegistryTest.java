package dev.slidr.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.registry.ModelRegistryException.Reason;
import dev.slidr.registry.RegistryState.Action;
import dev.slidr.registry.RegistryState.HistoryEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry: register, refuse, promote, rollback, and what it does with bad state. */
class ModelRegistryTest {

    @TempDir Path tmp;

    private ModelRegistry registry() {
        return TestingBundles.open(tmp.resolve("registry"))
                .withClock(Clock.fixed(Instant.parse("2025-06-09T04:00:00Z"), ZoneOffset.UTC));
    }

    private static ModelRegistryException.Reason reasonOf(Throwable t) {
        return ((ModelRegistryException) t).reason();
    }

    @Test
    void emptyRegistryHasNoStableAndListsNothing() throws Exception {
        ModelRegistry r = registry();
        assertThat(r.list()).isEmpty();
        assertThat(r.stable()).isEmpty();
        assertThat(r.state()).isEqualTo(RegistryState.empty());
        assertThat(Files.exists(tmp.resolve("registry"))).isFalse();
    }

    @Test
    void registersAsCandidateThenPromotesToStable() throws Exception {
        ModelRegistry r = registry();
        BundleManifest m = r.register(TestingBundles.writer("m1"));
        assertThat(m.modelVersion()).isEqualTo("m1");
        assertThat(r.stableVersion()).isEmpty();
        assertThat(r.list())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.version()).isEqualTo("m1");
                            assertThat(e.stable()).isFalse();
                            assertThat(e.manifest()).isEqualTo(m);
                            assertThat(e.registeredAt()).isEqualTo("2025-06-09T04:00:00Z");
                        });
        ModelBundle promoted = r.promote("m1");
        assertThat(promoted.version()).isEqualTo("m1");
        assertThat(r.stable()).hasValueSatisfying(b -> assertThat(b.manifest()).isEqualTo(m));
        assertThat(r.show("m1").stable()).isTrue();
        assertThat(r.history())
                .extracting(HistoryEntry::action, HistoryEntry::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Action.REGISTER, "m1"),
                        org.assertj.core.groups.Tuple.tuple(Action.PROMOTE, "m1"));
        assertThat(r.state().revision()).isEqualTo(2);
        String json = Files.readString(tmp.resolve("registry/registry.json"));
        assertThat(json)
                .contains("\"format_version\" : 1")
                .contains("\"stable\" : \"m1\"")
                .contains("\"action\" : \"promote\"");
        try (Stream<Path> files = Files.list(tmp.resolve("registry"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("registry.json", "models");
        }
    }

    @Test
    void promotingTheStableModelAgainChangesNothing() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        r.promote("m1");
        RegistryState before = r.state();
        r.promote("m1");
        assertThat(r.state()).isEqualTo(before);
    }

    @Test
    void rollbackWalksBackThroughThePromotionHistory() throws Exception {
        ModelRegistry r = registry();
        for (String v : List.of("m1", "m2", "m3")) {
            r.register(TestingBundles.writer(v));
            r.promote(v);
        }
        assertThat(r.rollback().version()).isEqualTo("m2");
        assertThat(r.stableVersion()).contains("m2");
        assertThat(r.rollback().version()).isEqualTo("m1");
        assertThatThrownBy(r::rollback)
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("no earlier stable model")
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.NO_ROLLBACK_TARGET));
        assertThat(r.stableVersion()).contains("m1");
        r.promote("m3");
        assertThat(r.rollback().version()).isEqualTo("m1");
        assertThat(r.history().get(r.history().size() - 1))
                .satisfies(
                        e -> {
                            assertThat(e.action()).isEqualTo(Action.ROLLBACK);
                            assertThat(e.detail()).isEqualTo("from m3");
                        });
    }

    @Test
    void anAutomaticRollbackFromThePromotedModelIsTheOrdinaryRollbackWithWhoAndWhy()
            throws Exception {
        ModelRegistry r = registry();
        for (String v : List.of("m1", "m2")) {
            r.register(TestingBundles.writer(v));
            r.promote(v);
        }
        ModelRegistry.ChangeNote note =
                new ModelRegistry.ChangeNote("auto-rollback", "slice s: IVR 1.000");
        assertThat(r.rollbackTo("m1", "m2", note).version()).isEqualTo("m1");
        assertThat(r.stableVersion()).contains("m1");
        assertThat(r.state().stableLineage()).containsExactly("m1");
        HistoryEntry last = r.history().get(r.history().size() - 1);
        assertThat(last.action()).isEqualTo(Action.ROLLBACK);
        assertThat(last.version()).isEqualTo("m1");
        assertThat(last.detail()).isEqualTo("from m2; by auto-rollback: slice s: IVR 1.000");

        // recorded again (a guard restored from a checkpoint before its record): no new entry
        long revision = r.state().revision();
        r.rollbackTo("m1", "m2", note);
        assertThat(r.state().revision()).isEqualTo(revision);
    }

    @Test
    void anAutomaticRollbackFromAModelNeverPromotedKeepsTheLineage() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        r.promote("m1");
        r.register(TestingBundles.writer("bad"));
        r.rollbackTo("m1", "bad", new ModelRegistry.ChangeNote("auto-rollback", "why"));
        assertThat(r.stableVersion()).contains("m1");
        assertThat(r.state().stableLineage()).containsExactly("m1");
        assertThat(r.history().get(r.history().size() - 1).detail())
                .isEqualTo("from bad; by auto-rollback: why");
    }

    @Test
    void anAutomaticRollbackToAModelThatIsNeitherStableNorBeforeItIsRefused() throws Exception {
        ModelRegistry r = registry();
        for (String v : List.of("m1", "m2", "m3")) {
            r.register(TestingBundles.writer(v));
            r.promote(v);
        }
        RegistryState before = r.state();
        ModelRegistry.ChangeNote note = new ModelRegistry.ChangeNote("auto-rollback", "why");
        assertThatThrownBy(() -> r.rollbackTo("m1", "m3", note))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.NO_ROLLBACK_TARGET))
                .hasMessageContaining("the stable model is m3");
        assertThatThrownBy(() -> r.rollbackTo("m9", "m3", note))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.UNKNOWN_VERSION));
        Files.writeString(
                tmp.resolve("registry/models/m2/model.onnx"), "x", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> r.rollbackTo("m2", "m3", note))
                .isInstanceOf(BundleVerificationException.class);
        assertThat(r.state()).isEqualTo(before);
    }

    @Test
    void recordsShadowAndUnshadowWithoutChangingTheStableModel() throws Exception {
        ModelRegistry r = registry();
        for (String v : List.of("m1", "m2", "m3")) {
            r.register(TestingBundles.writer(v));
        }
        r.promote("m1");
        ModelRegistry.ChangeNote note = new ModelRegistry.ChangeNote("alice", "compare a day");

        assertThat(r.shadow("m2", note).version()).isEqualTo("m2");
        assertThat(r.state().shadowVersion()).contains("m2");
        assertThat(r.shadow("m3", null).version()).isEqualTo("m3");
        assertThat(r.state().shadowVersion()).contains("m3");
        assertThat(r.unshadow(new ModelRegistry.ChangeNote("bob", ""))).isEqualTo("m3");

        assertThat(r.stableVersion()).contains("m1");
        assertThat(r.state().shadowVersion()).isEmpty();
        List<HistoryEntry> history = r.history();
        assertThat(history.subList(history.size() - 3, history.size()))
                .extracting(HistoryEntry::action, HistoryEntry::version, HistoryEntry::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Action.SHADOW, "m2", "beside m1; by alice: compare a day"),
                        org.assertj.core.groups.Tuple.tuple(
                                Action.SHADOW, "m3", "beside m1, replaces shadow m2"),
                        org.assertj.core.groups.Tuple.tuple(
                                Action.UNSHADOW, "m3", "stops shadow scoring; by bob"));
        // the history survives a reread of registry.json, with its new actions
        assertThat(TestingBundles.open(tmp.resolve("registry")).state()).isEqualTo(r.state());
        // shadow and unshadow never enter the stable lineage
        assertThat(r.state().stableLineage()).containsExactly("m1");
    }

    @Test
    void refusesToShadowAnUnknownOrTamperedModelAndToUnshadowWithoutAShadow() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        r.promote("m1");
        r.register(TestingBundles.writer("m2"));
        assertThatThrownBy(() -> r.unshadow(null))
                .hasMessageContaining("records no shadow model")
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.NO_SHADOW));
        assertThatThrownBy(() -> r.shadow("m9", null))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.UNKNOWN_VERSION));
        Files.writeString(tmp.resolve("registry/models/m2/model.onnx"), "replaced");
        RegistryState before = r.state();
        assertThatThrownBy(() -> r.shadow("m2", null))
                .isInstanceOf(BundleVerificationException.class);
        assertThat(r.state()).isEqualTo(before);
        assertThat(before.shadowVersion()).isEmpty();
    }

    @Test
    void rollbackWithoutStableSaysSo() throws Exception {
        ModelRegistry r = registry();
        assertThatThrownBy(r::rollback)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.NO_STABLE));
        r.register(TestingBundles.writer("m1"));
        assertThatThrownBy(r::rollback)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.NO_STABLE));
    }

    @Test
    void promotingUnknownVersionIsAClearError() throws Exception {
        ModelRegistry r = registry();
        assertThatThrownBy(() -> r.promote("m9"))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("m9 is not registered")
                .hasMessageContaining("the registry is empty");
        r.register(TestingBundles.writer("m1"));
        assertThatThrownBy(() -> r.promote("m9"))
                .hasMessageContaining("registered: m1")
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.UNKNOWN_VERSION));
        assertThatThrownBy(() -> r.promote("../m1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToPromoteTamperedBundleAndKeepsTheStableModel() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        r.promote("m1");
        r.register(TestingBundles.writer("m2"));
        Path model = tmp.resolve("registry/models/m2/model.onnx");
        Files.writeString(model, "replaced", StandardCharsets.UTF_8);
        RegistryState before = r.state();
        assertThatThrownBy(() -> r.promote("m2"))
                .isInstanceOfSatisfying(
                        BundleVerificationException.class,
                        e -> assertThat(e.files()).containsExactly("model.onnx"));
        assertThat(r.state()).isEqualTo(before);
        assertThat(r.verify("m2"))
                .extracting(BundleVerificationException.Problem::file)
                .containsExactly("model.onnx");
        assertThat(r.verify("m1")).isEmpty();
        assertThat(Files.exists(tmp.resolve("registry/registry.lock"))).isFalse();
    }

    @Test
    void refusedModelIsRecordedButNeverRegistered() throws Exception {
        ModelRegistry r = registry();
        r.refuse("m1", List.of("holdout FPR 0.031 > budget 0.02", "AUC dropped by 0.08"));
        assertThat(r.list()).isEmpty();
        assertThat(r.history())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.action()).isEqualTo(Action.REFUSE);
                            assertThat(e.detail())
                                    .contains("holdout FPR 0.031")
                                    .contains("AUC dropped");
                        });
        assertThatThrownBy(() -> r.register(TestingBundles.writer("m1")))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.REFUSED_VERSION));
        assertThatThrownBy(() -> r.promote("m1"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.REFUSED_VERSION))
                .hasMessageContaining("holdout FPR");
        assertThat(Files.exists(tmp.resolve("registry/models/m1"))).isFalse();
        r.register(TestingBundles.writer("m2"));
        assertThatThrownBy(() -> r.refuse("m2", List.of("late")))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.ALREADY_REGISTERED));
    }

    @Test
    void refusesInsteadOfRegisteringAModelWithFailedGuardrails() throws Exception {
        ModelRegistry r = registry();
        BundleWriter failing =
                TestingBundles.writer("m1")
                        .guardrails(
                                List.of(
                                        new BundleManifest.Guardrail(
                                                "holdout_fpr", false, "0.031 > 0.02"),
                                        new BundleManifest.Guardrail("onnx_parity", true, "2e-7")));
        assertThatThrownBy(() -> r.register(failing))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.GUARDRAILS_FAILED))
                .hasMessageContaining("holdout_fpr: 0.031 > 0.02");
        assertThat(r.exists()).isFalse();
        ModelRegistry.Submission refused = r.registerOrRefuse(failing);
        assertThat(refused.registered()).isFalse();
        assertThat(refused.reasons()).containsExactly("holdout_fpr: 0.031 > 0.02");
        assertThat(r.list()).isEmpty();
        assertThat(r.state().refusal("m1"))
                .hasValueSatisfying(
                        e -> assertThat(e.detail()).isEqualTo("holdout_fpr: 0.031 > 0.02"));
        assertThat(Files.exists(tmp.resolve("registry/models/m1"))).isFalse();
        ModelRegistry.Submission accepted = r.registerOrRefuse(TestingBundles.writer("m2"));
        assertThat(accepted.registered()).isTrue();
        assertThat(accepted.manifest().modelVersion()).isEqualTo("m2");
        assertThat(r.list()).extracting(ModelEntry::version).containsExactly("m2");
    }

    @Test
    void registersTheSameVersionOnlyOnce() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        assertThatThrownBy(() -> r.register(TestingBundles.writer("m1")))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.ALREADY_REGISTERED));
    }

    @Test
    void registersBundleDirectoryByCopyingIt() throws Exception {
        Path outside = tmp.resolve("out/m7");
        BundleManifest written = TestingBundles.writer("m7").writeTo(outside);
        ModelRegistry r = registry();
        assertThat(r.register(outside)).isEqualTo(written);
        assertThat(r.load("m7").manifest()).isEqualTo(written);
        assertThat(Files.readAllBytes(tmp.resolve("registry/models/m7/manifest.json")))
                .isEqualTo(Files.readAllBytes(outside.resolve("manifest.json")));
    }

    @Test
    void refusesToRegisterTamperedDirectory() throws Exception {
        Path outside = tmp.resolve("out/m7");
        TestingBundles.writer("m7").writeTo(outside);
        Files.writeString(outside.resolve("calibration.json"), "{}");
        ModelRegistry r = registry();
        assertThatThrownBy(() -> r.register(outside))
                .isInstanceOfSatisfying(
                        BundleVerificationException.class,
                        e -> assertThat(e.files()).containsExactly("calibration.json"));
        assertThat(r.list()).isEmpty();
    }

    @Test
    void registersBundleAlreadyInPlace() throws Exception {
        ModelRegistry r = registry();
        Path inPlace = tmp.resolve("registry/models/m3");
        TestingBundles.writer("m3").writeTo(inPlace);
        assertThatThrownBy(() -> r.register(TestingBundles.writer("m3")))
                .satisfies(
                        e -> assertThat(reasonOf(e)).isEqualTo(Reason.UNREGISTERED_BUNDLE_EXISTS));
        r.register(inPlace);
        assertThat(r.show("m3").version()).isEqualTo("m3");
        assertThat(r.history().get(0).detail()).isEqualTo("registered in place");
        assertThat(r.history())
                .extracting(HistoryEntry::detail)
                .doesNotContain("written into the registry");
    }

    @Test
    void replacesLeftoversOfACrashedWrite() throws Exception {
        Path dir = tmp.resolve("registry/models/m4");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.onnx"), "half");
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m4"));
        assertThat(r.verify("m4")).isEmpty();
    }

    @Test
    void listsUnreadableManifestWithItsProblem() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        Files.writeString(tmp.resolve("registry/models/m1/manifest.json"), "garbage");
        assertThat(r.list())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.manifest()).isNull();
                            assertThat(e.manifestProblem()).contains("not valid JSON");
                        });
    }

    @Test
    void corruptRegistryFileIsAClearError() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        Path file = tmp.resolve("registry/registry.json");
        String good = Files.readString(file);
        for (String[] bad :
                new String[][] {
                    {"{ \"format_version\": 1, ", "not valid JSON"},
                    {good.replace("\"register\"", "\"delete\""), "unknown action \"delete\""},
                    {
                        good.replace("\"stable\" : null", "\"stable\" : \"m9\""),
                        "not among the candidates"
                    },
                    {good.replace("\"stable\" : null", "\"stable\" : \"m1\""), "history"},
                    {
                        good.replace("\"format_version\" : 1", "\"format_version\" : 3"),
                        "format_version 3"
                    },
                    {good.replace("\"candidates\"", "\"candidate\""), "candidate"},
                    {good.replace("2025-06-09T04:00:00Z", "noon"), "noon"},
                    {"", "registry.json"}
                }) {
            Files.writeString(file, bad[0]);
            assertThatThrownBy(r::list)
                    .as(bad[0])
                    .isInstanceOfSatisfying(
                            ModelRegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_REGISTRY))
                    .hasMessageContaining("registry.json")
                    .hasMessageContaining(bad[1]);
            assertThatThrownBy(() -> r.promote("m1")).isInstanceOf(ModelRegistryException.class);
            assertThat(Files.readString(file)).isEqualTo(bad[0]);
        }
    }

    @Test
    void readsRegistryWrittenByHandWithoutRevision() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        Path file = tmp.resolve("registry/registry.json");
        Files.writeString(file, Files.readString(file).replaceFirst("\"revision\" : \\d+,", ""));
        assertThat(r.state().revision()).isZero();
        r.promote("m1");
        assertThat(r.state().revision()).isEqualTo(1);
    }

    @Test
    void detectsConcurrentUpdateAndRecordsNothing() throws Exception {
        Path root = tmp.resolve("registry");
        ModelRegistry plain = TestingBundles.open(root);
        plain.register(TestingBundles.writer("m1"));
        plain.register(TestingBundles.writer("m2"));
        // another writer that bypassed the lock (an object store has no atomic create) commits
        // between this operation's read and its write
        Runnable intruder =
                () -> {
                    try {
                        RegistryState s = plain.state();
                        StoredFiles.replaceAtomically(
                                new org.apache.flink.core.fs.Path(
                                        root.resolve("registry.json").toUri()),
                                RegistryStateCodec.toJson(s.withRevision(s.revision() + 1)));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
        ModelRegistry racing =
                new ModelRegistry(
                                new org.apache.flink.core.fs.Path(root.toUri()),
                                Clock.systemUTC(),
                                intruder)
                        .withTrust(TestingBundles.TRUST);
        assertThatThrownBy(() -> racing.promote("m1"))
                .isInstanceOfSatisfying(
                        ModelRegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CONCURRENT_UPDATE))
                .hasMessageContaining("changed from revision 2 to 3");
        assertThat(plain.stableVersion()).isEmpty();
        assertThat(plain.state().revision()).isEqualTo(3);

        // a register that lost the race leaves no bundle behind, so a retry succeeds
        assertThatThrownBy(() -> racing.register(TestingBundles.writer("m3")))
                .isInstanceOfSatisfying(
                        ModelRegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CONCURRENT_UPDATE));
        assertThat(Files.exists(root.resolve("models/m3"))).isFalse();
        plain.register(TestingBundles.writer("m3"));
        assertThat(plain.verify("m3")).isEmpty();
    }

    @Test
    void heldLockIsAClearErrorNamingItsHolder() throws Exception {
        ModelRegistry r = registry();
        r.register(TestingBundles.writer("m1"));
        Files.writeString(
                tmp.resolve("registry/registry.lock"), "4242@build-host 2025-06-09T03:59:00Z t");
        assertThatThrownBy(() -> r.promote("m1"))
                .isInstanceOfSatisfying(
                        ModelRegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED))
                .hasMessageContaining("4242@build-host")
                .hasMessageContaining("registry.lock");
        assertThat(r.stableVersion()).isEmpty();
        Files.delete(tmp.resolve("registry/registry.lock"));
        r.promote("m1");
        assertThat(r.stableVersion()).contains("m1");
    }

    @Test
    void releasesOnlyItsOwnLock() throws Exception {
        Path root = tmp.resolve("registry");
        Path lock = root.resolve("registry.lock");
        // an operator deletes the lock while the operation runs and another writer takes it
        Runnable takeover =
                () -> {
                    try {
                        Files.writeString(lock, "99@elsewhere 2025-06-09T04:00:00Z other-token");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
        ModelRegistry r =
                new ModelRegistry(
                                new org.apache.flink.core.fs.Path(root.toUri()),
                                Clock.systemUTC(),
                                takeover)
                        .withTrust(TestingBundles.TRUST);
        r.register(TestingBundles.writer("m1"));
        assertThat(Files.readString(lock)).contains("other-token");
        assertThat(TestingBundles.open(root).list()).hasSize(1);
    }

    @Test
    void concurrentWritersNeverLoseAnUpdate() throws Exception {
        Path root = tmp.resolve("registry");
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < writers; i++) {
                String version = "m" + i;
                results.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    ModelRegistry r = TestingBundles.open(root);
                                    // retry on the two typed contention errors, as a caller would
                                    for (int attempt = 0; attempt < 500; attempt++) {
                                        try {
                                            r.register(TestingBundles.writer(version));
                                            return true;
                                        } catch (ModelRegistryException e) {
                                            if (e.reason() != Reason.LOCKED
                                                    && e.reason() != Reason.CONCURRENT_UPDATE) {
                                                failures.add(e.getMessage());
                                                return false;
                                            }
                                            Thread.sleep(2);
                                        }
                                    }
                                    return false;
                                }));
            }
            start.countDown();
            for (Future<Boolean> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        RegistryState state = TestingBundles.open(root).state();
        assertThat(state.candidates()).hasSize(writers);
        assertThat(state.revision()).isEqualTo(writers);
        assertThat(state.history()).hasSize(writers);
    }

    @Test
    void opensRegistryByFileUri() throws Exception {
        String uri = tmp.resolve("by-uri").toUri().toString();
        ModelRegistry r = TestingBundles.open(uri);
        r.register(TestingBundles.writer("m1"));
        assertThat(TestingBundles.open(tmp.resolve("by-uri")).list()).hasSize(1);
        ModelRegistry plain = TestingBundles.open(tmp.resolve("plain").toAbsolutePath().toString());
        plain.register(TestingBundles.writer("m1"));
        plain.promote("m1");
        assertThat(TestingBundles.open(tmp.resolve("plain")).stableVersion()).contains("m1");
    }
}
