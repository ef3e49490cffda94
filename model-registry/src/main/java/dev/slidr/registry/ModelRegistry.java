package dev.slidr.registry;

import dev.slidr.registry.ModelRegistryException.Reason;
import dev.slidr.registry.RegistryState.Action;
import dev.slidr.registry.RegistryState.HistoryEntry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.core.fs.Path;

/**
 * The model registry: a directory (local or any Flink file system URI) with {@code
 * models/<version>/} bundles and {@code registry.json}, which records the stable version, the
 * registered candidates and the history.
 *
 * <pre>{@code
 * ModelRegistry registry = ModelRegistry.open("s3://slidr/registry");
 * BundleManifest m = registry.register(writer);        // written, verified, a candidate
 * registry.promote(m.modelVersion());                  // verified again, now stable
 * ModelBundle live = registry.stable().orElseThrow();  // loaded and verified
 * registry.rollback();                                 // back to the previous stable
 * }</pre>
 *
 * <p>Every change of {@code registry.json} takes {@code registry.lock}, reads the state, applies
 * the change, re-reads the state and checks that its {@code revision} did not move (else {@link
 * Reason#CONCURRENT_UPDATE}), then writes the new state with {@code revision + 1} to a temp file
 * and renames it over {@code registry.json}. Readers never take the lock: they see the old or the
 * new file, never a part of one.
 *
 * <p>Every load ({@link #load}, {@link #stable}, {@link #promote}, {@link #rollback}, {@link
 * #verify}, registering a bundle by path) checks the manifest's signature against the registry's
 * {@link BundleTrust}: by default the keys named by {@code SLIDR_TRUSTED_KEYS}, unsigned bundles
 * refused. Set another with {@link #withTrust}.
 */
public final class ModelRegistry {

    /** The registry file's name. */
    public static final String REGISTRY_FILE = "registry.json";

    /** The directory of bundles. */
    public static final String MODELS_DIR = "models";

    private final Path root;
    private final Clock clock;
    private final Runnable beforeCommit;
    private final BundleTrust trust;

    ModelRegistry(Path root, Clock clock, Runnable beforeCommit) {
        this(root, clock, beforeCommit, BundleTrust.fromEnvironment());
    }

    private ModelRegistry(Path root, Clock clock, Runnable beforeCommit, BundleTrust trust) {
        this.root = root;
        this.clock = clock;
        this.beforeCommit = beforeCommit;
        this.trust = trust;
    }

    /**
     * A registry at a Flink path; nothing is created until the first change. Signatures are checked
     * against {@link BundleTrust#fromEnvironment()}.
     */
    public static ModelRegistry open(Path root) {
        return new ModelRegistry(root, Clock.systemUTC(), () -> {});
    }

    /** A registry at a URI ({@code file:///...}, {@code s3://...}) or a local path. */
    public static ModelRegistry open(String uri) {
        return open(new Path(uri));
    }

    /** A registry in a local directory. */
    public static ModelRegistry open(java.nio.file.Path dir) {
        return open(StoredFiles.local(dir));
    }

    /** The same registry with another clock (for history timestamps). */
    public ModelRegistry withClock(Clock otherClock) {
        return new ModelRegistry(root, otherClock, beforeCommit, trust);
    }

    /** The same registry, checking bundle signatures against {@code otherTrust}. */
    public ModelRegistry withTrust(BundleTrust otherTrust) {
        return new ModelRegistry(root, clock, beforeCommit, otherTrust);
    }

    /** The trust bundle signatures are checked against. */
    public BundleTrust trust() {
        return trust;
    }

    public Path root() {
        return root;
    }

    /** The directory a version's bundle lives in. */
    public Path bundleDir(String version) {
        BundleManifest.requireVersion(version, "model version");
        return new Path(new Path(root, MODELS_DIR), version);
    }

    /** Whether {@code registry.json} exists (a registry that was never written has none). */
    public boolean exists() throws IOException {
        return StoredFiles.exists(new Path(root, REGISTRY_FILE));
    }

    /** The current state; an empty state when {@code registry.json} does not exist yet. */
    public RegistryState state() throws IOException {
        Path file = new Path(root, REGISTRY_FILE);
        byte[] bytes;
        try {
            bytes = StoredFiles.readAll(file, RegistryStateCodec.MAX_REGISTRY_BYTES);
        } catch (FileNotFoundException e) {
            return RegistryState.empty();
        }
        return RegistryStateCodec.fromJson(bytes, file.toString());
    }

    /** The stable version, if any. */
    public Optional<String> stableVersion() throws IOException {
        return state().stableVersion();
    }

    /** The stable model, loaded and verified. */
    public Optional<ModelBundle> stable() throws IOException, BundleVerificationException {
        Optional<String> version = stableVersion();
        return version.isEmpty() ? Optional.empty() : Optional.of(load(version.get()));
    }

    /** A registered model, loaded and verified (checksums and signature). */
    public ModelBundle load(String version) throws IOException, BundleVerificationException {
        requireRegistered(state(), version);
        return ModelBundle.load(bundleDir(version), trust);
    }

    /** The history, oldest first. */
    public List<HistoryEntry> history() throws IOException {
        return state().history();
    }

    /** Every registered model, in registration order, with its manifest (read, not verified). */
    public List<ModelEntry> list() throws IOException {
        RegistryState state = state();
        List<ModelEntry> entries = new ArrayList<>();
        for (String version : state.candidates()) {
            entries.add(entry(state, version));
        }
        return entries;
    }

    /** One registered model with its manifest (read, not verified). */
    public ModelEntry show(String version) throws IOException {
        RegistryState state = state();
        requireRegistered(state, version);
        return entry(state, version);
    }

    /**
     * Verifies a registered model's files and signature; an empty list means it is intact and
     * trusted.
     */
    public List<BundleVerificationException.Problem> verify(String version) throws IOException {
        requireRegistered(state(), version);
        return BundleVerifier.check(bundleDir(version), trust);
    }

    /**
     * Writes a bundle into {@code models/<version>/}, verifies it and registers it as a candidate.
     *
     * @throws ModelRegistryException ALREADY_REGISTERED, REFUSED_VERSION,
     *     UNREGISTERED_BUNDLE_EXISTS, LOCKED, CONCURRENT_UPDATE, CORRUPT_REGISTRY
     */
    public BundleManifest register(BundleWriter writer)
            throws IOException, BundleVerificationException {
        String version = writer.modelVersion();
        requireGuardrailsPassed(writer.manifest());
        Path dir = bundleDir(version);
        BundleManifest[] written = new BundleManifest[1];
        try {
            change(
                    state -> {
                        requireRegistrable(state, version);
                        prepareTarget(dir);
                        written[0] = writer.writeTo(dir);
                        ModelBundle.load(dir, writtenTrust(writer));
                        return registered(state, version, "written into the registry");
                    },
                    () -> null);
        } catch (IOException | BundleVerificationException | RuntimeException e) {
            // a bundle this call wrote but did not register would block a retry
            if (written[0] != null) {
                StoredFiles.deleteQuietly(dir);
            }
            throw e;
        }
        return written[0];
    }

    /**
     * Verifies a bundle directory, copies it into {@code models/<version>/} (unless it is already
     * there) and registers it as a candidate. A signature must be by a trusted key; an unsigned
     * bundle is registered (it is refused when loaded, unless unsigned bundles are allowed).
     */
    public BundleManifest register(Path bundle) throws IOException, BundleVerificationException {
        ModelBundle source = ModelBundle.load(bundle, trust.allowingUnsigned(true));
        requireGuardrailsPassed(source.manifest());
        String version = source.version();
        Path dir = bundleDir(version);
        boolean inPlace = sameLocation(bundle, dir);
        boolean[] copied = new boolean[1];
        try {
            change(
                    state -> {
                        requireRegistrable(state, version);
                        if (!inPlace) {
                            prepareTarget(dir);
                            copied[0] = true;
                            copy(source, dir);
                        }
                        ModelBundle.load(dir, trust.allowingUnsigned(true));
                        return registered(
                                state,
                                version,
                                inPlace ? "registered in place" : "copied from " + bundle);
                    },
                    () -> null);
        } catch (IOException | BundleVerificationException | RuntimeException e) {
            if (copied[0]) {
                StoredFiles.deleteQuietly(dir);
            }
            throw e;
        }
        return source.manifest();
    }

    /** Registers a bundle from a local directory. */
    public BundleManifest register(java.nio.file.Path bundle)
            throws IOException, BundleVerificationException {
        return register(StoredFiles.local(bundle));
    }

    /** The outcome of {@link #registerOrRefuse}. */
    public record Submission(BundleManifest manifest, boolean registered, List<String> reasons) {
        public Submission {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * Registers the bundle when every guardrail in its manifest passed; otherwise records the
     * refusal (one reason per failed guardrail) and writes nothing into {@code models/}.
     */
    public Submission registerOrRefuse(BundleWriter writer)
            throws IOException, BundleVerificationException {
        BundleManifest manifest = writer.manifest();
        List<String> reasons = failedGuardrails(manifest);
        if (!reasons.isEmpty()) {
            refuse(manifest.modelVersion(), reasons);
            return new Submission(manifest, false, reasons);
        }
        return new Submission(register(writer), true, List.of());
    }

    /**
     * Records that a model was refused by its guardrails. It is not registered (and can never be).
     *
     * @throws ModelRegistryException ALREADY_REGISTERED when the version is registered
     */
    public void refuse(String version, List<String> reasons) throws IOException {
        BundleManifest.requireVersion(version, "model version");
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one reason");
        }
        try {
            change(
                    state -> {
                        if (state.isRegistered(version)) {
                            throw new ModelRegistryException(
                                    Reason.ALREADY_REGISTERED,
                                    "model " + version + " is registered; it cannot be refused");
                        }
                        return state.with(
                                state.stable(),
                                state.candidates(),
                                entry(Action.REFUSE, version, String.join("; ", reasons)));
                    },
                    () -> null);
        } catch (BundleVerificationException e) {
            throw new IllegalStateException("refusing verifies nothing", e);
        }
    }

    /**
     * Makes a registered model stable, after verifying its files. Promoting the stable model again
     * changes nothing.
     *
     * @throws ModelRegistryException UNKNOWN_VERSION (or REFUSED_VERSION) when it is not registered
     * @throws BundleVerificationException when its files do not match its manifest
     */
    public ModelBundle promote(String version) throws IOException, BundleVerificationException {
        return promote(version, null);
    }

    /**
     * Who made a change and why, written into the history entry's detail beside what changed (the
     * entry's time is when).
     *
     * @param by the person or process that made the change
     * @param why the reason given, or empty
     */
    public record ChangeNote(String by, String why) {
        public ChangeNote {
            Objects.requireNonNull(by, "by");
            why = why == null ? "" : why;
        }

        String appendTo(String detail) {
            return detail + "; by " + by + (why.isEmpty() ? "" : ": " + why);
        }
    }

    /** {@link #promote(String)}, recording who and why ({@code note} may be null). */
    public ModelBundle promote(String version, ChangeNote note)
            throws IOException, BundleVerificationException {
        ModelBundle[] loaded = new ModelBundle[1];
        change(
                state -> {
                    requireRegistered(state, version);
                    loaded[0] = ModelBundle.load(bundleDir(version), trust);
                    requireGuardrailsPassed(loaded[0].manifest());
                    if (version.equals(state.stable())) {
                        return state;
                    }
                    String detail =
                            state.stable() == null
                                    ? "first stable model"
                                    : "replaces " + state.stable();
                    return state.with(
                            version,
                            state.candidates(),
                            entry(
                                    Action.PROMOTE,
                                    version,
                                    note == null ? detail : note.appendTo(detail)));
                },
                () -> null);
        return loaded[0];
    }

    /**
     * Makes the previous stable model (the one the history promoted before the current one) stable
     * again, after verifying its files.
     *
     * @throws ModelRegistryException NO_STABLE, NO_ROLLBACK_TARGET
     * @throws BundleVerificationException when the previous model's files do not match
     */
    public ModelBundle rollback() throws IOException, BundleVerificationException {
        return rollback(null);
    }

    /** {@link #rollback()}, recording who and why ({@code note} may be null). */
    public ModelBundle rollback(ChangeNote note) throws IOException, BundleVerificationException {
        ModelBundle[] loaded = new ModelBundle[1];
        change(
                state -> {
                    if (state.stable() == null) {
                        throw new ModelRegistryException(
                                Reason.NO_STABLE,
                                "the registry at " + root + " has no stable model to roll back");
                    }
                    List<String> lineage = state.stableLineage();
                    if (lineage.size() < 2) {
                        throw new ModelRegistryException(
                                Reason.NO_ROLLBACK_TARGET,
                                "no earlier stable model to roll back to: "
                                        + state.stable()
                                        + " is the first stable model in the history");
                    }
                    String target = lineage.get(lineage.size() - 2);
                    loaded[0] = ModelBundle.load(bundleDir(target), trust);
                    return state.with(
                            target,
                            state.candidates(),
                            entry(
                                    Action.ROLLBACK,
                                    target,
                                    note == null
                                            ? "from " + state.stable()
                                            : note.appendTo("from " + state.stable())));
                },
                () -> null);
        return loaded[0];
    }

    /**
     * Makes {@code target} stable again because the job rolled back from {@code from} to it (the
     * rollback guard's change), after verifying its files; recorded as a rollback from {@code
     * from}. When {@code from} is the stable model and {@code target} the one promoted before it,
     * this is {@link #rollback(ChangeNote)}. When {@code target} is already stable ({@code from}
     * was activated in the job without being promoted here), the entry is added and the lineage
     * stays as it was. Recording the same rollback twice in a row changes nothing.
     *
     * @throws ModelRegistryException UNKNOWN_VERSION when {@code target} is not registered,
     *     NO_ROLLBACK_TARGET when the stable model is neither {@code from} nor {@code target}, or
     *     {@code target} is not the model promoted before {@code from}
     * @throws BundleVerificationException when {@code target}'s files do not match its manifest
     */
    public ModelBundle rollbackTo(String target, String from, ChangeNote note)
            throws IOException, BundleVerificationException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(note, "note");
        ModelBundle[] loaded = new ModelBundle[1];
        change(
                state -> {
                    requireRegistered(state, target);
                    loaded[0] = ModelBundle.load(bundleDir(target), trust);
                    List<String> lineage = state.stableLineage();
                    boolean fromStable =
                            from.equals(state.stable())
                                    && lineage.size() >= 2
                                    && lineage.get(lineage.size() - 2).equals(target);
                    if (!fromStable && !target.equals(state.stable())) {
                        throw new ModelRegistryException(
                                Reason.NO_ROLLBACK_TARGET,
                                "cannot record a rollback from "
                                        + from
                                        + " to "
                                        + target
                                        + ": the stable model is "
                                        + state.stable()
                                        + ", and "
                                        + target
                                        + " is not the one promoted before "
                                        + from);
                    }
                    List<HistoryEntry> history = state.history();
                    String detail = note.appendTo("from " + from);
                    if (!history.isEmpty()) {
                        HistoryEntry last = history.get(history.size() - 1);
                        if (last.action() == Action.ROLLBACK
                                && last.version().equals(target)
                                && last.detail().equals(detail)) {
                            return state;
                        }
                    }
                    return state.with(
                            target, state.candidates(), entry(Action.ROLLBACK, target, detail));
                },
                () -> null);
        return loaded[0];
    }

    /**
     * Records that a registered model, its files verified, scores beside the stable one in the
     * running job (the caller writes the {@code shadow} command). The stable model does not change;
     * a second shadow replaces the first, as in the job.
     *
     * @throws ModelRegistryException UNKNOWN_VERSION (or REFUSED_VERSION) when it is not registered
     * @throws BundleVerificationException when its files do not match its manifest
     */
    public ModelBundle shadow(String version, ChangeNote note)
            throws IOException, BundleVerificationException {
        ModelBundle[] loaded = new ModelBundle[1];
        change(
                state -> {
                    requireRegistered(state, version);
                    loaded[0] = ModelBundle.load(bundleDir(version), trust);
                    String detail =
                            "beside "
                                    + (state.stable() == null ? "no stable model" : state.stable())
                                    + state.shadowVersion()
                                            .map(previous -> ", replaces shadow " + previous)
                                            .orElse("");
                    return state.with(
                            state.stable(),
                            state.candidates(),
                            entry(
                                    Action.SHADOW,
                                    version,
                                    note == null ? detail : note.appendTo(detail)));
                },
                () -> null);
        return loaded[0];
    }

    /**
     * Records that shadow scoring stops (the caller writes the {@code unshadow} command).
     *
     * @return the version that was shadowed
     * @throws ModelRegistryException NO_SHADOW when the history records no running shadow
     */
    public String unshadow(ChangeNote note) throws IOException, BundleVerificationException {
        String[] stopped = new String[1];
        change(
                state -> {
                    stopped[0] =
                            state.shadowVersion()
                                    .orElseThrow(
                                            () ->
                                                    new ModelRegistryException(
                                                            Reason.NO_SHADOW,
                                                            "the registry at "
                                                                    + root
                                                                    + " records no shadow model"
                                                                    + " to stop"));
                    String detail = "stops shadow scoring";
                    return state.with(
                            state.stable(),
                            state.candidates(),
                            entry(
                                    Action.UNSHADOW,
                                    stopped[0],
                                    note == null ? detail : note.appendTo(detail)));
                },
                () -> null);
        return stopped[0];
    }

    /** A change of the state; may do I/O (writing, verifying bundles) while the lock is held. */
    @FunctionalInterface
    private interface Change {
        RegistryState apply(RegistryState current) throws IOException, BundleVerificationException;
    }

    /** What a change returns once committed. */
    @FunctionalInterface
    private interface Result<T> {
        T get() throws IOException, BundleVerificationException;
    }

    // the lock is held for the block's duration, not used in it
    @SuppressWarnings("try")
    private <T> T change(Change change, Result<T> result)
            throws IOException, BundleVerificationException {
        if (!root.getFileSystem().mkdirs(root)) {
            throw new IOException("cannot create the registry directory " + root);
        }
        try (RegistryLock lock = RegistryLock.acquire(root, clock)) {
            RegistryState before = state();
            RegistryState after = change.apply(before);
            if (after != before) {
                beforeCommit.run();
                RegistryState now = state();
                if (now.revision() != before.revision()) {
                    throw new ModelRegistryException(
                            Reason.CONCURRENT_UPDATE,
                            "registry.json at "
                                    + root
                                    + " changed from revision "
                                    + before.revision()
                                    + " to "
                                    + now.revision()
                                    + " during this operation; nothing was recorded, retry");
                }
                StoredFiles.replaceAtomically(
                        new Path(root, REGISTRY_FILE),
                        RegistryStateCodec.toJson(after.withRevision(before.revision() + 1)));
            }
        }
        return result.get();
    }

    private RegistryState registered(RegistryState state, String version, String detail) {
        List<String> candidates = new ArrayList<>(state.candidates());
        candidates.add(version);
        return state.with(state.stable(), candidates, entry(Action.REGISTER, version, detail));
    }

    private HistoryEntry entry(Action action, String version, String detail) {
        return new HistoryEntry(clock.instant(), action, version, detail);
    }

    private ModelEntry entry(RegistryState state, String version) {
        boolean stable = version.equals(state.stable());
        Path manifestFile = new Path(bundleDir(version), BundleManifest.MANIFEST_FILE);
        try {
            BundleManifest manifest =
                    ManifestCodec.fromJson(
                            StoredFiles.readAll(manifestFile, ManifestCodec.MAX_MANIFEST_BYTES));
            return new ModelEntry(
                    version, stable, state.registeredAt(version).orElse(null), manifest, null);
        } catch (FileNotFoundException e) {
            return new ModelEntry(
                    version,
                    stable,
                    state.registeredAt(version).orElse(null),
                    null,
                    "manifest.json is missing");
        } catch (IOException | InvalidManifestException e) {
            return new ModelEntry(
                    version,
                    stable,
                    state.registeredAt(version).orElse(null),
                    null,
                    e.getMessage());
        }
    }

    /** A bundle this registry wrote: its own signer's key is trusted, unsigned is accepted. */
    private BundleTrust writtenTrust(BundleWriter writer) {
        BundleTrust written = trust.allowingUnsigned(true);
        return writer.signer() == null ? written : written.trusting(writer.signer().publicKey());
    }

    private void requireRegistered(RegistryState state, String version)
            throws ModelRegistryException {
        BundleManifest.requireVersion(version, "model version");
        if (state.isRegistered(version)) {
            return;
        }
        Optional<HistoryEntry> refusal = state.refusal(version);
        if (refusal.isPresent()) {
            throw new ModelRegistryException(
                    Reason.REFUSED_VERSION,
                    "model "
                            + version
                            + " was refused at "
                            + refusal.get().ts()
                            + " ("
                            + refusal.get().detail()
                            + ") and is not registered");
        }
        throw new ModelRegistryException(
                Reason.UNKNOWN_VERSION,
                "model "
                        + version
                        + " is not registered in "
                        + root
                        + (state.candidates().isEmpty()
                                ? " (the registry is empty)"
                                : " (registered: " + String.join(", ", state.candidates()) + ")"));
    }

    private static List<String> failedGuardrails(BundleManifest manifest) {
        return manifest.failedGuardrails().stream()
                .map(g -> g.detail().isEmpty() ? g.name() : g.name() + ": " + g.detail())
                .toList();
    }

    private static void requireGuardrailsPassed(BundleManifest manifest)
            throws ModelRegistryException {
        List<String> failed = failedGuardrails(manifest);
        if (!failed.isEmpty()) {
            throw new ModelRegistryException(
                    Reason.GUARDRAILS_FAILED,
                    "model "
                            + manifest.modelVersion()
                            + " failed its guardrails ("
                            + String.join("; ", failed)
                            + "); refuse it instead of registering it");
        }
    }

    private void requireRegistrable(RegistryState state, String version)
            throws ModelRegistryException {
        if (state.isRegistered(version)) {
            throw new ModelRegistryException(
                    Reason.ALREADY_REGISTERED, "model " + version + " is already registered");
        }
        Optional<HistoryEntry> refusal = state.refusal(version);
        if (refusal.isPresent()) {
            throw new ModelRegistryException(
                    Reason.REFUSED_VERSION,
                    "model "
                            + version
                            + " was refused at "
                            + refusal.get().ts()
                            + " ("
                            + refusal.get().detail()
                            + "); a refused model is never registered");
        }
    }

    /**
     * Clears the leftovers of a write that crashed before its manifest (which no loader accepts);
     * refuses to touch a complete but unregistered bundle.
     */
    private static void prepareTarget(Path dir) throws IOException {
        if (StoredFiles.list(dir).isEmpty()) {
            return;
        }
        if (StoredFiles.exists(new Path(dir, BundleManifest.MANIFEST_FILE))) {
            throw new ModelRegistryException(
                    Reason.UNREGISTERED_BUNDLE_EXISTS,
                    "bundle directory "
                            + dir
                            + " exists but is not registered; register it by path or remove it");
        }
        if (!dir.getFileSystem().delete(dir, true)) {
            throw new IOException("cannot remove the incomplete bundle directory " + dir);
        }
    }

    private static void copy(ModelBundle source, Path dir) throws IOException {
        if (!dir.getFileSystem().mkdirs(dir)) {
            throw new IOException("cannot create bundle directory " + dir);
        }
        for (Map.Entry<String, byte[]> f : source.files().entrySet()) {
            StoredFiles.writeNew(new Path(dir, f.getKey()), f.getValue());
        }
        if (source.signatureBytes() != null) {
            StoredFiles.writeNew(new Path(dir, SignatureFile.NAME), source.signatureBytes());
        }
        StoredFiles.replaceAtomically(
                new Path(dir, BundleManifest.MANIFEST_FILE), source.manifestBytes());
    }

    private static boolean sameLocation(Path a, Path b) throws IOException {
        return qualified(a).equals(qualified(b));
    }

    /** scheme://authority/path; Flink writes an empty authority as "file:///" or "file:/". */
    private static String qualified(Path p) throws IOException {
        java.net.URI uri = p.makeQualified(p.getFileSystem()).toUri().normalize();
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
        return uri.getScheme() + "://" + authority + path;
    }

    /**
     * Fails when another writer holds the registry's lock: the run could not register its model at
     * the end. The lock names its holder; a lock whose process is gone is left by a crash.
     */
    public static void requireUnlocked(java.nio.file.Path root) throws IOException {
        java.nio.file.Path lock = root.resolve(RegistryLock.LOCK_FILE);
        if (!Files.exists(lock)) {
            return;
        }
        String holder;
        try (var in = Files.newInputStream(lock)) {
            holder = new String(in.readNBytes(512), StandardCharsets.UTF_8).strip();
        }
        throw new IOException(
                "the registry "
                        + root
                        + " is locked: "
                        + lock
                        + " says \""
                        + holder
                        + "\" (pid@host, since when, token), a writer of registry.json; wait for"
                        + " it, or if no process with that pid runs on that host, it was left by a"
                        + " crash: delete "
                        + lock
                        + " and train again");
    }
}
